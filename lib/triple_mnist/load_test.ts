import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { fakeMnist, tempDir } from "./_testing.ts";
import { loadTripleMnist, tripleMnistImagesPerClass } from "./load.ts";
import { generateTripleMnist } from "./generate.ts";
import { writeTripleMnistFolder } from "./folder.ts";

const mnist = () => Promise.resolve({ train: fakeMnist(), test: fakeMnist() });
const quiet = () => {};

Deno.test("loadTripleMnist() generates once, reads the cache, regenerates only when needed", async () => {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, "triple_mnist");
  try {
    const first = await loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: quiet });
    assertEquals([first.generatedNow, first.origin], [true, "generated"]);
    assertEquals([first.train.count, first.val.count, first.test.count], [640, 160, 200]);
    const expected = generateTripleMnist([fakeMnist(), fakeMnist()], { imagesPerClass: 2 });
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
    assertEquals(data.train.images, sets.train!.images);
    assert(lines[0].includes("decoding the PNG files"));
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
