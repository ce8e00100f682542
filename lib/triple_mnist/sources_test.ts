import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { generateTripleMnist } from "./generate.ts";
import { fakeMnist } from "./_testing.ts";
import { digitsSource, fullImageSource, thirdsSource } from "./sources.ts";
import { splitThirds, thirdPixels } from "./thirds.ts";

await tf.setBackend("cpu");
const TEST = generateTripleMnist([fakeMnist()], { imagesPerClass: 2, splits: ["test"] }).test!;

Deno.test("fullImageSource() makes [b,84,84,1] images in [0,1] and one-hot int(ddd)", () => {
  const before = tf.memory().numTensors;
  const source = fullImageSource(TEST, { indices: [5, 0, 9] });
  assertEquals(source.size, 3);
  assertEquals(source.targets, Int32Array.of(TEST.labels[5], TEST.labels[0], TEST.labels[9]));
  const { xs, ys } = source.batch(Int32Array.of(2, 0));
  assertEquals(xs.shape, [2, 84, 84, 1]);
  assertEquals(ys.shape, [2, 1000]);
  const x = xs.dataSync();
  for (let p = 0; p < 7056; p += 97) {
    assertAlmostEquals(x[p], TEST.images[9 * 7056 + p] / 255, 1e-6);
  }
  const y = ys.dataSync();
  assertEquals(y[TEST.labels[9]], 1);
  assertEquals(Array.from(y).reduce((a, b) => a + b, 0), 2);
  xs.dispose();
  ys.dispose();
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("fullImageSource() maps targets and scales to [-1, 1]", () => {
  const source = fullImageSource(TEST, {
    targetOf: (l) => l % 10,
    classes: 10,
    range: "symmetric",
  });
  const { xs, ys } = source.batch(Int32Array.of(0));
  assertEquals(ys.shape, [1, 10]);
  assertEquals(ys.dataSync()[TEST.labels[0] % 10], 1);
  const x = xs.dataSync();
  assertAlmostEquals(x[0], TEST.images[0] / 127.5 - 1, 1e-6);
  tf.dispose([xs, ys]);
  assertThrows(
    () => fullImageSource(TEST, { classes: 10 }),
    RangeError,
    "must be an integer in [0, 10)",
  );
  assertThrows(() => source.batch(Int32Array.of(400)), RangeError, "the source has 400");
});

Deno.test("thirdsSource() gives third l of image i as example 3i+l with its digit", () => {
  const source = thirdsSource(TEST, { indices: [4] });
  assertEquals(source.size, 3);
  const label = TEST.labels[4];
  assertEquals([...source.targets], [
    Math.floor(label / 100),
    Math.floor(label / 10) % 10,
    label % 10,
  ]);
  const { xs, ys } = source.batch(Int32Array.of(1));
  assertEquals(xs.shape, [1, 84, 28, 1]);
  const expected = thirdPixels(TEST, 4, 1);
  const x = xs.dataSync();
  for (let p = 0; p < expected.length; p++) assertAlmostEquals(x[p], expected[p] / 255, 1e-6);
  assertEquals(ys.argMax(1).dataSync()[0], Math.floor(label / 10) % 10);
  tf.dispose([xs, ys]);
});

Deno.test("digitsSource() gives whole images with [b,3,10] digit targets", () => {
  const source = digitsSource(TEST);
  assertEquals(source.size, TEST.count);
  const { xs, ys } = source.batch(Int32Array.of(3, 7));
  assertEquals(xs.shape, [2, 84, 84, 1]);
  assertEquals(ys.shape, [2, 3, 10]);
  const argmax = ys.argMax(2);
  assertEquals([...argmax.dataSync()], [
    ...source.targets.subarray(9, 12),
    ...source.targets.subarray(21, 24),
  ]);
  tf.dispose([xs, ys, argmax]);
});

Deno.test("splitThirds() and thirdPixels() agree", () => {
  const x = fullImageSource(TEST).batch(Int32Array.of(6)).xs as tf.Tensor4D;
  const parts = splitThirds(x);
  for (let l = 0; l < 3; l++) {
    assertEquals(parts[l].shape, [1, 84, 28, 1]);
    const px = thirdPixels(TEST, 6, l);
    const got = parts[l].dataSync();
    for (let p = 0; p < px.length; p += 13) assertAlmostEquals(got[p], px[p] / 255, 1e-6);
  }
  tf.dispose([x, ...parts]);
  assertThrows(() => thirdPixels(TEST, 0, 3), RangeError, "third 3");
  assertThrows(() => splitThirds(tf.zeros([1, 84, 28, 1]) as tf.Tensor4D), TypeError, "84 wide");
});
