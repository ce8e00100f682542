import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { compactTripletNet } from "../models/triplet.ts";
import { classBatches, firstIndicesPerClass } from "./batches.ts";
import { embeddingInput } from "./features.ts";
import { trainTripletNet } from "./train.ts";
import { quarterImages } from "./_testdata.ts";

await tf.setBackend("cpu");

const set = quarterImages(3, 8);
const perClass = firstIndicesPerClass(set.labels, [0, 1, 2], 8);
const batches = classBatches(perClass, [0, 1, 2], 4); // 2 batches of 12 images, 24 triplets
const input = (ix: Int32Array) => embeddingInput(set, ix);
const tinyNet = (seed = 1) => compactTripletNet({ seed, filters: [4, 8], hidden: 16 });

Deno.test("trainTripletNet() records one loss per step, lowers the loss, leaks no tensors", async () => {
  const net = tinyNet();
  const before = tf.memory().numTensors;
  // the toy classes separate at once with margin 1; a wide margin keeps every triplet active
  const r = await trainTripletNet(net, batches, input, { epochs: 4, seed: 3, margin: 200 });
  assertEquals(tf.memory().numTensors, before);
  assertEquals(r.losses.length, 8);
  assertEquals(r.tripletCounts, Array(8).fill(24)); // 12 anchors × 2 other classes
  assert(r.losses.every(Number.isFinite));
  assert(r.activeShares.every((s) => s >= 0 && s <= 1));
  const first = (r.losses[0] + r.losses[1]) / 2, last = (r.losses[6] + r.losses[7]) / 2;
  assert(last < first, `loss should fall: ${first} → ${last}`);
  net.dispose();
});

Deno.test("trainTripletNet() is deterministic for a seed", async () => {
  const a = tinyNet(2), b = tinyNet(2);
  const ra = await trainTripletNet(a, batches, input, { epochs: 1, seed: 9 });
  const rb = await trainTripletNet(b, batches, input, { epochs: 1, seed: 9 });
  assertEquals(ra.losses, rb.losses);
  a.dispose();
  b.dispose();
});

Deno.test("trainTripletNet() mines semi-hard triplets and can embed per class", async () => {
  const net = tinyNet(4);
  const before = tf.memory().numTensors;
  const r = await trainTripletNet(net, batches, input, {
    epochs: 1,
    mining: "semi-hard",
    embedPerClass: true,
  });
  assertEquals(tf.memory().numTensors, before);
  // every ordered anchor–positive pair within a class: 3 classes × 4 × 3
  assertEquals(r.tripletCounts, [36, 36]);
  assert(r.losses.every(Number.isFinite));
  net.dispose();
});

Deno.test("trainTripletNet() rejects bad options and uneven batches", async () => {
  const net = tinyNet();
  await assertRejects(
    () => trainTripletNet(net, batches, input, { epochs: 0 }),
    RangeError,
    "0 epochs",
  );
  await assertRejects(
    () => trainTripletNet(net, batches, input, { epochs: 1, mining: "hard" as "random" }),
    RangeError,
    "'hard'",
  );
  await assertRejects(
    () => trainTripletNet(net, batches, input, { epochs: 1, learningRate: -1 }),
    RangeError,
    "learning rate -1",
  );
  const uneven = classBatches(perClass, [0, 1, 2], 3); // 3 + 3 + 2 per class
  await assertRejects(
    () => trainTripletNet(net, uneven, input, { epochs: 1 }),
    RangeError,
    "sizes 9,6",
  );
  await assertRejects(
    () => trainTripletNet(net, [], input, { epochs: 1 }),
    RangeError,
    "no batches",
  );
  net.dispose();
});
