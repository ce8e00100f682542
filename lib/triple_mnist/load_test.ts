import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { fakeMnist, tempDir } from "./_testing.ts";
import { loadTripleMnist, tripleMnistImagesPerClass } from "./load.ts";
import { generateTripleMnist } from "./generate.ts";
import { writeTripleMnistFolder } from "./write.ts";
import { splitDigitSets } from "./pools.ts";

const mnist = () => Promise.resolve({ train: fakeMnist(), test: fakeMnist(100) });
const quiet = () => {};

Deno.test("loadTripleMnist() generates once, reads the cache, regenerates only when needed", async () => {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, "triple_mnist");
  try {
    const first = await loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: quiet });
    assertEquals([first.generatedNow, first.origin, first.pool], [true, "generated", "disjoint"]);
    assertEquals([first.train.count, first.val.count, first.test.count], [640, 160, 200]);
    const expected = generateTripleMnist(
      splitDigitSets({ train: fakeMnist(), test: fakeMnist(100) }, "disjoint"),
      { imagesPerClass: 2 },
    );
    assertEquals(
      first.train.images,
      expected.train!.images.filter((_, p) => Math.floor(p / 7056) % 2 === 0),
    );

    const again = await loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: quiet });
    assertEquals([again.generatedNow, again.fromCache], [false, ["train", "val", "test"]]);

    const more = await loadTripleMnist({ dir, imagesPerClass: 2, mnist, log: quiet });
    assertEquals([more.generatedNow, more.val.count], [true, 320]);
    assertEquals(more.test.images, expected.test!.images);

    const fewer = await loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: quiet });
    assertEquals([fewer.generatedNow, fewer.fromCache.length, fewer.val.count], [false, 3, 160]);
    assert(fewer.val.indexInClass.every((k) => k === 0));
    assertEquals(fewer.train.images, first.train.images);

    const other = await loadTripleMnist({ dir, imagesPerClass: 1, seed: 5, mnist, log: quiet });
    assertEquals(other.generatedNow, true);

    // a folder drawn from the other pool is generated again, never reused
    const lines: string[] = [];
    const shared = await loadTripleMnist({
      dir,
      imagesPerClass: 1,
      seed: 5,
      pool: "shared",
      mnist,
      log: (l) => lines.push(l),
    });
    assertEquals([shared.generatedNow, shared.pool], [true, "shared"]);
    assert(lines[0].includes("drawn from the disjoint pool: generating it again (shared)"));
    const info = JSON.parse(Deno.readTextFileSync(join(dir, "generator.json")));
    assertEquals(info.pool, "shared");
    const sharedAgain = await loadTripleMnist({
      dir,
      imagesPerClass: 1,
      seed: 5,
      pool: "shared",
      mnist,
      log: quiet,
    });
    assertEquals([sharedAgain.generatedNow, sharedAgain.pool], [false, "shared"]);
    const disjoint = await loadTripleMnist({ dir, imagesPerClass: 1, seed: 5, mnist, log: quiet });
    assertEquals([disjoint.generatedNow, disjoint.pool], [true, "disjoint"]);
    assertEquals([...Deno.readDirSync(root)].map((e) => e.name), ["triple_mnist"]);
  } finally {
    await cleanup();
  }
});

Deno.test("loadTripleMnist() reads a downloaded folder as it is and never overwrites it", async () => {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, "triple_mnist");
  try {
    const sets = generateTripleMnist([fakeMnist()], { imagesPerClass: 1, seed: 9 });
    await writeTripleMnistFolder(sets, dir); // no generator.json: like the real download
    const lines: string[] = [];
    const data = await loadTripleMnist({
      dir,
      imagesPerClass: 5,
      mnist,
      log: (l) => lines.push(l),
    });
    assertEquals([data.origin, data.generatedNow, data.train.count], ["folder", false, 640]);
    assertEquals(data.pool, "shared"); // a download is upstream's: one pool for every split
    assertEquals(data.train.images, sets.train!.images);
    assert(lines[0].includes("decoding the PNG files"));
    assert(lines[1].includes("read as upstream's shared pool"));
  } finally {
    await cleanup();
  }
});

Deno.test("loadTripleMnist() refuses to generate over unrelated files", async () => {
  const { dir, cleanup } = await tempDir();
  try {
    Deno.writeTextFileSync(join(dir, "mine.txt"), "keep me");
    await assertRejects(
      () => loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: quiet }),
      Deno.errors.AlreadyExists,
      "as it holds other files and no train/ folder",
    );
    assertEquals(Deno.readTextFileSync(join(dir, "mine.txt")), "keep me");
  } finally {
    await cleanup();
  }
});

Deno.test("tripleMnistImagesPerClass() follows the profile and TRIPLE_MNIST_IMAGES_PER_CLASS", () => {
  const saved = Deno.env.get("TRIPLE_MNIST_IMAGES_PER_CLASS");
  try {
    Deno.env.delete("TRIPLE_MNIST_IMAGES_PER_CLASS");
    assertEquals(tripleMnistImagesPerClass("full"), 100);
    assert(tripleMnistImagesPerClass("quick") < tripleMnistImagesPerClass("standard"));
    Deno.env.set("TRIPLE_MNIST_IMAGES_PER_CLASS", "1000");
    assertEquals(tripleMnistImagesPerClass("quick"), 1000);
    Deno.env.set("TRIPLE_MNIST_IMAGES_PER_CLASS", "lots");
    let message = "";
    try {
      tripleMnistImagesPerClass("quick");
    } catch (e) {
      assert(e instanceof RangeError);
      message = e.message;
    }
    assert(message.includes("Cannot use TRIPLE_MNIST_IMAGES_PER_CLASS 'lots'"));
  } finally {
    if (saved === undefined) Deno.env.delete("TRIPLE_MNIST_IMAGES_PER_CLASS");
    else Deno.env.set("TRIPLE_MNIST_IMAGES_PER_CLASS", saved);
  }
});
