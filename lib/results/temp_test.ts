import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import {
  parseTempName,
  sweepStaleTemps,
  tempOwnerAlive,
  tempPathFor,
  withTempPath,
} from "./temp.ts";
import { replaceFolder, writeFileAtomic } from "./atomic.ts";

/** A pid no process has (above Linux's limit). */
const DEAD_PID = 999_999_999;

Deno.test("tempPathFor() names a temp path after its target and this process", () => {
  const path = tempPathFor("/data/triple_mnist", { kind: "tmp" });
  const name = parseTempName(path.slice("/data/".length))!;
  assertEquals([name.target, name.kind, name.pid], ["triple_mnist", "tmp", Deno.pid]);
  assert(tempOwnerAlive(name, Date.now()), "this process is alive");
  const partial = tempPathFor("/r/html/01_a", { kind: "partial", ext: ".ipynb" });
  assertEquals(parseTempName(partial.slice("/r/html/".length))?.target, "01_a");
  assertEquals(parseTempName("metrics.json"), undefined);
  assertEquals(parseTempName(".cache"), undefined);
});

Deno.test("parseTempName() knows the names of earlier versions", () => {
  for (
    const name of [
      ".3f2a6c1e-9b7d-4f5a-8c2e-1d4b6a8f0e3c.tmp",
      ".triple_mnist.tmp-3f2a6c1e-9b7d-4f5a-8c2e-1d4b6a8f0e3c",
      ".train-images-idx3-ubyte.gz.3f2a6c1e-9b7d-4f5a-8c2e-1d4b6a8f0e3c.download",
      ".01_mnist_mlp_vs_cnn.1a2b3c4d.partial.ipynb",
    ]
  ) {
    const parsed = parseTempName(name);
    assert(parsed !== undefined, name);
    assertEquals(parsed.pid, undefined);
    assert(!tempOwnerAlive(parsed, Date.now() - 2 * 3600_000), "abandoned after an hour");
    assert(tempOwnerAlive(parsed, Date.now()), "a young one may still be written");
  }
});

Deno.test("sweepStaleTemps() removes what dead processes left, keeps live ones and other files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const dead = join(dir, `.model.tmp-${DEAD_PID}-1-abc`);
    await Deno.mkdir(join(dead, "inner"), { recursive: true });
    await Deno.writeTextFile(join(dir, `.metrics.json.tmp-${DEAD_PID}-7-x`), "{");
    const mine = tempPathFor(join(dir, "mine.json"));
    await Deno.writeTextFile(mine, "being written");
    await Deno.writeTextFile(join(dir, "metrics.json"), "{}");
    await Deno.writeTextFile(join(dir, ".hidden"), "kept");
    const removed = await sweepStaleTemps(dir);
    assertEquals(removed.length, 2);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      ".hidden",
      mine.slice(dir.length + 1),
      "metrics.json",
    ]);
    assertEquals((await sweepStaleTemps(dir, { evenIfOwned: true })).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweepStaleTemps() puts back a folder a killed replacement had moved aside", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // killed between moving the old folder aside and renaming the new one in
    await Deno.mkdir(join(dir, `.model.old-${DEAD_PID}-1-a`));
    await Deno.writeTextFile(join(dir, `.model.old-${DEAD_PID}-1-a`, "weights.bin"), "old");
    await Deno.mkdir(join(dir, `.model.tmp-${DEAD_PID}-1-b`));
    await sweepStaleTemps(dir, { target: "model" });
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["model"]);
    assertEquals(await Deno.readTextFile(join(dir, "model", "weights.bin")), "old");
    // once the new folder is in place, a leftover old one is only garbage
    await Deno.mkdir(join(dir, `.model.old-${DEAD_PID}-1-c`));
    await sweepStaleTemps(dir);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["model"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("withTempPath() removes the temp path when the work fails or stops half-way", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(
      () =>
        withTempPath(join(dir, "out"), async (tmp) => {
          await Deno.mkdir(join(tmp, "half"), { recursive: true });
          throw new Error("disk full");
        }),
      Error,
      "disk full",
    );
    await withTempPath(join(dir, "out2"), async (tmp) => {
      await Deno.writeTextFile(tmp, "never renamed");
    });
    assertEquals([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeFileAtomic() sweeps what a killed write left in its folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, `.metrics.json.tmp-${DEAD_PID}-1-z`), "{ half");
    await writeFileAtomic(join(dir, "metrics.json"), "{}");
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["metrics.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replaceFolder() swaps a complete folder in and removes the old one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const target = join(dir, "set");
    for (const text of ["first", "second"]) {
      await withTempPath(target, async (tmp) => {
        await Deno.mkdir(tmp);
        await Deno.writeTextFile(join(tmp, "a.txt"), text);
        await replaceFolder(tmp, target);
      });
    }
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["set"]);
    assertEquals(await Deno.readTextFile(join(target, "a.txt")), "second");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
