import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertThrows } from "@std/assert";
import { Rng } from "../random/mod.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { testSplit } from "../triple_mnist/_testing.ts";
import { mixedTrainingSource, mixSplits } from "./mix.ts";

await tf.setBackend("cpu");

function randomSplit(labels: number[], seed: number): TripleMnistSplit {
  const rng = new Rng(seed);
  // a bright block in the middle of each third, so augmentation visibly moves ink
  return testSplit(labels, (image) => {
    for (let r = 30; r < 54; r++) {
      for (let c = 0; c < 84; c++) {
        if (c % 28 > 6 && c % 28 < 20) image[r * 84 + c] = 128 + rng.int(128);
      }
    }
  });
}

Deno.test("mixSplits() puts the chosen real images first and marks the synthetic ones", () => {
  const real = randomSplit([1, 2, 3], 1);
  const fake = randomSplit([907, 42], 2);
  const mixed = mixSplits(real, fake, { real: [2, 0], synthetic: [1] });
  assertEquals(Array.from(mixed.split.labels), [3, 1, 42]);
  assertEquals(Array.from(mixed.synthetic), [0, 0, 1]);
  assertEquals(mixed.realCount, 2);
  assertEquals(mixed.split.images.subarray(2 * 7056), fake.images.subarray(7056));
  assertThrows(
    () => mixSplits(real, fake, { synthetic: [2] }),
    RangeError,
    "Cannot take synthetic image 2 as the synthetic split has 2 images",
  );
});

Deno.test("mixedTrainingSource() augments the real images only and cuts every image into thirds", () => {
  const mixed = mixSplits(randomSplit([123, 456], 3), randomSplit([789, 12], 4));
  const source = mixedTrainingSource(mixed, { seed: 5 });
  const plain = mixedTrainingSource(mixed, { seed: 5, augment: false });
  assertEquals(source.size, 4);
  const indices = Int32Array.of(0, 2, 1, 3); // real, synthetic, real, synthetic
  const a = source.batch(indices);
  const b = plain.batch(indices);
  assertEquals(a.xs.shape, [12, 84, 28, 1]);
  assertEquals(a.ys.shape, [12, 10]);
  assertEquals(Array.from(tf.argMax(a.ys, 1).dataSync()), [1, 2, 3, 7, 8, 9, 4, 5, 6, 0, 1, 2]);
  const ax = a.xs.dataSync();
  const bx = b.xs.dataSync();
  const third = 84 * 28;
  const same = (k: number) =>
    ax.subarray(k * third, (k + 1) * third).every((v, j) => Math.abs(v - bx[k * third + j]) < 1e-6);
  // thirds 3–5 and 9–11 are synthetic: untouched; 0–2 and 6–8 are real: augmented
  for (const k of [3, 4, 5, 9, 10, 11]) assert(same(k), `synthetic third ${k} changed`);
  assert([0, 1, 2, 6, 7, 8].some((k) => !same(k)), "real thirds were not augmented");
  // the plain source is the images / 255, third by third
  assertEquals(bx[30 * 28 + 10], Math.fround(mixed.split.images[30 * 84 + 10] / 255));
  tf.dispose([a.xs, a.ys, b.xs, b.ys]);
});
