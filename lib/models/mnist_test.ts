import * as tf from "@tensorflow/tfjs";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  deepDigitsCnn,
  deepDigitsMlp,
  digitalRecognitionMlp,
  digitalRecognitionSmallCnn,
  lenetAbd01,
  logitsTrainingModel,
  smallCnn,
  softmaxCrossEntropyFromLogits,
} from "./mnist.ts";
import { MNIST_MODELS, mnistModelSpec } from "./mnist_specs.ts";

import { registerWasmTrainingKernels } from "../backend/wasm_kernels/mod.ts";

// wasm with the project's training kernels: the cpu backend's conv gradients take minutes here.
registerWasmTrainingKernels();
await tf.setBackend("wasm");

Deno.test("MNIST factories have the sources' exact parameter counts", async (t) => {
  const cases: [string, () => tf.LayersModel, number][] = [
    ["deepDigitsMlp (B)", () => deepDigitsMlp(), 109_386],
    ["deepDigitsCnn (B)", () => deepDigitsCnn(), 1_199_882],
    ["digitalRecognitionMlp (C)", () => digitalRecognitionMlp(), 101_770],
    ["digitalRecognitionSmallCnn (C)", () => digitalRecognitionSmallCnn(), 7_740],
    ["lenetAbd01 (D)", () => lenetAbd01(), 32_998],
    ["smallCnn (benchmark)", () => smallCnn(), 225_034],
  ];
  for (const [name, build, params] of cases) {
    await t.step(name, () => {
      const model = build();
      assertEquals(model.countParams(), params);
      model.dispose();
    });
  }
});

Deno.test("MNIST_MODELS specs agree with their factories", () => {
  assertEquals(MNIST_MODELS.map((m) => m.name), [
    "deepDigitsMlp",
    "deepDigitsCnn",
    "digitalRecognitionMlp",
    "digitalRecognitionSmallCnn",
    "lenetAbd01",
    "smallCnn",
  ]);
  for (const spec of MNIST_MODELS) {
    const model = spec.build({ seed: 1 });
    assertEquals(model.countParams(), spec.params, spec.name);
    assertEquals(model.name, spec.name);
    assertEquals(model.inputs[0].shape, [null, 28, 28, 1], spec.name);
    assertEquals(model.outputs[0].shape, [null, 10], spec.name);
    const adam = model.optimizer as unknown as { learningRate: number };
    assertAlmostEquals(adam.learningRate, spec.sourceSettings.learningRate, 1e-12, spec.name);
    model.dispose();
  }
  assertEquals(mnistModelSpec("deepDigitsCnn").pixelScaling, "symmetric");
  assertEquals(mnistModelSpec("lenetAbd01").pixelScaling, "raw");
  assertEquals(mnistModelSpec("digitalRecognitionMlp").pixelScaling, "unit");
  assertEquals(mnistModelSpec("lenetAbd01").sourceSettings.batchSize, 100);
  assertEquals(mnistModelSpec("deepDigitsMlp").sourceSettings.epochs, 10);
});

Deno.test("mnistModelSpec() names the known models when the name is wrong", () => {
  assertThrows(() => mnistModelSpec("lenet"), RangeError, "Cannot find MNIST model 'lenet'");
});

Deno.test("MNIST models output probabilities on tf.ones", () => {
  for (const spec of MNIST_MODELS) {
    const model = spec.build({ seed: 1 });
    const x = tf.ones([2, 28, 28, 1]);
    const p = model.predict(x) as tf.Tensor;
    assertEquals(p.shape, [2, 10]);
    const sums = tf.sum(p, 1).dataSync();
    for (const s of sums) assertAlmostEquals(s, 1, 1e-5, spec.name);
    tf.dispose([x, p]);
    model.dispose();
  }
});

Deno.test("MNIST factories are seeded: same seed same weights, other seed other weights", () => {
  const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  const a = lenetAbd01({ seed: 5 });
  const b = lenetAbd01({ seed: 5 });
  const c = lenetAbd01({ seed: 6 });
  assertEquals(weightsOf(a), weightsOf(b));
  assert(JSON.stringify(weightsOf(a)) !== JSON.stringify(weightsOf(c)));
  [a, b, c].forEach((m) => m.dispose());
});

Deno.test("MNIST models train a few steps on tiny data with a finite, falling loss", async () => {
  // Two fixed patterns (top half lit / bottom half lit), 4 copies each: every model should fit
  // them within a few Adam steps.
  const n = 8;
  const pixels = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < 784; p++) {
      const top = p < 392;
      pixels[i * 784 + p] = (labels[i] === 0 ? top : !top) ? 1 : 0;
    }
  }
  const x = tf.tensor4d(pixels, [n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10).asType("float32");
  for (const spec of MNIST_MODELS) {
    const model = spec.build({ seed: 2 });
    const trainer = logitsTrainingModel(model);
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      const out = await trainer.trainOnBatch(x, y);
      losses.push((Array.isArray(out) ? out[0] : out) as number);
    }
    assert(losses.every(Number.isFinite), `${spec.name}: ${losses}`);
    assert(losses[2] < losses[0], `${spec.name}: loss did not fall: ${losses}`);
    model.dispose();
  }
  tf.dispose([x, y]);
});

Deno.test("logitsTrainingModel() shares the weights and outputs the logits", async () => {
  const model = digitalRecognitionMlp({ seed: 4 });
  const trainer = logitsTrainingModel(model);
  assertEquals(trainer.countParams(), model.countParams());
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 1);
  const z = trainer.predict(x) as tf.Tensor;
  const p = model.predict(x) as tf.Tensor;
  const softmaxOfZ = tf.softmax(z);
  assertAlmostEqualArrays(softmaxOfZ.dataSync(), p.dataSync(), 1e-6);
  const y = tf.oneHot(tf.tensor1d([1, 2, 3], "int32"), 10).asType("float32");
  await trainer.trainOnBatch(x, y);
  const after = model.predict(x) as tf.Tensor;
  assert(Math.abs(after.dataSync()[0] - p.dataSync()[0]) > 0, "training the view moved the model");
  tf.dispose([x, z, p, softmaxOfZ, y, after]);
  model.dispose();
});

Deno.test("logitsTrainingModel() keeps gradients that clipped cross-entropy on probabilities loses", () => {
  // A confident wrong answer: logits [100, 0] for true class 1. Through softmax, TF.js's
  // categoricalCrossentropy clips p to [1e-7, 1 − 1e-7] and its gradient vanishes; from the
  // logits the gradient is p − y = [1, −1].
  const y = tf.tensor2d([[0, 1]]);
  const z = tf.tensor2d([[100, 0]]);
  const clipped = tf.grad((t: tf.Tensor) =>
    tf.metrics.categoricalCrossentropy(y, tf.softmax(t)).sum()
  )(z);
  const fromLogits = tf.grad((t: tf.Tensor) => softmaxCrossEntropyFromLogits(y, t).sum())(z);
  assertEquals(Array.from(clipped.dataSync()), [0, 0]);
  assertAlmostEqualArrays(fromLogits.dataSync(), [1, -1], 1e-6);
  tf.dispose([y, z, clipped, fromLogits]);
});

Deno.test("logitsTrainingModel() rejects a model without a logits layer", () => {
  const other = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  other.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  assertThrows(() => logitsTrainingModel(other), TypeError, "must have a layer named 'logits'");
  other.dispose();
});

function assertAlmostEqualArrays(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  assertEquals(a.length, b.length);
  for (let i = 0; i < a.length; i++) assertAlmostEquals(a[i], b[i], tol, `at ${i}`);
}
