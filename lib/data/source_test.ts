import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import type { ImageSet } from "./image_set.ts";
import { batchInputs, imageSource, labelsAt, toTensors } from "./source.ts";

await tf.setBackend("cpu");

// three 2×2 images: image i has all pixels 100·i (0, 100, 200), labels 2, 0, 1
const SET: ImageSet = {
  images: Uint8Array.from({ length: 12 }, (_, i) => Math.floor(i / 4) * 100),
  labels: new Uint8Array([2, 0, 1]),
  count: 3,
  height: 2,
  width: 2,
  classNames: ["a", "b", "c"],
};

Deno.test("imageSource() builds NHWC batches with one-hot targets, through its indices", () => {
  const before = tf.memory().numTensors;
  const source = imageSource(SET, { indices: [2, 1] });
  assertEquals(source.size, 2);
  const { xs, ys } = source.batch(Int32Array.of(1, 0)); // set examples 1, 2
  assertEquals(xs.shape, [2, 2, 2, 1]);
  assertEquals(xs.dtype, "float32");
  const x = xs.dataSync();
  assertAlmostEquals(x[0], 100 / 255, 1e-6);
  assertAlmostEquals(x[4], 200 / 255, 1e-6);
  assertEquals(ys.shape, [2, 3]);
  assertEquals(Array.from(ys.dataSync()), [1, 0, 0, 0, 1, 0]);
  tf.dispose([xs, ys]);
  assertEquals(tf.memory().numTensors, before, "the caller's dispose frees everything");
});

Deno.test("imageSource() normalises, flattens and gives class indices on request", async (t) => {
  const cases: [string, "unit" | "symmetric" | "raw", number[]][] = [
    ["unit", "unit", [0, 100 / 255, 200 / 255]],
    ["symmetric", "symmetric", [-1, 100 / 127.5 - 1, 200 / 127.5 - 1]],
    ["raw", "raw", [0, 100, 200]],
  ];
  for (const [name, normalize, firsts] of cases) {
    await t.step(name, () => {
      const { xs, ys } = imageSource(SET, { normalize, flatten: true, oneHot: false })
        .batch(Int32Array.of(0, 1, 2));
      assertEquals(xs.shape, [3, 4]);
      const x = xs.dataSync();
      firsts.forEach((v, i) => assertAlmostEquals(x[i * 4 + 3], v, 1e-6));
      assertEquals(ys.dtype, "int32");
      assertEquals(Array.from(ys.dataSync()), [2, 0, 1]);
      tf.dispose([xs, ys]);
    });
  }
});

Deno.test("imageSource() rejects positions and options out of range", () => {
  const source = imageSource(SET, { indices: [0, 1] });
  assertThrows(() => source.batch(Int32Array.of(2)), RangeError, "positions must be in 0..1");
  assertThrows(() => imageSource(SET).batch(Int32Array.of(5)), RangeError, "0..2");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => imageSource(SET, { normalize: "z" as any }), RangeError, "'unit'");
});

Deno.test("toTensors() and labelsAt() give evaluation tensors and labels", () => {
  const { xs, ys } = toTensors(SET, [1, 2], { flatten: true });
  assertEquals(xs.shape, [2, 4]);
  assertEquals(Array.from(tf.tidy(() => ys.argMax(1)).dataSync()), [0, 1]);
  tf.dispose([xs, ys]);
  const all = toTensors(SET);
  assertEquals(all.xs.shape, [3, 2, 2, 1]);
  tf.dispose([all.xs, all.ys]);
  assertEquals(Array.from(labelsAt(SET, [2, 0])), [1, 2]);
  assertEquals(Array.from(labelsAt(SET)), [2, 0, 1]);
});

Deno.test("batchInputs() reads a source's inputs back and frees the batch", async () => {
  const images = new Uint8Array([0, 51, 102, 255, 255, 0, 0, 0]);
  const set = {
    images,
    labels: new Uint8Array([3, 4]),
    count: 2,
    height: 2,
    width: 2,
    classNames: [],
  };
  const before = tf.memory().numTensors;
  const got = await batchInputs(imageSource(set, { normalize: "raw" }), [1, 0]);
  assertEquals(Array.from(got), [255, 0, 0, 0, 0, 51, 102, 255]);
  assertEquals(tf.memory().numTensors, before);
});
