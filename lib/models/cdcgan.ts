/**
 * Source A's conditional DCGAN for Triple-MNIST (task 5a): a generator that draws an 84×84
 * image of a requested three-digit number, and a discriminator that judges real/fake and reads
 * the three digits back.
 *
 * The architecture is A's, layer for layer; where A's text leaves a detail open, the parameter
 * counts decide it:
 * - generator, 3,644,960 parameters: **one** `Embedding(10, 16)` applied to each of the three
 *   digits (3 × 16 = 48), and transposed convolutions **without bias** (DCGAN's `bias=False`);
 *   the two input projections are plain dense layers with bias.
 * - discriminator, 8,485,643 parameters: convolutions with bias, one `Embedding(10, 16)` for the
 *   label, and a batch norm after each hidden dense layer (auxiliary classifier 128, label
 *   projection 64, adversarial head 256); these 160 + 896 parameters are what the count needs
 *   beyond the layers A's text lists.
 *
 * Porting notes:
 * - PyTorch's `ConvTranspose2d(64, 1, 4, 2, padding=7)` (48 → 84) has no TF.js twin: a `valid`
 *   transposed convolution (48 → 98) then a 7-pixel crop on each side computes exactly the same.
 * - BatchNorm momentum is PyTorch's 0.1, i.e. TF.js `momentum: 0.9`, and epsilon 1e-5.
 * - Initial weights follow DCGAN: kernels N(0, 0.02), batch-norm gamma N(1, 0.02), seeded; the
 *   dropout masks come from a seed too (`SeededDropout` of `layers.ts`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import { TRIPLE_MNIST_HEIGHT } from "../triple_mnist/split_set.ts";
import { IMAGE_THIRD_WIDTH, ImageThird, SeededDropout } from "./layers.ts";
import type { ConditionalGan, GanOptimizerSettings } from "./gan_types.ts";

/** Side of A's images in pixels. */
export const CDCGAN_IMAGE_SIZE = TRIPLE_MNIST_HEIGHT;
/** Width of one digit's third of the image. */
export const CDCGAN_THIRD_WIDTH = IMAGE_THIRD_WIDTH;
/** Length of the generator's noise vector. */
export const CDCGAN_LATENT_DIM = 128;
/** Size of each digit's label embedding. */
export const CDCGAN_EMBEDDING_DIM = 16;
/** Digits per image. */
export const CDCGAN_DIGITS = 3;
/** Trainable parameters of A's generator. */
export const CDCGAN_GENERATOR_PARAMS = 3_644_960;
/** Trainable parameters of A's discriminator. */
export const CDCGAN_DISCRIMINATOR_PARAMS = 8_485_643;

/** A's optimiser settings: Adam with β1 0.5, the discriminator learning twice as fast. */
export const CDCGAN_OPTIMIZER: GanOptimizerSettings = {
  generatorLearningRate: 5e-5,
  discriminatorLearningRate: 1e-4,
  beta1: 0.5,
  beta2: 0.999,
};

/** PyTorch's BatchNorm momentum 0.1 is TF.js momentum 0.9 (the weight of the old average). */
export const CDCGAN_BN_MOMENTUM = 0.9;
/** PyTorch's BatchNorm epsilon. */
export const CDCGAN_BN_EPSILON = 1e-5;

const LEAKY_SLOPE = 0.2;
const DROPOUT = 0.3;
const INIT_STDDEV = 0.02;

/** Options of the cDCGAN factories. */
export interface CdcganOptions {
  /**
   * seed of the initial weights
   * @default 42
   */
  seed?: number;
  /**
   * batch-norm momentum in TF.js's sense (weight of the running average)
   * @default 0.9 (PyTorch's 0.1)
   */
  bnMomentum?: number;
}

/** Seeded DCGAN initialisers: one fresh seed per layer. */
function initialisers(seed: number) {
  const rng = new Rng(seed);
  return {
    kernel: () =>
      tf.initializers.randomNormal({ mean: 0, stddev: INIT_STDDEV, seed: rng.int(2 ** 31) }),
    gamma: () =>
      tf.initializers.randomNormal({ mean: 1, stddev: INIT_STDDEV, seed: rng.int(2 ** 31) }),
    seed: () => rng.int(2 ** 31),
  };
}

function batchNorm(
  init: ReturnType<typeof initialisers>,
  momentum: number,
  name: string,
): tf.layers.Layer {
  return tf.layers.batchNormalization({
    momentum,
    epsilon: CDCGAN_BN_EPSILON,
    gammaInitializer: init.gamma(),
    name,
  });
}

function apply(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) {
  return layer.apply(x) as tf.SymbolicTensor;
}

/**
 * A's generator: noise and three digit labels → an 84×84 image in [-1, 1].
 *
 * Embedding(10,16) per digit → 48 → Dense → 128×6×6; noise (128) → Dense → 256×6×6; concatenated
 * 384×6×6 → three `ConvT(k4, s2, same)` → BN → LeakyReLU 0.2 blocks (256@12, 128@24, 64@48) →
 * `ConvT(64→1, k4, s2, valid)` (98×98) → crop 7 each side → tanh.
 *
 * @param options seed and batch-norm momentum
 * @returns an uncompiled model with inputs `[noise [B,128], labels [B,3] int32]` and output
 *   `[B, 84, 84, 1]`; the caller disposes it
 * @example
 * ```ts ignore
 * const g = cdcganGenerator({ seed: 1 });
 * g.countParams(); // 3644960
 * ```
 */
export function cdcganGenerator(options: CdcganOptions = {}): tf.LayersModel {
  const init = initialisers(options.seed ?? 42);
  const momentum = options.bnMomentum ?? CDCGAN_BN_MOMENTUM;
  const noise = tf.input({ shape: [CDCGAN_LATENT_DIM], name: "noise" });
  const labels = tf.input({ shape: [CDCGAN_DIGITS], dtype: "int32", name: "labels" });

  let lab = apply(
    tf.layers.embedding({
      inputDim: 10,
      outputDim: CDCGAN_EMBEDDING_DIM,
      embeddingsInitializer: init.kernel(),
      name: "g_label_embedding",
    }),
    labels,
  );
  lab = apply(tf.layers.flatten({ name: "g_label_flat" }), lab);
  lab = apply(
    tf.layers.dense({
      units: 128 * 6 * 6,
      kernelInitializer: init.kernel(),
      name: "g_label_dense",
    }),
    lab,
  );
  lab = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "g_label_act" }), lab);
  lab = apply(tf.layers.reshape({ targetShape: [6, 6, 128], name: "g_label_map" }), lab);

  let z = apply(
    tf.layers.dense({
      units: 256 * 6 * 6,
      kernelInitializer: init.kernel(),
      name: "g_noise_dense",
    }),
    noise,
  );
  z = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "g_noise_act" }), z);
  z = apply(tf.layers.reshape({ targetShape: [6, 6, 256], name: "g_noise_map" }), z);

  let x = apply(tf.layers.concatenate({ axis: -1, name: "g_concat" }), [z, lab]);
  for (const [filters, size] of [[256, 12], [128, 24], [64, 48]]) {
    x = apply(
      tf.layers.conv2dTranspose({
        filters,
        kernelSize: 4,
        strides: 2,
        padding: "same",
        useBias: false,
        kernelInitializer: init.kernel(),
        name: `g_convt_${size}`,
      }),
      x,
    );
    x = apply(batchNorm(init, momentum, `g_bn_${size}`), x);
    x = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: `g_act_${size}` }), x);
  }
  // PyTorch padding 7: the full 98×98 output, cropped by 7 on every side.
  x = apply(
    tf.layers.conv2dTranspose({
      filters: 1,
      kernelSize: 4,
      strides: 2,
      padding: "valid",
      useBias: false,
      kernelInitializer: init.kernel(),
      name: "g_convt_98",
    }),
    x,
  );
  x = apply(tf.layers.cropping2D({ cropping: [[7, 7], [7, 7]], name: "g_crop_84" }), x);
  x = apply(tf.layers.activation({ activation: "tanh", name: "g_tanh" }), x);
  return tf.model({ inputs: [noise, labels], outputs: x, name: "cdcgan_generator" });
}

/**
 * A's discriminator: an 84×84 image and three digit labels → (real probability, digit logits).
 *
 * Each 84×28 third runs through one shared trunk `Conv(32,k4,s2)→BN→LReLU→Dropout .3→
 * Conv(64,k4,s2)→BN→LReLU→Dropout .3` (64×21×7 = 9408 features); a shared auxiliary classifier
 * `9408→128→BN→LReLU→10` reads each third's digit; the adversarial head takes the three features
 * and a label projection (`Embedding(10,16)` ×3 = 48 → 64 → BN → LReLU) → 256 → BN → LReLU →
 * Dropout .3 → 1 → sigmoid.
 *
 * @param options seed and batch-norm momentum
 * @returns an uncompiled model with inputs `[images [B,84,84,1], labels [B,3] int32]` and outputs
 *   `[validity [B,1], digitLogits [B,3,10]]`; the caller disposes it
 * @example
 * ```ts ignore
 * const d = cdcganDiscriminator({ seed: 2 });
 * d.countParams(); // 8485643
 * ```
 */
export function cdcganDiscriminator(options: CdcganOptions = {}): tf.LayersModel {
  const init = initialisers(options.seed ?? 43);
  const momentum = options.bnMomentum ?? CDCGAN_BN_MOMENTUM;
  const images = tf.input({ shape: [CDCGAN_IMAGE_SIZE, CDCGAN_IMAGE_SIZE, 1], name: "images" });
  const labels = tf.input({ shape: [CDCGAN_DIGITS], dtype: "int32", name: "labels" });

  const trunk: tf.layers.Layer[] = [
    tf.layers.conv2d({
      filters: 32,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: init.kernel(),
      name: "d_conv_1",
    }),
    batchNorm(init, momentum, "d_bn_1"),
    tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "d_act_1" }),
    new SeededDropout({ rate: DROPOUT, seed: init.seed(), name: "d_drop_1" }),
    tf.layers.conv2d({
      filters: 64,
      kernelSize: 4,
      strides: 2,
      padding: "same",
      kernelInitializer: init.kernel(),
      name: "d_conv_2",
    }),
    batchNorm(init, momentum, "d_bn_2"),
    tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "d_act_2" }),
    new SeededDropout({ rate: DROPOUT, seed: init.seed(), name: "d_drop_2" }),
    tf.layers.reshape({ targetShape: [1, 21 * 7 * 64], name: "d_third_features" }),
  ];
  const thirds = [0, 1, 2].map((index) => {
    let t = apply(new ImageThird({ index, name: `d_third_${index}` }), images);
    for (const layer of trunk) t = apply(layer, t);
    return t;
  });
  const features = apply(tf.layers.concatenate({ axis: 1, name: "d_features" }), thirds); // [B,3,9408]

  // The auxiliary classifier: dense layers act on the last axis, so one set of weights reads all thirds.
  let aux = apply(
    tf.layers.dense({ units: 128, kernelInitializer: init.kernel(), name: "d_aux_dense" }),
    features,
  );
  aux = apply(batchNorm(init, momentum, "d_aux_bn"), aux);
  aux = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "d_aux_act" }), aux);
  const digitLogits = apply(
    tf.layers.dense({ units: 10, kernelInitializer: init.kernel(), name: "digit_logits" }),
    aux,
  );

  let lab = apply(
    tf.layers.embedding({
      inputDim: 10,
      outputDim: CDCGAN_EMBEDDING_DIM,
      embeddingsInitializer: init.kernel(),
      name: "d_label_embedding",
    }),
    labels,
  );
  lab = apply(tf.layers.flatten({ name: "d_label_flat" }), lab);
  lab = apply(
    tf.layers.dense({ units: 64, kernelInitializer: init.kernel(), name: "d_label_dense" }),
    lab,
  );
  lab = apply(batchNorm(init, momentum, "d_label_bn"), lab);
  lab = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "d_label_act" }), lab);

  let h = apply(tf.layers.flatten({ name: "d_features_flat" }), features);
  h = apply(tf.layers.concatenate({ axis: -1, name: "d_head_in" }), [h, lab]);
  h = apply(
    tf.layers.dense({ units: 256, kernelInitializer: init.kernel(), name: "d_head_dense" }),
    h,
  );
  h = apply(batchNorm(init, momentum, "d_head_bn"), h);
  h = apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: "d_head_act" }), h);
  h = apply(new SeededDropout({ rate: DROPOUT, seed: init.seed(), name: "d_head_drop" }), h);
  const validity = apply(
    tf.layers.dense({
      units: 1,
      activation: "sigmoid",
      kernelInitializer: init.kernel(),
      name: "validity",
    }),
    h,
  );
  return tf.model({
    inputs: [images, labels],
    outputs: [validity, digitLogits],
    name: "cdcgan_discriminator",
  });
}

/**
 * A's whole cDCGAN: generator, discriminator and optimiser settings, ready for `lib/gan`'s trainer.
 *
 * @param options seed (the discriminator uses `seed + 1`) and batch-norm momentum
 * @returns the two networks and their settings; the caller disposes both models
 * @example
 * ```ts ignore
 * import { createGanTrainer } from "../gan/mod.ts";
 * const trainer = createGanTrainer(cdcgan({ seed: 1 }));
 * const { generatorLoss, discriminatorLoss } = await trainer.step(realImages, labels);
 * ```
 */
export function cdcgan(options: CdcganOptions = {}): ConditionalGan {
  const seed = options.seed ?? 42;
  return {
    name: "cdcgan",
    generator: cdcganGenerator({ ...options, seed }),
    discriminator: cdcganDiscriminator({ ...options, seed: seed + 1 }),
    latentDim: CDCGAN_LATENT_DIM,
    digits: CDCGAN_DIGITS,
    imageSize: CDCGAN_IMAGE_SIZE,
    optimizer: CDCGAN_OPTIMIZER,
  };
}
