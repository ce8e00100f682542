import * as tf from "@tensorflow/tfjs";
import { simulateInterrupt } from "../interrupt/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  accuracy,
  createNetwork,
  disposeNetwork,
  forward,
  gradientDescent,
  heNormal,
  parameterCount,
  perImageDScores,
  predictProbabilities,
  scoreNetwork,
  softmaxCrossEntropy,
  sourceDScore,
} from "./mod.ts";
import { Rng } from "../random/mod.ts";

await tf.setBackend("cpu");

Deno.test("createNetwork() has D's parameter counts and shapes", () => {
  const deep = createNetwork([784, 512, 128, 32, 10], { seed: 1 });
  assertEquals(parameterCount(deep), 472_042);
  assertEquals(deep.weights.map((w) => w.shape), [[784, 512], [512, 128], [128, 32], [32, 10]]);
  assertEquals(deep.biases.map((b) => b.shape), [[512], [128], [32], [10]]);
  const softmax = createNetwork([784, 10], { init: "zeros" });
  assertEquals(parameterCount(softmax), 7_850);
  assertEquals(softmax.weights[0].dataSync().every((v) => v === 0), true);
  disposeNetwork(deep);
  disposeNetwork(softmax);
});

Deno.test("createNetwork() rejects fewer than two sizes", () => {
  assertThrows(() => createNetwork([784]), RangeError, "Cannot create a network with sizes [784]");
  assertThrows(() => createNetwork([784, 0]), RangeError, "positive integers");
});

Deno.test("heNormal() has standard deviation sqrt(2 / fanIn) and is seeded", () => {
  const w = heNormal(200, 100, new Rng(3));
  const mean = w.reduce((s, v) => s + v, 0) / w.length;
  const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
  assertAlmostEquals(mean, 0, 0.005);
  assertAlmostEquals(std, Math.sqrt(2 / 200), 0.003);
  assertEquals(heNormal(200, 100, new Rng(3)), w);
});

Deno.test("forward() is x·W + b with ReLU between layers and none at the end", () => {
  const net = createNetwork([2, 2, 2], { init: "zeros" });
  net.weights[0].assign(tf.tensor2d([[1, -1], [2, 0]]));
  net.biases[0].assign(tf.tensor1d([0, -1]));
  net.weights[1].assign(tf.tensor2d([[1, 0], [0, -1]]));
  net.biases[1].assign(tf.tensor1d([0.5, 0]));
  const x = tf.tensor2d([[1, 1], [-1, 0]]);
  // hidden: [1*1+1*2, 1*-1+0-1] = [3, -2] → relu [3, 0]; [-1, 1-1] = [-1, 0] → [0, 0]
  const z = forward(net, x);
  assertEquals(Array.from(z.dataSync()), [3.5, 0, 0.5, 0]);
  const p = predictProbabilities(net, x);
  assertAlmostEquals(p.dataSync()[0], 1 / (1 + Math.exp(-3.5)), 1e-6);
  tf.dispose([x, z, p]);
  disposeNetwork(net);
});

Deno.test("softmaxCrossEntropy() matches a hand computation and stays finite for huge logits", () => {
  const cost = softmaxCrossEntropy(
    tf.tensor2d([[1, 2, 3], [0, 0, 0]]),
    tf.tensor2d([[0, 0, 1], [1, 0, 0]]),
  );
  const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
  assertAlmostEquals(cost.dataSync()[0], ((lse - 3) + Math.log(3)) / 2, 1e-6);
  const huge = softmaxCrossEntropy(tf.tensor2d([[1000, -1000]]), tf.tensor2d([[0, 1]]));
  assertAlmostEquals(huge.dataSync()[0], 2000, 1e-3);
  assertThrows(
    () => softmaxCrossEntropy(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 0, 0]])),
    TypeError,
    "Cannot compute the cross-entropy of logits [1,2]",
  );
});

Deno.test("sourceDScore() flatters: 0 % correct still scores 80 % with ten classes", async () => {
  // Every example predicted as class 0 with probability 1, none of them is class 0:
  // |p − y| has two ones per row of ten → mean 0.2 → score 80 %.
  const n = 4;
  const probs = tf.oneHot(tf.tensor1d([0, 0, 0, 0], "int32"), 10).asType("float32") as tf.Tensor2D;
  const truth = tf.oneHot(tf.tensor1d([1, 2, 3, 4], "int32"), 10).asType("float32") as tf.Tensor2D;
  assertAlmostEquals(await sourceDScore(probs, truth), 80, 1e-4);
  assertEquals(await accuracy(probs, truth), 0);
  // uniform probabilities: |0.1 − 0| nine times and |0.1 − 1| once per row → mean 0.18 → 82 %
  const uniform = tf.fill([n, 10], 0.1) as tf.Tensor2D;
  assertAlmostEquals(await sourceDScore(uniform, truth), 82, 1e-4);
  assertAlmostEquals(await sourceDScore(truth, truth), 100, 1e-6);
  tf.dispose([probs, truth, uniform]);
});

Deno.test("gradientDescent() gradients match the closed form of softmax regression", async () => {
  // One step from zero weights: ∂J/∂W = xᵀ(softmax(0) − y)/n = xᵀ(1/k − y)/n.
  const net = createNetwork([3, 2], { init: "zeros" });
  const x = tf.tensor2d([[1, 2, 0], [0, 1, 1]]);
  const y = tf.tensor2d([[1, 0], [0, 1]]);
  await gradientDescent(net, x, y, { learningRate: 0.5, iterations: 1 });
  const expectedGrad = [[(1 * -0.5 + 0) / 2, (1 * 0.5) / 2], [
    (2 * -0.5 + 0.5) / 2,
    (2 * 0.5 - 0.5) / 2,
  ], [
    0.5 / 2,
    -0.5 / 2,
  ]];
  const w = net.weights[0].arraySync() as number[][];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) assertAlmostEquals(w[i][j], -0.5 * expectedGrad[i][j], 1e-6);
  }
  tf.dispose([x, y]);
  disposeNetwork(net);
});

Deno.test("gradientDescent() learns a separable problem, records every k, leaks nothing", async () => {
  const rng = new Rng(7);
  const n = 200;
  const xs = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    xs[2 * i] = rng.normal() + (labels[i] ? 2 : -2);
    xs[2 * i + 1] = rng.normal();
  }
  const x = tf.tensor2d(xs, [n, 2]);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), 2).asType("float32") as tf.Tensor2D;
  const net = createNetwork([2, 8, 2], { seed: 3 });
  const before = tf.memory().numTensors;
  const { history, seconds } = await gradientDescent(net, x, y, {
    learningRate: 0.2,
    iterations: 50,
    recordEvery: 10,
    heldOut: { x, oneHot: y },
  });
  assertEquals(tf.memory().numTensors, before);
  assertEquals(history.map((h) => h.iteration), [0, 10, 20, 30, 40, 50]);
  assert(history[5].cost < history[0].cost / 2, `cost ${history[0].cost} → ${history[5].cost}`);
  assert(history[5].accuracy > 0.95, `accuracy ${history[5].accuracy}`);
  // held-out = training set here: every record must score the same weights twice
  for (const h of history) {
    assertAlmostEquals(h.heldOutAccuracy!, h.accuracy, 1e-6);
    assertAlmostEquals(h.heldOutCost!, h.cost, 1e-5);
  }
  assert(seconds > 0);
  tf.dispose([x, y]);
  disposeNetwork(net);
});

Deno.test("gradientDescent() rejects bad options and stops on a diverging cost", async () => {
  const net = createNetwork([1, 2], { init: "zeros" });
  const x = tf.tensor2d([[1e30]]);
  const y = tf.tensor2d([[1, 0]]);
  await assertRejects(
    () => gradientDescent(net, x, y, { learningRate: 0, iterations: 5 }),
    RangeError,
    "learning rate 0",
  );
  await assertRejects(
    () => gradientDescent(net, x, y, { learningRate: 1, iterations: 2.5 }),
    RangeError,
    "iterations 2.5",
  );
  await assertRejects(
    () => gradientDescent(net, x, y, { learningRate: 1e30, iterations: 5 }),
    RangeError,
    "Cannot continue gradient descent at iteration",
  );
  tf.dispose([x, y]);
  disposeNetwork(net);
});

Deno.test("gradientDescent() stops on an interrupt and scores the weights it reached", async () => {
  const x = tf.tensor2d([[1, 0], [0, 1]]);
  const y = tf.tensor2d([[1, 0], [0, 1]]);
  const net = createNetwork([2, 2], { init: "zeros" });
  const before = tf.memory().numTensors;
  const outcomes: (string | undefined)[] = [];
  const result = await gradientDescent(net, x, y, {
    learningRate: 0.5,
    iterations: 100,
    recordEvery: 5,
    progress: {
      update: (s) => {
        if (s.epoch === 11) simulateInterrupt(); // recorded at iteration 10
      },
      finish: (_summary, outcome) => outcomes.push(outcome),
    },
  });
  assertEquals(tf.memory().numTensors, before);
  assert(result.interrupted);
  assertEquals(result.iterations, 11, "the step after the record runs, then it stops");
  assertEquals(result.history.map((h) => h.iteration), [0, 5, 10, 11]);
  assertEquals(outcomes, ["interrupted"]);
  const again = await gradientDescent(net, x, y, { learningRate: 0.5, iterations: 3 });
  assertEquals([again.interrupted, again.iterations], [false, 3], "an old interrupt is spent");
  tf.dispose([x, y]);
  disposeNetwork(net);
});

Deno.test("scoreNetwork() and perImageDScores() agree with sourceDScore and accuracy", async () => {
  const net = createNetwork([3, 2], { seed: 5 });
  const set = {
    x: tf.tensor2d([[1, 0, 2], [0, 1, 0], [2, 2, 1]]),
    oneHot: tf.tensor2d([[1, 0], [0, 1], [0, 1]]),
  };
  const p = predictProbabilities(net, set.x);
  const total = await scoreNetwork(net, set);
  assertAlmostEquals(total.dScore, await sourceDScore(p, set.oneHot), 1e-4);
  assertAlmostEquals(total.accuracy, await accuracy(p, set.oneHot), 1e-6);
  const each = await perImageDScores(net, set);
  assertAlmostEquals(each.scores.reduce((s, v) => s + v, 0) / 3, total.dScore, 1e-3);
  assertEquals(each.right.filter((r) => r).length / 3, total.accuracy);
  tf.dispose([p, set.x, set.oneHot]);
  disposeNetwork(net);
});

Deno.test("gradientDescent() runs at most NOTEBOOK_MAX_STEPS iterations when it is set", async () => {
  const before = Deno.env.get("NOTEBOOK_MAX_STEPS");
  Deno.env.set("NOTEBOOK_MAX_STEPS", "2");
  const x = tf.tensor2d([[1, 0], [0, 1]]);
  const y = tf.tensor2d([[1, 0], [0, 1]]);
  const net = createNetwork([2, 2], { init: "zeros" });
  try {
    const r = await gradientDescent(net, x, y, { learningRate: 1, iterations: 20, recordEvery: 5 });
    assertEquals([r.iterations, r.interrupted], [2, false]);
    assertEquals(r.history.map((h) => h.iteration), [0, 2]);
  } finally {
    if (before === undefined) Deno.env.delete("NOTEBOOK_MAX_STEPS");
    else Deno.env.set("NOTEBOOK_MAX_STEPS", before);
    tf.dispose([x, y]);
    disposeNetwork(net);
  }
});
