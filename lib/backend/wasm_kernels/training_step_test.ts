/**
 * Whole training steps on wasm (our kernels) against cpu, from the same weights and data, for
 * each kind of model the notebooks train: a small CNN, a conv net with batch norm and spatial
 * dropout, a cDCGAN-style generator (embedding, conv2dTranspose, batch norm, LeakyReLU, tanh)
 * feeding a strided-conv discriminator, and a hand-written tf.variableGrads loop. Sizes are
 * scaled down so that the cpu reference stays fast; every layer type is there.
 */
import * as tf from "@tensorflow/tfjs";
import { assert } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, useWasm } from "./_test_utils.ts";

await useWasm();

/** Adam's update divides by √v: a weight whose gradient is ~0 moves by ±lr either way. */
const STEPS = 2;

/**
 * Adam's ε. TF.js's default (1e-7) makes a step of about ±lr out of any gradient larger than
 * ε, however small: a weight whose true gradient is ~1e-7 (float32 rounding of sums of order
 * 0.1) would then move by an amount that depends on that rounding alone, which differs between
 * any two correct summation orders (Winograd's and a direct convolution's included). With ε =
 * 1e-3 such gradients move their weights in proportion, so that the comparison below tests the
 * kernels, not Adam's conditioning near zero.
 */
const EPSILON = 1e-3;

/**
 * Adam's learning rate, which is also about the most a weight moves in one step. Weights are
 * compared on the larger of their own size and this step: a bias whose gradient is ~0 moves
 * by ~1e-5 and its float32 rounding is not a kernel error.
 */
const LEARNING_RATE = 0.01;

/** The starting weights' seed (each test draws its data from its own). */
const SEED = 2026;

interface Outcome {
  losses: number[];
  weights: Float32Array[];
  names: string[];
}

function randomArray(rng: Rng, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

/**
 * Seeded starting weights for `model`: weights that TF.js initialises to a constant (biases,
 * batch norm's γ, β and moving statistics) keep that constant; the others are drawn by TF.js's
 * Glorot-uniform initialiser, seeded with `seed` plus the weight's index. The layers' own
 * initialisers are unseeded, which made these tests compare a different model on every run, and
 * now and then one with a weight that barely moved, where a relative tolerance measures rounding.
 */
function seededWeights(model: tf.LayersModel, seed: number): Float32Array[] {
  return model.getWeights().map((w, i) => {
    const values = w.dataSync() as Float32Array;
    if (values.every((v) => v === values[0])) return Float32Array.from(values);
    return tf.tidy(() =>
      tf.initializers.glorotUniform({ seed: seed + i }).apply(w.shape).dataSync() as Float32Array
    );
  });
}

/** Builds the model on `backend`, loads the `initial` weights, runs STEPS trainOnBatch calls. */
async function trainOn(
  backend: string,
  build: () => tf.LayersModel,
  initial: (model: tf.LayersModel) => Float32Array[],
  data: () => { xs: tf.Tensor | tf.Tensor[]; ys: tf.Tensor },
  loss: string,
): Promise<Outcome & { initial: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = build();
  const start = initial(model);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(start[i], w.shape)));
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE, 0.5, 0.999, EPSILON), loss });
  const { xs, ys } = data();
  const losses: number[] = [];
  for (let i = 0; i < STEPS; i++) losses.push(await model.trainOnBatch(xs, ys) as number);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const names = model.weights.map((w) => w.originalName);
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses, weights, names, initial: start };
}

async function assertSameTraining(
  build: () => tf.LayersModel,
  data: () => { xs: tf.Tensor | tf.Tensor[]; ys: tf.Tensor },
  loss: string,
  seed: number,
): Promise<void> {
  const cpu = await trainOn(
    "cpu",
    build,
    (model) => seededWeights(model, seed),
    data,
    loss,
  );
  const wasm = await trainOn("wasm", build, () => cpu.initial, data, loss);
  assertAllClose(wasm.losses, cpu.losses, 1e-4, "losses");
  assert(cpu.losses[STEPS - 1] !== cpu.losses[0], "the loss must change");
  cpu.weights.forEach((w, i) =>
    assertAllClose(wasm.weights[i], w, 1e-4, `weight ${i} (${cpu.names[i]})`, LEARNING_RATE)
  );
}

Deno.test("a small CNN's training steps on wasm match cpu", async () => {
  const rng = new Rng(11);
  const x = randomArray(rng, 6 * 14 * 14), labels = [0, 1, 2, 3, 4, 5];
  await assertSameTraining(
    () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [14, 14, 1],
            filters: 8,
            kernelSize: 3,
            activation: "relu",
          }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 12, activation: "relu" }),
          tf.layers.dropout({ rate: 0.2, seed: 3 }),
          tf.layers.dense({ units: 10, activation: "softmax" }),
        ],
      }),
    () => ({
      xs: tf.tensor4d(x, [6, 14, 14, 1]),
      ys: tf.oneHot(tf.tensor1d(labels, "int32"), 10),
    }),
    "categoricalCrossentropy",
    SEED,
  );
});

Deno.test("a conv net with batch norm and spatial dropout trains the same on wasm and cpu", async () => {
  const rng = new Rng(12);
  const x = randomArray(rng, 6 * 12 * 12 * 1);
  await assertSameTraining(
    () =>
      tf.sequential({
        layers: [
          // No bias before batch norm: its gradient is exactly zero, and Adam would turn the
          // rounding noise of that zero into ±lr steps that differ between backends.
          tf.layers.conv2d({
            inputShape: [12, 12, 1],
            filters: 6,
            kernelSize: 3,
            padding: "same",
            useBias: false,
          }),
          tf.layers.reLU(),
          tf.layers.batchNormalization({ momentum: 0.9 }),
          // Spatial dropout: one mask value per (example, channel).
          tf.layers.dropout({ rate: 0.25, noiseShape: [6, 1, 1, 6], seed: 5 }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({
            filters: 8,
            kernelSize: 3,
            strides: 2,
            padding: "same",
            useBias: false,
          }),
          tf.layers.reLU(),
          tf.layers.batchNormalization({ momentum: 0.9 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, activation: "softmax" }),
        ],
      }),
    () => ({
      xs: tf.tensor4d(x, [6, 12, 12, 1]),
      ys: tf.oneHot(tf.tensor1d([1, 3, 5, 7, 9, 0], "int32"), 10),
    }),
    "categoricalCrossentropy",
    SEED,
  );
});

Deno.test("a cDCGAN-style generator and discriminator train the same on wasm and cpu", async () => {
  const rng = new Rng(13);
  const noise = randomArray(rng, 4 * 8);
  const build = () => {
    const digits = tf.input({ shape: [3], dtype: "int32" });
    const z = tf.input({ shape: [8] });
    const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
      layer.apply(x) as tf.SymbolicTensor;
    let e = apply(tf.layers.embedding({ inputDim: 10, outputDim: 4 }), digits);
    e = apply(tf.layers.flatten(), e);
    e = apply(
      tf.layers.reshape({ targetShape: [3, 3, 4] }),
      apply(tf.layers.dense({ units: 36 }), e),
    );
    let n = apply(tf.layers.dense({ units: 54 }), z);
    n = apply(tf.layers.reshape({ targetShape: [3, 3, 6] }), n);
    let h = apply(tf.layers.concatenate(), [e, n]);
    h = apply(
      tf.layers.conv2dTranspose({
        filters: 5,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        useBias: false,
      }),
      h,
    ); // 6×6
    h = apply(tf.layers.batchNormalization({ momentum: 0.9 }), h);
    h = apply(tf.layers.leakyReLU({ alpha: 0.2 }), h);
    h = apply(
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: "valid" }),
      h,
    ); // 14×14
    h = apply(tf.layers.cropping2D({ cropping: [[1, 1], [1, 1]] }), h); // 12×12
    h = apply(tf.layers.activation({ activation: "tanh" }), h);
    // The discriminator: strided conv, dropout, a sigmoid score.
    h = apply(tf.layers.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: "same" }), h);
    h = apply(tf.layers.leakyReLU({ alpha: 0.2 }), h);
    h = apply(tf.layers.dropout({ rate: 0.3, seed: 7 }), h);
    h = apply(tf.layers.flatten(), h);
    h = apply(tf.layers.dense({ units: 1, activation: "sigmoid" }), h);
    return tf.model({ inputs: [digits, z], outputs: h });
  };
  await assertSameTraining(
    build,
    () => ({
      xs: [
        tf.tensor2d([[1, 2, 3], [0, 9, 5], [7, 7, 1], [4, 0, 8]], [4, 3], "int32"),
        tf.tensor2d(noise, [4, 8]),
      ],
      ys: tf.tensor2d([[0.9], [0.1], [0.9], [0.1]]),
    }),
    "binaryCrossentropy",
    SEED,
  );
});

Deno.test("a hand-written tf.variableGrads loop gives the same losses and weights on wasm", async () => {
  const rng = new Rng(14);
  const w1 = randomArray(rng, 3 * 3 * 2 * 3, 0.3), w2 = randomArray(rng, 27 * 4, 0.2);
  const x = randomArray(rng, 3 * 7 * 7 * 2);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const k1 = tf.variable(tf.tensor4d(w1, [3, 3, 2, 3]));
    const k2 = tf.variable(tf.tensor2d(w2, [27, 4]));
    const b2 = tf.variable(tf.zeros([4]));
    const xs = tf.tensor4d(x, [3, 7, 7, 2]);
    const ys = tf.oneHot(tf.tensor1d([0, 3, 1], "int32"), 4);
    const optimizer = tf.train.adam(0.05, 0.9, 0.999, EPSILON);
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.relu(tf.conv2d(xs, k1 as tf.Tensor4D, 2, "same"));
        const p = tf.reshape(tf.maxPool(h, 2, 1, "valid"), [3, 27]);
        return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(p, k2), b2)) as tf.Scalar;
      });
      optimizer.applyGradients(
        grads as tf.NamedTensorMap as Parameters<typeof optimizer.applyGradients>[0],
      );
      losses.push(value.dataSync()[0]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    const weights = [k1, k2, b2].map((v) => v.dataSync() as Float32Array);
    tf.dispose([k1, k2, b2, xs, ys]);
    optimizer.dispose();
    return { losses, weights };
  };
  const cpu = await run("cpu");
  const wasm = await run("wasm");
  assertAllClose(wasm.losses, cpu.losses, 1e-4, "losses");
  cpu.weights.forEach((w, i) => assertAllClose(wasm.weights[i], w, 1e-4, `variable ${i}`));
});
