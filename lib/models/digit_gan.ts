/**
 * The light conditional GAN of the `quick` and `standard` profiles: it draws **one** 28×28 digit
 * for a requested label, and three of its digits placed in their thirds at random heights make a
 * Triple-MNIST image, exactly the way the data set itself is made (see `composeTriples`).
 *
 * A's cDCGAN spends about a gigaflop per 84×84 image learning, among other things, that the
 * image is three independent digits at random heights on black, which the data set's own
 * recipe states outright. Generating digits and placing them by that recipe keeps what matters
 * for Task 5 (new images of requested numbers, in the data set's layout and distribution) at a
 * few megaflops per digit.
 *
 * - generator: `[noise, label]` → `Embedding(10, 16)` ⊕ noise → Dense 7·7·`width` → LReLU
 *   → `ConvT(width/2, k4, s2)` (14×14) → LReLU → `ConvT(1, k4, s2)` (28×28) → tanh
 * - discriminator: image → `Conv(width/2, k4, s2)` → LReLU → `Conv(width, k4, s2)` → LReLU
 *   → features; digit logits = Dense 10 on the features (auxiliary classifier); validity =
 *   sigmoid(Dense 1 on the features ⊕ a 16-wide label embedding)
 *
 * Options that `standard` turns on (measured by the Task 3 reader, see notebook 08): batch norm
 * after the generator's two hidden layers (`batchNorm`), a discriminator twice as wide as the
 * generator (`discriminatorWidth`), and Glorot-uniform initial weights (`initializer: "glorot"`)
 * instead of DCGAN's N(0, 0.02), which assumes batch norm everywhere to restore the scale.
 *
 * Losses, label smoothing and the auxiliary classifier are A's (`losses.ts`); the learning rates
 * default to DCGAN's 2e-4 for both networks.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import type { ConditionalGan, GanOptimizerSettings } from "./gan_types.ts";

/** Side of one digit image. */
export const DIGIT_GAN_SIZE = 28;

/** Adam settings of the light GAN (DCGAN's). */
export const DIGIT_GAN_OPTIMIZER: GanOptimizerSettings = {
  generatorLearningRate: 2e-4,
  discriminatorLearningRate: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
};

/** Options of {@linkcode digitGan}. */
export interface DigitGanOptions {
  /**
   * seed of the initial weights (the discriminator uses `seed + 1`)
   * @default 42
   */
  seed?: number;
  /**
   * length of the noise vector
   * @default 32
   */
  latentDim?: number;
  /**
   * channels of the 7×7 layer (the 14×14 layer has half as many)
   * @default 64
   */
  width?: number;
  /**
   * channels of the discriminator's 7×7 layer (its 14×14 layer has half as many)
   * @default width
   */
  discriminatorWidth?: number;
  /**
   * batch norm (momentum 0.9) after the generator's dense and 14×14 layers
   * @default false
   */
  batchNorm?: boolean;
  /**
   * initial kernels: DCGAN's `"normal"` N(0, 0.02) or Keras's `"glorot"` uniform (both seeded)
   * @default "normal"
   */
  initializer?: "normal" | "glorot";
}

const SLOPE = 0.2;

function seeds(seed: number, kind: DigitGanOptions["initializer"] = "normal") {
  const rng = new Rng(seed);
  return {
    normal: () =>
      kind === "glorot"
        ? tf.initializers.glorotUniform({ seed: rng.int(2 ** 31) })
        : tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: rng.int(2 ** 31) }),
  };
}

function on(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

/**
 * The light generator: noise and one digit label → a 28×28 digit in [-1, 1].
 *
 * @param options seed, noise length, width
 * @returns an uncompiled model, inputs `[noise [B, latentDim], labels [B, 1] int32]`, output
 *   `[B, 28, 28, 1]`; the caller disposes it
 */
export function digitGenerator(options: DigitGanOptions = {}): tf.LayersModel {
  const s = seeds(options.seed ?? 42, options.initializer);
  const latent = options.latentDim ?? 32;
  const width = options.width ?? 64;
  const noise = tf.input({ shape: [latent], name: "noise" });
  const labels = tf.input({ shape: [1], dtype: "int32", name: "labels" });
  let lab = on(
    tf.layers.embedding({
      inputDim: 10,
      outputDim: 16,
      embeddingsInitializer: s.normal(),
      name: "g_label_embedding",
    }),
    labels,
  );
  lab = on(tf.layers.flatten({ name: "g_label_flat" }), lab);
  let x = on(tf.layers.concatenate({ name: "g_in" }), [noise, lab]);
  x = on(
    tf.layers.dense({
      units: 7 * 7 * width,
      kernelInitializer: s.normal(),
      name: "g_dense",
    }),
    x,
  );
  if (options.batchNorm) x = on(tf.layers.batchNormalization({ momentum: 0.9, name: "g_bn_7" }), x);
  x = on(tf.layers.leakyReLU({ alpha: SLOPE, name: "g_act_7" }), x);
  x = on(tf.layers.reshape({ targetShape: [7, 7, width], name: "g_map_7" }), x);
  x = on(
    tf.layers.conv2dTranspose({
      filters: width / 2,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: s.normal(),
      name: "g_convt_14",
    }),
    x,
  );
  if (options.batchNorm) {
    x = on(tf.layers.batchNormalization({ momentum: 0.9, name: "g_bn_14" }), x);
  }
  x = on(tf.layers.leakyReLU({ alpha: SLOPE, name: "g_act_14" }), x);
  x = on(
    tf.layers.conv2dTranspose({
      filters: 1,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: s.normal(),
      activation: "tanh",
      name: "g_convt_28",
    }),
    x,
  );
  return tf.model({ inputs: [noise, labels], outputs: x, name: "digit_generator" });
}

/**
 * The light discriminator: a 28×28 digit and its label → (real probability, digit logits).
 *
 * @param options seed and width
 * @returns an uncompiled model, inputs `[images [B, 28, 28, 1], labels [B, 1] int32]`, outputs
 *   `[validity [B, 1], digitLogits [B, 1, 10]]`; the caller disposes it
 */
export function digitDiscriminator(options: DigitGanOptions = {}): tf.LayersModel {
  const s = seeds(options.seed ?? 43, options.initializer);
  const width = options.discriminatorWidth ?? options.width ?? 64;
  const images = tf.input({ shape: [DIGIT_GAN_SIZE, DIGIT_GAN_SIZE, 1], name: "images" });
  const labels = tf.input({ shape: [1], dtype: "int32", name: "labels" });
  let x = on(
    tf.layers.conv2d({
      filters: width / 2,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: s.normal(),
      name: "d_conv_14",
    }),
    images,
  );
  x = on(tf.layers.leakyReLU({ alpha: SLOPE, name: "d_act_14" }), x);
  x = on(
    tf.layers.conv2d({
      filters: width,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: s.normal(),
      name: "d_conv_7",
    }),
    x,
  );
  x = on(tf.layers.leakyReLU({ alpha: SLOPE, name: "d_act_7" }), x);
  const features = on(tf.layers.flatten({ name: "d_features" }), x);
  let logits = on(
    tf.layers.dense({ units: 10, kernelInitializer: s.normal(), name: "d_digit" }),
    features,
  );
  logits = on(tf.layers.reshape({ targetShape: [1, 10], name: "digit_logits" }), logits);
  let lab = on(
    tf.layers.embedding({
      inputDim: 10,
      outputDim: 16,
      embeddingsInitializer: s.normal(),
      name: "d_label_embedding",
    }),
    labels,
  );
  lab = on(tf.layers.flatten({ name: "d_label_flat" }), lab);
  const joined = on(tf.layers.concatenate({ name: "d_head_in" }), [features, lab]);
  const validity = on(
    tf.layers.dense({
      units: 1,
      activation: "sigmoid",
      kernelInitializer: s.normal(),
      name: "validity",
    }),
    joined,
  );
  return tf.model({
    inputs: [images, labels],
    outputs: [validity, logits],
    name: "digit_discriminator",
  });
}

/**
 * The light conditional GAN (one digit per image), ready for {@linkcode createGanTrainer}.
 *
 * @param options seed, noise length, widths, batch norm, initializer
 * @returns the two networks and DCGAN's optimiser settings; the caller disposes both models
 * @throws {RangeError} when `width` is not an even positive integer
 * @example
 * ```ts ignore
 * const gan = digitGan({ seed: 1 });
 * gan.generator.countParams();
 * ```
 */
export function digitGan(options: DigitGanOptions = {}): ConditionalGan {
  const width = options.width ?? 64;
  for (const w of [width, options.discriminatorWidth ?? width]) {
    if (!Number.isInteger(w) || w < 2 || w % 2 !== 0) {
      throw new RangeError(
        `Cannot build the digit GAN with width ${w} as it must be an even positive integer — e.g. 64`,
      );
    }
  }
  const seed = options.seed ?? 42;
  return {
    name: "digit-gan",
    generator: digitGenerator({ ...options, seed }),
    discriminator: digitDiscriminator({ ...options, seed: seed + 1 }),
    latentDim: options.latentDim ?? 32,
    digits: 1,
    imageSize: DIGIT_GAN_SIZE,
    optimizer: DIGIT_GAN_OPTIMIZER,
  };
}
