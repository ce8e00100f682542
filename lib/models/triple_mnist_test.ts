import * as tf from "@tensorflow/tfjs";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import {
  compileTripleCnn,
  TRIPLE_ENHANCED_CNN_PARAMS,
  TRIPLE_PER_DIGIT_CNN_PARAMS,
  tripleEnhancedCnn,
  triplePerDigitCnn,
} from "./triple_mnist.ts";
import { SeededDropout } from "./layers.ts";
import { countTrainableParams } from "./params.ts";

await tf.setBackend("cpu");

Deno.test("triplePerDigitCnn() has A's 1,820,474 trainable parameters", () => {
  const model = triplePerDigitCnn();
  assertEquals(countTrainableParams(model), 1_820_474);
  assertEquals(TRIPLE_PER_DIGIT_CNN_PARAMS, 1_820_474);
  // BatchNorm running mean and variance: 2 × (24 + 48 + 256) more, as PyTorch buffers.
  assertEquals(model.countParams(), 1_820_474 + 2 * (24 + 48 + 256));
  assertEquals(model.getLayer("flatten").outputShape, [null, 7056]);
  assertEquals(model.outputs[0].shape, [null, 10]);
  model.dispose();
});

Deno.test("tripleEnhancedCnn() has A's 1,663,066 trainable parameters", () => {
  const model = tripleEnhancedCnn();
  assertEquals(countTrainableParams(model), 1_663_066);
  assertEquals(TRIPLE_ENHANCED_CNN_PARAMS, 1_663_066);
  assertEquals(model.getLayer("flatten").outputShape, [null, 2880]);
  assertEquals(model.getLayer("block3_bn").outputShape, [null, 21, 7, 96]);
  model.dispose();
});

Deno.test("triple CNNs: BatchNorm uses PyTorch's momentum and epsilon, conv outputs are pre-ReLU", () => {
  const model = tripleEnhancedCnn();
  const bn = model.getLayer("block1_bn").getConfig();
  assertEquals(bn.momentum, 0.9);
  assertEquals(bn.epsilon, 1e-5);
  assertEquals(model.getLayer("block1_conv").getConfig().activation, "linear");
  assertEquals(model.getLayer("block1_relu").getClassName(), "ReLU");
  model.dispose();
});

Deno.test("triple CNNs: softmax output sums to 1; linear output gives logits", () => {
  const start = tf.memory().numTensors;
  const a = triplePerDigitCnn({ seed: 3 });
  const b = triplePerDigitCnn({ seed: 3, output: "linear" });
  const x = tf.randomUniform([2, 84, 28, 1], 0, 1, "float32", 1);
  const p = a.predict(x) as tf.Tensor;
  const l = b.predict(x) as tf.Tensor;
  assertEquals(p.shape, [2, 10]);
  const sums = tf.tidy(() => p.sum(1).arraySync() as number[]);
  for (const s of sums) assertAlmostEquals(s, 1, 1e-5);
  // Same seed, same weights: softmax of the logits equals the probabilities.
  const diff = tf.tidy(() => tf.softmax(l).sub(p).abs().max().arraySync() as number);
  assert(diff < 1e-5, `softmax(logits) differs from probabilities by ${diff}`);
  tf.dispose([x, p, l]);
  a.dispose();
  b.dispose();
  assertEquals(tf.memory().numTensors, start);
});

Deno.test("triple CNNs: the seed fixes the initial weights", () => {
  const a = triplePerDigitCnn({ seed: 7 });
  const b = triplePerDigitCnn({ seed: 7 });
  const c = triplePerDigitCnn({ seed: 8 });
  const wa = a.getLayer("block2_conv").getWeights()[0].dataSync();
  const wb = b.getLayer("block2_conv").getWeights()[0].dataSync();
  const wc = c.getLayer("block2_conv").getWeights()[0].dataSync();
  assertEquals(Array.from(wa.slice(0, 20)), Array.from(wb.slice(0, 20)));
  assertNotEquals(Array.from(wa.slice(0, 20)), Array.from(wc.slice(0, 20)));
  [a, b, c].forEach((m) => m.dispose());
});

Deno.test("triple CNNs: weight decay is an L2 of w/2 on kernels only", () => {
  const model = triplePerDigitCnn({ weightDecay: 1e-5 });
  const conv = model.getLayer("block1_conv").getConfig();
  assertEquals((conv.kernelRegularizer as { config: { l2: number } }).config.l2, 5e-6);
  assertEquals(conv.biasRegularizer, null);
  const none = triplePerDigitCnn({ weightDecay: 0 });
  assertEquals(none.getLayer("dense1").getConfig().kernelRegularizer, null);
  assertThrows(() => triplePerDigitCnn({ weightDecay: -1 }), RangeError, "weightDecay -1");
  assertThrows(() => triplePerDigitCnn({ seed: 1.5 }), RangeError, "seed 1.5");
  model.dispose();
  none.dispose();
});

Deno.test("SeededDropout: spatial masks drop whole channels, repeat for a seed, and vanish at inference", () => {
  const x = tf.ones([2, 4, 3, 8]);
  const run = () => {
    const layer = new SeededDropout({ rate: 0.5, spatial: true, seed: 11 });
    const first = layer.apply(x, { training: true }) as tf.Tensor;
    const second = layer.apply(x, { training: true }) as tf.Tensor;
    const out = [first.arraySync(), second.arraySync()] as number[][][][][];
    tf.dispose([first, second]);
    return out;
  };
  const [a1, a2] = run();
  const [b1] = run();
  assertEquals(a1, b1); // same seed, same first mask
  assertNotEquals(a1, a2); // the counter changes the mask per call
  for (let n = 0; n < 2; n++) {
    for (let c = 0; c < 8; c++) {
      const v = a1[n][0][0][c];
      assert(v === 0 || v === 2, `kept units are scaled by 1/(1-rate): found ${v}`);
      for (let h = 0; h < 4; h++) for (let w = 0; w < 3; w++) assertEquals(a1[n][h][w][c], v);
    }
  }
  const layer = new SeededDropout({ rate: 0.5, seed: 1 });
  const y = layer.apply(x) as tf.Tensor;
  assertEquals(y.sum().arraySync(), 2 * 4 * 3 * 8);
  assertThrows(() => new SeededDropout({ rate: 1, seed: 1 }), RangeError, "rate must be in [0, 1)");
  tf.dispose([x, y]);
});

Deno.test("compileTripleCnn() uses Adam 1e-3 and categorical cross-entropy with accuracy", () => {
  const model = compileTripleCnn(triplePerDigitCnn());
  assertEquals(model.optimizer.getConfig().learningRate, 1e-3);
  assertEquals(model.loss, "categoricalCrossentropy");
  assert(model.metricsNames.some((n) => /acc/.test(n)));
  model.dispose();
});
