/**
 * The Triple-MNIST per-digit classifiers of source A (tasks 3 and 4): one network reads one
 * 84×28 third of an 84×84 image and names its digit; the same weights read all three thirds.
 *
 * Porting notes (PyTorch → TF.js), as the notebooks say:
 * - BatchNorm `momentum` is 0.9 here, the Keras spelling of PyTorch's `momentum=0.1` (TF.js's
 *   default 0.99 would update the running statistics ten times more slowly), and `epsilon` is
 *   PyTorch's 1e-5.
 * - A's `Adam(weight_decay=1e-5)` adds `w·θ` to every gradient. Here it is an L2 regulariser
 *   of factor `w/2` on every conv and dense kernel, which adds exactly `w·θ` to those kernels'
 *   gradients (coupled decay, as PyTorch's Adam, not AdamW's decoupled decay); biases and
 *   BatchNorm parameters are not decayed. The regulariser only acts where the training loop
 *   adds `model.losses`-style regularisation (tfjs `model.fit` does).
 * - `Dropout2d` is a dropout whose mask is shared over the height and width of each channel.
 *   `SeededDropout` (`layers.ts`) draws its masks from a seed and a call counter, so that a run
 *   is reproducible (TF.js's own dropout layer would reuse one mask for a fixed seed).
 * - Parameter counts follow PyTorch: trainable parameters only (BatchNorm's running mean and
 *   variance are buffers there and non-trainable weights here; `countTrainableParams` of
 *   `params.ts` counts them).
 *
 * Training these networks (budgets, the trainer, the saved Task 3 model) lives in
 * `lib/triple_tasks`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_SIZE, TRIPLE_MNIST_HEIGHT } from "../triple_mnist/split_set.ts";
import { SeededDropout, TORCH_BN_EPSILON, TORCH_BN_MOMENTUM } from "./layers.ts";

/** Height of one third of a Triple-MNIST image (the image's height). */
export const THIRD_HEIGHT = TRIPLE_MNIST_HEIGHT;
/** Width of one third of a Triple-MNIST image (one MNIST digit's side). */
export const THIRD_WIDTH = DIGIT_SIZE;
/** A's learning rate (Adam) for tasks 3 and 4. */
export const TRIPLE_LEARNING_RATE = 1e-3;
/** A's batch size (images; each gives three thirds). */
export const TRIPLE_BATCH_SIZE = 256;
/** A's Adam weight decay for tasks 3 and 4. */
export const TRIPLE_WEIGHT_DECAY = 1e-5;
/** Trainable parameters of {@linkcode triplePerDigitCnn} (A, task 3). */
export const TRIPLE_PER_DIGIT_CNN_PARAMS = 1_820_474;
/** Trainable parameters of {@linkcode tripleEnhancedCnn} (A, task 4). */
export const TRIPLE_ENHANCED_CNN_PARAMS = 1_663_066;

/** Options shared by the two factories. */
export interface TripleCnnOptions {
  /**
   * Seed of the kernel initialisers and of the dropout masks.
   * @default 42
   */
  seed?: number;
  /**
   * PyTorch-style Adam weight decay `w`, applied as L2 of factor `w/2` on the kernels; 0 turns it off.
   * @default 1e-5
   */
  weightDecay?: number;
  /**
   * BatchNorm momentum in the Keras convention (weight of the old running statistic).
   * @default 0.9
   */
  batchNormMomentum?: number;
  /**
   * Activation of the last Dense layer: `softmax` gives probabilities, `linear` logits.
   * @default "softmax"
   */
  output?: "softmax" | "linear";
}

interface Built {
  seed: number;
  momentum: number;
  regularizer: ReturnType<typeof tf.regularizers.l2> | undefined;
  next: () => number;
}

function settings(options: TripleCnnOptions): Built {
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) {
    throw new RangeError(`Cannot build a Triple-MNIST CNN with seed ${seed}: expected an integer`);
  }
  const wd = options.weightDecay ?? TRIPLE_WEIGHT_DECAY;
  if (!(wd >= 0)) {
    throw new RangeError(
      `Cannot use weightDecay ${wd} as it must be a number >= 0 — pass e.g. 1e-5, or 0 for none`,
    );
  }
  let k = 0;
  return {
    seed,
    momentum: options.batchNormMomentum ?? TORCH_BN_MOMENTUM,
    regularizer: wd > 0 ? tf.regularizers.l2({ l2: wd / 2 }) : undefined,
    next: () => seed * 1009 + k++,
  };
}

function convBlock(
  model: tf.Sequential,
  s: Built,
  block: number,
  filters: number,
  dropout: number,
  first: boolean,
): void {
  const p = `block${block}`;
  model.add(tf.layers.conv2d({
    ...(first ? { inputShape: [THIRD_HEIGHT, THIRD_WIDTH, 1] } : {}),
    name: `${p}_conv`,
    filters,
    kernelSize: 3,
    padding: "same",
    kernelInitializer: tf.initializers.glorotUniform({ seed: s.next() }),
    kernelRegularizer: s.regularizer,
  }));
  // ReLU before BatchNorm, as A wrote it; a separate layer so the conv output (pre-ReLU) can be read.
  model.add(tf.layers.reLU({ name: `${p}_relu` }));
  model.add(tf.layers.batchNormalization({
    name: `${p}_bn`,
    momentum: s.momentum,
    epsilon: TORCH_BN_EPSILON,
  }));
  if (dropout > 0) {
    model.add(
      new SeededDropout({ name: `${p}_dropout`, rate: dropout, spatial: true, seed: s.next() }),
    );
  }
  model.add(tf.layers.maxPooling2d({ name: `${p}_pool`, poolSize: 2 }));
}

function denseBlock(model: tf.Sequential, s: Built, index: number, units: number, dropout: number) {
  const p = `dense${index}`;
  model.add(tf.layers.dense({
    name: p,
    units,
    kernelInitializer: tf.initializers.glorotUniform({ seed: s.next() }),
    kernelRegularizer: s.regularizer,
  }));
  model.add(tf.layers.reLU({ name: `${p}_relu` }));
  model.add(tf.layers.batchNormalization({
    name: `${p}_bn`,
    momentum: s.momentum,
    epsilon: TORCH_BN_EPSILON,
  }));
  if (dropout > 0) {
    model.add(new SeededDropout({ name: `${p}_dropout`, rate: dropout, seed: s.next() }));
  }
}

function head(model: tf.Sequential, s: Built, output: "softmax" | "linear"): void {
  model.add(tf.layers.dense({
    name: "digit",
    units: 10,
    activation: output,
    kernelInitializer: tf.initializers.glorotUniform({ seed: s.next() }),
    kernelRegularizer: s.regularizer,
  }));
}

/**
 * A's Task 3 per-digit CNN, on one 84×28×1 third: Conv(1→24, 3, same)→ReLU→BN→MaxPool2;
 * Conv(24→48, 3, same)→ReLU→BN→MaxPool2 (21×7×48 = 7056); Dense 7056→256→ReLU→BN; Dense 256→10.
 * 1,820,474 trainable parameters. Uncompiled; the caller trains it (Adam 1e-3 in A) and disposes it.
 *
 * Layer names: `block{1,2}_{conv,relu,bn,pool}`, `flatten`, `dense1`, `dense1_{relu,bn}`, `digit`.
 *
 * @param options seed, weight decay, BatchNorm momentum, output activation
 * @returns a new model taking `[batch, 84, 28, 1]` and giving `[batch, 10]`
 * @throws {RangeError} for a non-integer seed or a negative weight decay
 *
 * @example
 * ```ts
 * import { triplePerDigitCnn } from "./triple_mnist.ts";
 * const model = triplePerDigitCnn({ seed: 1 });
 * model.outputs[0].shape; // [null, 10]
 * model.dispose();
 * ```
 */
export function triplePerDigitCnn(options: TripleCnnOptions = {}): tf.Sequential {
  const s = settings(options);
  const model = tf.sequential({ name: "triple_per_digit_cnn" });
  convBlock(model, s, 1, 24, 0, true);
  convBlock(model, s, 2, 48, 0, false);
  model.add(tf.layers.flatten({ name: "flatten" }));
  denseBlock(model, s, 1, 256, 0);
  head(model, s, options.output ?? "softmax");
  return model;
}

/**
 * A's Task 4 enhanced CNN, on one 84×28×1 third: three blocks of 24/48/96 filters, each
 * Conv3×3→ReLU→BN→SpatialDropout(0.15)→MaxPool2 (10×3×96 = 2880); Dense 2880→512→ReLU→BN→
 * Dropout .15→Dense 256→ReLU→BN→Dropout .15→Dense 10. 1,663,066 trainable parameters.
 * Uncompiled; the caller trains and disposes it.
 *
 * Layer names: `block{1,2,3}_{conv,relu,bn,dropout,pool}`, `flatten`, `dense{1,2}`,
 * `dense{1,2}_{relu,bn,dropout}`, `digit`.
 *
 * @param options seed, weight decay, BatchNorm momentum, output activation
 * @returns a new model taking `[batch, 84, 28, 1]` and giving `[batch, 10]`
 * @throws {RangeError} for a non-integer seed or a negative weight decay
 *
 * @example
 * ```ts
 * import { tripleEnhancedCnn } from "./triple_mnist.ts";
 * const model = tripleEnhancedCnn({ seed: 1 });
 * model.outputs[0].shape; // [null, 10]
 * model.dispose();
 * ```
 */
export function tripleEnhancedCnn(options: TripleCnnOptions = {}): tf.Sequential {
  const s = settings(options);
  const model = tf.sequential({ name: "triple_enhanced_cnn" });
  convBlock(model, s, 1, 24, 0.15, true);
  convBlock(model, s, 2, 48, 0.15, false);
  convBlock(model, s, 3, 96, 0.15, false);
  model.add(tf.layers.flatten({ name: "flatten" }));
  denseBlock(model, s, 1, 512, 0.15);
  denseBlock(model, s, 2, 256, 0.15);
  head(model, s, options.output ?? "softmax");
  return model;
}

/**
 * Compiles a Triple-MNIST CNN as A trains it: Adam (lr 1e-3), categorical cross-entropy on the
 * softmax output (the mean over the 3·B digits of a batch), accuracy per digit.
 *
 * @param model a model from {@linkcode triplePerDigitCnn} or {@linkcode tripleEnhancedCnn}
 * @param options the learning rate
 * @returns the same model, compiled
 */
export function compileTripleCnn<M extends tf.LayersModel>(
  model: M,
  options: { learningRate?: number } = {},
): M {
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? TRIPLE_LEARNING_RATE),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}
