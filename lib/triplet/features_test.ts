import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { compactTripletNet } from "../models/triplet.ts";
import {
  embeddingInput,
  embedImages,
  MNIST_MEAN,
  MNIST_STD,
  pixelFeatures,
  squaredDistanceMatrix,
} from "./features.ts";
import { squaredDistancesTo } from "./distances.ts";
import { quarterImages } from "./_testdata.ts";

await tf.setBackend("cpu");

const set = {
  images: Uint8Array.of(0, 255, 51, 102, 0, 0, 0, 255),
  labels: Uint8Array.of(4, 7),
  count: 2,
  height: 2,
  width: 2,
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7"],
};

Deno.test("pixelFeatures() scales pixels to [0, 1] and keeps labels", () => {
  const f = pixelFeatures(set, [1, 0]);
  assertEquals(f.dim, 4);
  assertEquals(Array.from(f.labels), [7, 4]);
  assertEquals(Array.from(f.data.slice(0, 4)), [0, 0, 0, 1]);
  assertAlmostEquals(f.data[6], 0.2, 1e-7);
  assertThrows(() => pixelFeatures(set, [2]), RangeError, "image 2 of a set of 2");
});

Deno.test("embeddingInput() normalises like D and resizes and repeats channels", () => {
  const x = embeddingInput(set, [0]);
  assertEquals(x.shape, [1, 2, 2, 1]);
  assertAlmostEquals(x.dataSync()[0], (0 - MNIST_MEAN) / MNIST_STD, 1e-6);
  assertAlmostEquals(x.dataSync()[1], (1 - MNIST_MEAN) / MNIST_STD, 1e-6);
  const big = embeddingInput(set, [1, 0], { size: 8, channels: 3 });
  assertEquals(big.shape, [2, 8, 8, 3]);
  const v = big.dataSync();
  assertEquals(v[0], v[1]); // channels repeated
  assertEquals(v[1], v[2]);
  assertThrows(() => embeddingInput(set, [0], { channels: 0 }), RangeError, "channels 0");
  tf.dispose([x, big]);
});

Deno.test("embedImages() returns one 128-d row per image in order, in batches", async () => {
  const imgs = quarterImages(2, 3);
  const net = compactTripletNet({ seed: 1, filters: [2, 2], hidden: 4 });
  const before = tf.memory().numTensors;
  const all = await embedImages(net, imgs, undefined, { batchSize: 4 });
  assertEquals(tf.memory().numTensors, before);
  assertEquals(all.dim, 128);
  assertEquals(all.data.length, 6 * 128);
  assertEquals(Array.from(all.labels), [0, 1, 0, 1, 0, 1]);
  const two = await embedImages(net, imgs, [5, 0]);
  for (let j = 0; j < 128; j++) {
    assertAlmostEquals(two.data[j], all.data[5 * 128 + j], 1e-5);
    assertAlmostEquals(two.data[128 + j], all.data[j], 1e-5);
  }
  await assertRejects(
    () => embedImages(net, imgs, [0], { batchSize: 0 }),
    RangeError,
    "batches of 0",
  );
  net.dispose();
});

Deno.test("squaredDistanceMatrix() matches the plain-JS distances, in chunks", async () => {
  const a = {
    data: Float32Array.from({ length: 5 * 3 }, (_, i) => Math.sin(i)),
    dim: 3,
    labels: Int32Array.of(0, 1, 0, 1, 0),
  };
  const b = { data: Float32Array.of(0, 0, 0, 1, 2, 3), dim: 3, labels: Int32Array.of(0, 1) };
  const before = tf.memory().numTensors;
  const d = await squaredDistanceMatrix(a, b, 2);
  assertEquals(tf.memory().numTensors, before);
  const expected = squaredDistancesTo(a, b.data);
  assertEquals(d.length, 10);
  Array.from(d).forEach((v, i) => assertAlmostEquals(v, expected[i], 1e-5));
  await assertRejects(
    () => squaredDistanceMatrix(a, { ...b, dim: 2, data: new Float32Array(4) }),
    RangeError,
    "rows of 3 and 2",
  );
});
