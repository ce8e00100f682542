import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  binaryCrossEntropy,
  digitCrossEntropy,
  discriminatorLoss,
  generatorLoss,
} from "./losses.ts";

await tf.setBackend("cpu");

const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

Deno.test("binaryCrossEntropy() matches the formula for smoothed targets", () => {
  assertAlmostEquals(value(binaryCrossEntropy(tf.tensor1d([0.5]), 1)), Math.log(2), 1e-6);
  // p = 0.9 against target 0.9: the entropy of Bernoulli(0.9), the lowest possible value.
  const h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1));
  assertAlmostEquals(value(binaryCrossEntropy(tf.tensor2d([[0.9], [0.9]]), 0.9)), h, 1e-6);
  // mean over elements
  const two = -(Math.log(0.8) + Math.log(0.4)) / 2;
  assertAlmostEquals(value(binaryCrossEntropy(tf.tensor1d([0.8, 0.4]), 1)), two, 1e-6);
  // saturated probabilities stay finite (clipped, like PyTorch's BCELoss)
  assertEquals(Number.isFinite(value(binaryCrossEntropy(tf.tensor1d([0, 1]), 0.9))), true);
  assertThrows(
    () => binaryCrossEntropy(tf.tensor1d([0.5]), 1.5),
    RangeError,
    "Cannot use target 1.5 for a binary cross-entropy as it must be in [0, 1]",
  );
});

Deno.test("digitCrossEntropy() is log 10 for uniform logits and checks shapes", () => {
  const logits = tf.zeros([4, 3, 10]);
  const labels = tf.tensor2d([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 0, 1]], [4, 3], "int32");
  assertAlmostEquals(value(digitCrossEntropy(logits, labels)), Math.log(10), 1e-6);
  // a confident right answer costs almost nothing
  const right = tf.oneHot(labels.flatten(), 10).mul(30).reshape([4, 3, 10]);
  assertAlmostEquals(value(digitCrossEntropy(right, labels)), 0, 1e-5);
  assertThrows(
    () => digitCrossEntropy(tf.zeros([4, 10]), labels),
    TypeError,
    "Cannot compare digit logits of shape [4,10] with labels of shape [4,3] as the logits must be [4,3,10]",
  );
  tf.dispose([logits, labels, right]);
});

Deno.test("discriminatorLoss() = BCE(real, 0.9) + BCE(fake, 0.1) + CE(real digits)", () => {
  const before = tf.memory().numTensors;
  const real = tf.tensor2d([[0.7], [0.6]]);
  const fake = tf.tensor2d([[0.2], [0.4]]);
  const logits = tf.zeros([2, 3, 10]);
  const labels = tf.zeros([2, 3], "int32");
  const loss = discriminatorLoss(real, fake, logits, labels);
  const bce = (p: number, t: number) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
  const adv = (bce(0.7, 0.9) + bce(0.6, 0.9)) / 2 + (bce(0.2, 0.1) + bce(0.4, 0.1)) / 2;
  assertAlmostEquals(loss.adversarial.dataSync()[0], adv, 1e-5);
  assertAlmostEquals(loss.auxiliary.dataSync()[0], Math.log(10), 1e-5);
  assertAlmostEquals(loss.total.dataSync()[0], adv + Math.log(10), 1e-5);
  const unweighted = discriminatorLoss(real, fake, logits, labels, { auxWeight: 0 });
  assertAlmostEquals(unweighted.total.dataSync()[0], adv, 1e-5);
  tf.dispose([real, fake, logits, labels, loss.total, loss.adversarial, loss.auxiliary]);
  tf.dispose([unweighted.total, unweighted.adversarial, unweighted.auxiliary]);
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("generatorLoss() pushes fakes towards the real target and the requested digits", () => {
  const fake = tf.tensor2d([[0.3]]);
  const logits = tf.zeros([1, 3, 10]);
  const labels = tf.tensor2d([[1, 2, 3]], [1, 3], "int32");
  const loss = generatorLoss(fake, logits, labels);
  const adv = -(0.9 * Math.log(0.3) + 0.1 * Math.log(0.7));
  assertAlmostEquals(loss.total.dataSync()[0], adv + Math.log(10), 1e-5);
  const hard = generatorLoss(fake, logits, labels, { realTarget: 1, auxWeight: 2 });
  assertAlmostEquals(hard.total.dataSync()[0], -Math.log(0.3) + 2 * Math.log(10), 1e-5);
  tf.dispose([fake, logits, labels, loss.total, loss.adversarial, loss.auxiliary]);
  tf.dispose([hard.total, hard.adversarial, hard.auxiliary]);
});
