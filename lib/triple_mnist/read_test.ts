import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { generateTripleMnist } from "./generate.ts";
import { fakeMnist, tempDir } from "./_testing.ts";
import { writeTripleMnistFolder } from "./write.ts";
import { readTripleMnistFolder } from "./read.ts";
import { encodeGreyPng } from "./png.ts";
import { readCacheManifest } from "./cache.ts";

const SETS = generateTripleMnist([fakeMnist()], { imagesPerClass: 2, splits: ["val", "test"] });
const VAL_ONLY = generateTripleMnist([fakeMnist()], { imagesPerClass: 1, splits: ["val"] });
const SPLITS = ["val", "test"] as const;

async function written(
  sets = SETS,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const t = await tempDir();
  const dir = join(t.dir, "triple_mnist");
  await writeTripleMnistFolder(sets, dir, { info: { seed: 1 } });
  return { dir, cleanup: t.cleanup };
}

Deno.test("writeTripleMnistFolder() writes the upstream layout atomically", async () => {
  const { dir, cleanup } = await written();
  try {
    assertEquals(Deno.statSync(join(dir, "val", "001", "0_001.png")).isFile, true);
    assertEquals(
      Deno.statSync(join(dir, "test", SETS.test!.labels[0].toString().padStart(3, "0")))
        .isDirectory,
      true,
    );
    assertEquals(JSON.parse(Deno.readTextFileSync(join(dir, "generator.json"))), { seed: 1 });
    // nothing temporary is left beside it
    assertEquals([...Deno.readDirSync(join(dir, ".."))].map((e) => e.name), ["triple_mnist"]);
    // writing again replaces the folder
    await writeTripleMnistFolder({ val: SETS.val }, dir);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["val"]);
  } finally {
    await cleanup();
  }
});

Deno.test("readTripleMnistFolder() round-trips the PNG files, then reads the cache", async () => {
  const { dir, cleanup } = await written();
  try {
    const first = await readTripleMnistFolder(dir, { splits: SPLITS });
    assertEquals(first.fromCache, []);
    for (const name of SPLITS) {
      assertEquals(first.splits[name]!.images, SETS[name]!.images);
      assertEquals(first.splits[name]!.labels, SETS[name]!.labels);
      assertEquals(first.splits[name]!.indexInClass, SETS[name]!.indexInClass);
    }
    const second = await readTripleMnistFolder(dir, { splits: SPLITS });
    assertEquals(second.fromCache, ["val", "test"]);
    assertEquals(second.splits.val!.images, SETS.val!.images);
    assertEquals(second.splits.test!.labels, SETS.test!.labels);
    assertEquals(second.splits.test!.indexInClass, SETS.test!.indexInClass);
  } finally {
    await cleanup();
  }
});

Deno.test("readTripleMnistFolder() rebuilds the cache when a split folder changes", async (t) => {
  const { dir, cleanup } = await written();
  try {
    await readTripleMnistFolder(dir, { splits: SPLITS });
    await t.step("an image rewritten", async () => {
      const changed = new Uint8Array(7056).fill(77);
      await new Promise((r) => setTimeout(r, 20)); // a later modification time
      Deno.writeFileSync(join(dir, "val", "001", "1_001.png"), encodeGreyPng(changed, 84, 84));
      const r = await readTripleMnistFolder(dir, { splits: SPLITS });
      assertEquals(r.fromCache, ["test"]);
      const i = r.splits.val!.labels.indexOf(1) + 1;
      assertEquals(r.splits.val!.images.subarray(i * 7056, (i + 1) * 7056), changed);
      assertEquals((await readTripleMnistFolder(dir, { splits: SPLITS })).fromCache, [
        "val",
        "test",
      ]);
    });
    await t.step("an image added to one class: rejected, the cache kept", async () => {
      Deno.copyFileSync(
        join(dir, "test", "002", "0_002.png"),
        join(dir, "test", "002", "2_002.png"),
      );
      await assertRejects(
        () => readTripleMnistFolder(dir, { splits: SPLITS }),
        RangeError,
        "test/002' as every class must hold 2 images: found 3",
      );
    });
    await t.step("the image removed again", async () => {
      Deno.removeSync(join(dir, "test", "002", "2_002.png"));
      const r = await readTripleMnistFolder(dir, { splits: SPLITS });
      assertEquals(r.fromCache, ["val", "test"]);
      assertEquals(r.splits.test!.images, SETS.test!.images);
    });
    await t.step("a damaged manifest", async () => {
      Deno.writeTextFileSync(join(dir, ".cache", "manifest.json"), "{not json");
      assertEquals(readCacheManifest(join(dir, ".cache")).splits, {});
      const warnings: string[] = [];
      const r = await readTripleMnistFolder(dir, { splits: SPLITS, warn: (w) => warnings.push(w) });
      assertEquals(warnings.length, 1);
      assert(warnings[0].startsWith("Cannot read the Triple-MNIST cache manifest"), warnings[0]);
      assertEquals(r.fromCache, []);
      assertEquals(r.splits.val!.count, SETS.val!.count);
    });
    await t.step("a truncated .bin", async () => {
      Deno.truncateSync(join(dir, ".cache", "test.bin"), 100);
      const warnings: string[] = [];
      const r = await readTripleMnistFolder(dir, { splits: SPLITS, warn: (w) => warnings.push(w) });
      assertEquals(warnings.length, 1);
      assert(warnings[0].includes("test.bin' as it must be"), warnings[0]);
      assertEquals(r.fromCache, ["val"]);
      assertEquals(r.splits.test!.images, SETS.test!.images);
    });
  } finally {
    await cleanup();
  }
});

Deno.test("readTripleMnistFolder() names the file that breaks the layout", async (t) => {
  const cases: [
    string,
    (dir: string) => void,
    ErrorConstructor | typeof Deno.errors.NotFound,
    string,
  ][] = [
    [
      "class folder not of three digits",
      (dir) => Deno.mkdirSync(join(dir, "val", "12a")),
      SyntaxError,
      "12a' as a Triple-MNIST class folder: its name must be three digits",
    ],
    [
      "file of another class",
      (dir) =>
        Deno.copyFileSync(
          join(dir, "val", "001", "0_001.png"),
          join(dir, "val", "001", "0_002.png"),
        ),
      SyntaxError,
      "001/0_002.png' as a Triple-MNIST image: files in folder '001' must be named '<k>_001.png'",
    ],
    [
      "file not a PNG name",
      (dir) => Deno.writeTextFileSync(join(dir, "val", "001", "notes.txt"), "x"),
      SyntaxError,
      "notes.txt' as a Triple-MNIST image",
    ],
    [
      "28×28 image",
      (dir) =>
        Deno.writeFileSync(
          join(dir, "val", "001", "0_001.png"),
          encodeGreyPng(new Uint8Array(784), 28, 28),
        ),
      TypeError,
      "001/0_001.png' as it must be 84×84: found 28×28",
    ],
    [
      "corrupt PNG",
      (dir) => Deno.writeTextFileSync(join(dir, "val", "001", "0_001.png"), "garbage"),
      SyntaxError,
      "001/0_001.png' as a PNG file",
    ],
    [
      "missing split",
      (dir) => Deno.removeSync(join(dir, "val"), { recursive: true }),
      Deno.errors.NotFound,
      "val' as it does not exist",
    ],
  ];
  for (const [what, damage, ErrorClass, message] of cases) {
    await t.step(what, async () => {
      const { dir, cleanup } = await written(VAL_ONLY);
      try {
        damage(dir);
        const e = await assertRejects(
          () => readTripleMnistFolder(dir, { splits: ["val"], cacheDir: null }),
          ErrorClass as ErrorConstructor,
          message,
        );
        assert(e.message.includes(dir), "the message names the full path");
      } finally {
        await cleanup();
      }
    });
  }
});

Deno.test("readTripleMnistFolder() ignores hidden entries", async () => {
  const { dir, cleanup } = await written(VAL_ONLY);
  try {
    Deno.writeTextFileSync(join(dir, "val", ".DS_Store"), "x");
    Deno.writeTextFileSync(join(dir, "val", "001", ".DS_Store"), "x");
    const r = await readTripleMnistFolder(dir, { splits: ["val"], cacheDir: null });
    assertEquals(r.splits.val!.count, 160);
  } finally {
    await cleanup();
  }
});
