import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { join } from "node:path";
import { readTripleMnistFolder } from "../triple_mnist/mod.ts";
import { digitGan } from "../models/digit_gan.ts";
import { exportSyntheticTripleMnist, imagesAsSplit, syntheticSplit } from "./synthetic.ts";
import { sampleTriples } from "./sample.ts";

await tf.setBackend("cpu");

Deno.test("syntheticSplit() files images by number, then k, as a folder split is ordered", async () => {
  const gan = digitGan({ seed: 1, width: 8 });
  const split = await syntheticSplit(gan, [907, 42], { seed: 5, perNumber: 2 });
  assertEquals(split.name, "train");
  assertEquals(Array.from(split.labels), [42, 42, 907, 907]);
  assertEquals(Array.from(split.indexInClass), [0, 1, 0, 1]);
  assertEquals(split.count, 4);
  assertEquals(split.images, await sampleTriples(gan, [42, 42, 907, 907], { seed: 5 }));
  await assertRejects(
    () => syntheticSplit(gan, [1, 1], { seed: 5 }),
    RangeError,
    "Cannot file synthetic images of number 1 twice as numbers must be distinct",
  );
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("imagesAsSplit() labels image i with numbers[i] and checks the size", () => {
  const split = imagesAsSplit(new Uint8Array(2 * 7056), [5, 600]);
  assertEquals([split.name, split.count, Array.from(split.labels)], ["test", 2, [5, 600]]);
  assertThrows(
    () => imagesAsSplit(new Uint8Array(7056), [1, 2]),
    RangeError,
    "Cannot file 7056 bytes as 2 images as 84×84 images need 14112",
  );
});

Deno.test("exportSyntheticTripleMnist() writes <split>/<ddd>/<k>_<ddd>.png that read back unchanged", async () => {
  const dir = join(await Deno.makeTempDir(), "triple_mnist_synthetic");
  const gan = digitGan({ seed: 1, width: 8 });
  const { split, files } = await exportSyntheticTripleMnist(gan, dir, [7, 45], {
    seed: 2,
    perNumber: 2,
    info: { epochs: 1 },
  });
  assertEquals(files, 4);
  const names = [...Deno.readDirSync(join(dir, "train", "007"))].map((e) => e.name).sort();
  assertEquals(names, ["0_007.png", "1_007.png"]);
  const info = JSON.parse(Deno.readTextFileSync(join(dir, "generator.json")));
  assertEquals([info.generator, info.seed, info.epochs], ["digit-gan", 2, 1]);
  const read = await readTripleMnistFolder(dir, {
    splits: ["train"],
    classes: ["007", "045"],
    cacheDir: null,
  });
  assertEquals(read.splits.train!.images, split.images);
  assertEquals(Array.from(read.splits.train!.labels), [7, 7, 45, 45]);
  gan.generator.dispose();
  gan.discriminator.dispose();
  await Deno.remove(dir, { recursive: true });
});
