import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { encodeIdx, isGzip, readIdx, readIdxFile } from "./idx.ts";

const IMAGES = encodeIdx([2, 2, 3], Uint8Array.from({ length: 12 }, (_, i) => i * 20));
const LABELS = encodeIdx([2], new Uint8Array([7, 3]));

Deno.test("readIdx() parses raw images and labels files from their headers", () => {
  const images = readIdx(IMAGES, "imgs");
  assertEquals(images.dims, [2, 2, 3]);
  assertEquals(Array.from(images.data), Array.from({ length: 12 }, (_, i) => i * 20));
  assertEquals(readIdx(LABELS, "labels"), { dims: [2], data: new Uint8Array([7, 3]) });
  // header bytes as in the MNIST spec: 0x00000803, then big-endian sizes
  assertEquals(Array.from(IMAGES.subarray(0, 8)), [0, 0, 8, 3, 0, 0, 0, 2]);
});

Deno.test("readIdx() gunzips gzip input", () => {
  const gz = new Uint8Array(gzipSync(IMAGES));
  assertEquals(isGzip(gz), true);
  assertEquals(isGzip(IMAGES), false);
  assertEquals(readIdx(gz, "imgs.gz"), readIdx(IMAGES, "imgs"));
});

Deno.test("readIdx() rejects a wrong magic number, naming the file and the value", () => {
  const bad = IMAGES.slice();
  bad[2] = 0x0d; // float32 type byte
  assertThrows(
    () => readIdx(bad, "train-images.gz"),
    SyntaxError,
    "Cannot read IDX file 'train-images.gz' as its magic number must be 2051 or 2049: current value is 3331",
  );
  assertThrows(() => readIdx(new TextEncoder().encode("<html>"), "x.gz"), SyntaxError, "magic");
});

Deno.test("readIdx() rejects truncated files", async (t) => {
  const cases: [string, Uint8Array, string][] = [
    ["empty", new Uint8Array(0), "holds only 0 bytes"],
    ["cut in the header", IMAGES.subarray(0, 10), "holds only 10 bytes (truncated)"],
    ["cut in the data", IMAGES.subarray(0, IMAGES.length - 1), "found only 11 (truncated)"],
  ];
  for (const [name, bytes, message] of cases) {
    await t.step(name, () => {
      const e = assertThrows(() => readIdx(bytes, "t.idx"), SyntaxError, message);
      assertEquals(e.message.startsWith("Cannot read IDX file 't.idx' as"), true);
    });
  }
});

Deno.test("readIdx() rejects trailing bytes after the data", () => {
  const long = new Uint8Array(LABELS.length + 3);
  long.set(LABELS);
  assertThrows(() => readIdx(long, "l.idx"), SyntaxError, "found 5, 3 more than that");
});

Deno.test("readIdx() rejects corrupt and cut gzip streams", async (t) => {
  const gz = new Uint8Array(gzipSync(IMAGES));
  await t.step("cut short", () => {
    assertThrows(
      () => readIdx(gz.subarray(0, gz.length - 6), "cut.gz"),
      SyntaxError,
      "Cannot read IDX file 'cut.gz' as gzip data: the gzip stream is corrupt or cut short",
    );
  });
  await t.step("flipped bytes", () => {
    const bad = gz.slice();
    for (let i = 12; i < bad.length - 8; i++) bad[i] ^= 0x5a;
    assertThrows(() => readIdx(bad, "bad.gz"), SyntaxError, "'bad.gz' as gzip data");
  });
});

Deno.test("readIdxFile() reads a file and names it in errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(join(dir, "ok.gz"), gzipSync(LABELS));
    assertEquals((await readIdxFile(join(dir, "ok.gz"))).dims, [2]);
    await Deno.writeFile(join(dir, "short.idx"), LABELS.subarray(0, 9));
    await assertRejects(
      () => readIdxFile(join(dir, "short.idx")),
      SyntaxError,
      "Cannot read IDX file 'short.idx' as",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("encodeIdx() rejects data that does not match the dimensions", () => {
  assertThrows(() => encodeIdx([2, 2], new Uint8Array(3)), RangeError, "need 4 bytes");
});
