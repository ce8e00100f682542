import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertNotEquals } from "@std/assert";
import {
  TRIPLE_FULL_IMAGE_CNN_PARAMS,
  TRIPLE_LOGREG_PARAMS,
  tripleFullImageCnn,
  tripleLogisticRegression,
} from "./triple_mnist_task2.ts";
import { countTrainableParams } from "./params.ts";

await tf.setBackend("cpu");

Deno.test("tripleLogisticRegression() has A's 7,057,000 parameters and 1000 outputs", () => {
  const model = tripleLogisticRegression({ seed: 1 });
  assertEquals(countTrainableParams(model), TRIPLE_LOGREG_PARAMS);
  assertEquals(TRIPLE_LOGREG_PARAMS, 84 * 84 * 1000 + 1000);
  const x = tf.ones([2, 84, 84, 1]);
  const y = model.predict(x) as tf.Tensor;
  assertEquals(y.shape, [2, 1000]);
  const sums = y.sum(1).dataSync();
  for (const s of sums) assert(Math.abs(s - 1) < 1e-4, "softmax rows sum to 1");
  tf.dispose([x, y]);
  model.dispose();
});

Deno.test("tripleFullImageCnn() has A's 14,984,232 parameters and layer shapes", () => {
  const before = tf.memory().numTensors;
  const model = tripleFullImageCnn({ seed: 1 });
  assertEquals(countTrainableParams(model), TRIPLE_FULL_IMAGE_CNN_PARAMS);
  assertEquals(model.getLayer("block1_pool").outputShape, [null, 42, 42, 32]);
  assertEquals(model.getLayer("flatten").outputShape, [null, 28224]);
  const bn = model.getLayer("block1_bn").getConfig();
  assertEquals([bn.momentum, bn.epsilon], [0.9, 1e-5], "PyTorch's BatchNorm settings");
  const x = tf.ones([1, 84, 84, 1]);
  const y = model.predict(x) as tf.Tensor;
  assertEquals(y.shape, [1, 1000]);
  tf.dispose([x, y]);
  model.dispose();
  assertEquals(tf.memory().numTensors, before, "no tensor left behind");
});

Deno.test("tripleFullImageCnn() is seeded", () => {
  const a = tripleFullImageCnn({ seed: 3 });
  const b = tripleFullImageCnn({ seed: 3 });
  const c = tripleFullImageCnn({ seed: 4 });
  const first = (m: tf.Sequential) =>
    m.getLayer("block2_conv").getWeights()[0].dataSync().slice(0, 20);
  assertEquals(first(a), first(b));
  assertNotEquals(first(a), first(c));
  [a, b, c].forEach((m) => m.dispose());
});

// Training the 15M-parameter CNN on the pure-JS CPU backend takes minutes even for one batch;
// the two-epoch fit runs on the (same-loss, same-labels) logistic regression instead.
Deno.test("tripleLogisticRegression() trains two epochs to a finite, falling loss", async () => {
  const model = tripleLogisticRegression({ seed: 3 });
  // plain SGD: Adam's per-weight state on 7M weights only slows the pure-JS backend down here
  model.compile({ optimizer: tf.train.sgd(0.5), loss: "categoricalCrossentropy" });
  const xs = tf.randomUniform([8, 84, 84, 1], 0, 1, "float32", 1);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 999, 0, 1, 2, 999], "int32"), 1000);
  const h = await model.fit(xs, ys, { epochs: 2, batchSize: 8, verbose: 0 });
  const losses = h.history.loss as number[];
  assert(losses.every(Number.isFinite));
  assert(losses[1] < losses[0], `loss falls: ${losses}`);
  tf.dispose([xs, ys]);
  model.dispose();
});
