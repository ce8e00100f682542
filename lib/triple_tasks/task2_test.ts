import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { FEATURE_MAP_LAYER, tripleFullImageCnn } from "../models/triple_mnist_task2.ts";
import { featureMap, TASK2_BUDGET, trainTask2Model } from "./task2.ts";

await tf.setBackend("cpu");

Deno.test("TASK2_BUDGET: full is A's, and every profile holds images out of each class", () => {
  assertEquals(TASK2_BUDGET.full.batchSize, 256);
  assertEquals([TASK2_BUDGET.full.classes, TASK2_BUDGET.full.imagesPerClass], [640, 100]);
  for (const b of Object.values(TASK2_BUDGET)) assert(b.heldOutPerClass < b.imagesPerClass);
});

Deno.test("featureMap() reads channel 0 of the last block as 21×21", async () => {
  const model = tripleFullImageCnn({ seed: 1 });
  const image = tf.ones([84, 84, 1]);
  const before = tf.memory().numTensors;
  const map = await featureMap(model, image);
  assertEquals([map.height, map.width, map.values.length], [21, 21, 441]);
  assertEquals(tf.memory().numTensors, before);
  await assertRejects(
    () => featureMap(model, image, { layerName: "dense1" }),
    RangeError,
    "dense1",
  );
  await assertRejects(() => featureMap(model, image, { channel: 64 }), RangeError, "channel 64");
  image.dispose();
  model.dispose();
});

/** A small stand-in with the CNN's feature-map layer name, so the test trains in seconds. */
function tinyCnn(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({
    inputShape: [84, 84, 1],
    filters: 2,
    kernelSize: 3,
    padding: "same",
    kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
  }));
  model.add(tf.layers.maxPooling2d({ name: FEATURE_MAP_LAYER, poolSize: 4 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({
    units: 1000,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
  }));
  return model;
}

Deno.test("trainTask2Model() trains, scores held-out images, records feature maps, leaks nothing", async () => {
  const images = tf.randomUniform([6, 84, 84, 1], 0, 1, "float32", 5);
  const featureImage = images.slice([0], [1]);
  const labels = [3, 7, 3, 7, 3, 7];
  const source = {
    size: 6,
    batch: (indices: Int32Array) => ({
      xs: tf.gather(images, indices),
      ys: tf.oneHot(tf.tensor1d([...indices].map((i) => labels[i]), "int32"), 1000),
    }),
  };
  const growth: number[] = [];
  for (const epochs of [1, 3]) {
    const model = tinyCnn();
    const before = tf.memory().numTensors;
    const run = await trainTask2Model(model, { fit: source, heldOut: source }, {
      epochs,
      seed: 1,
      batchSize: 6,
      learningRate: 1e-3,
      featureImage,
      featureEvery: 2,
    });
    growth.push(tf.memory().numTensors - before);
    assertEquals(run.history.length, epochs);
    assertEquals(run.heldOutAccuracy.length, epochs);
    assertEquals(run.featureMaps.map((m) => m.epoch), epochs === 1 ? [1] : [1, 2]);
    assertEquals([run.featureMaps[0].height, run.featureMaps[0].values.length], [21, 441]);
    if (epochs === 3) assert(run.history[2].loss < run.history[0].loss, "loss falls");
    assert(run.seconds > 0);
    model.dispose();
  }
  // The optimizer's state is made once. TF.js 4.22's trainOnBatch and lib/train's evaluate each
  // keep one scalar per call (measured on a plain dense model); nothing else may accumulate.
  assert(growth[1] - growth[0] <= 2 * 2, `tensors kept per epoch: ${growth}`);
  tf.dispose([images, featureImage]);
});
