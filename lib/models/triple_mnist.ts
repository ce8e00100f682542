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
 *   {@linkcode SeededDropout} draws its masks from a seed and a call counter, so that a run is
 *   reproducible (TF.js's own dropout layer would reuse one mask for a fixed seed).
 * - Parameter counts follow PyTorch: trainable parameters only (BatchNorm's running mean and
 *   variance are buffers there and non-trainable weights here).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { activeSeed, byProfile, type ProfileName } from "../config/mod.ts";
import { notebookResultsDir } from "../paths/mod.ts";
import { augmentedSource, type AugmentOptions } from "../augment/mod.ts";
import { scoreTriple } from "../analysis/mod.ts";
import {
  type Batch,
  type EpochLog,
  type ExampleSource,
  fit,
  keepBestWeights,
  predict,
  type ProgressReporter,
} from "../train/mod.ts";
import {
  type DigitPool,
  digitsSource,
  firstPerClass,
  loadTripleMnist,
  thirdsSource,
  type TripleMnist,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";
import { loadModelFolder, MODEL_RECORD_FILE, saveModelFolder } from "./io.ts";

/** Height of one third of a Triple-MNIST image. */
export const THIRD_HEIGHT = 84;
/** Width of one third of a Triple-MNIST image. */
export const THIRD_WIDTH = 28;
/** Digits per Triple-MNIST image. */
export const DIGITS_PER_IMAGE = 3;
/** A's learning rate (Adam) for tasks 3 and 4. */
export const TRIPLE_LEARNING_RATE = 1e-3;
/** A's batch size (images; each gives three thirds). */
export const TRIPLE_BATCH_SIZE = 256;
/** A's Adam weight decay for tasks 3 and 4. */
export const TRIPLE_WEIGHT_DECAY = 1e-5;
/** Keras-convention BatchNorm momentum equal to PyTorch's default 0.1. */
export const TORCH_BN_MOMENTUM = 0.9;
/** PyTorch's BatchNorm epsilon. */
export const TORCH_BN_EPSILON = 1e-5;
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

/** Configuration of {@linkcode SeededDropout}. */
export interface SeededDropoutArgs {
  /** fraction of units (or channels) set to zero while training, in [0, 1) */
  rate: number;
  /** drop whole channels of an NHWC tensor (PyTorch `Dropout2d`) instead of single units */
  spatial?: boolean;
  /** seed of the first mask; call `k` uses `seed + k` */
  seed: number;
  /** layer name */
  name?: string;
}

/**
 * Dropout whose masks come from a seed and a call counter, so a training run can be repeated
 * exactly. With `spatial: true` it drops whole feature maps (`[batch, 1, 1, channels]` mask), as
 * PyTorch's `Dropout2d`. Identity at inference.
 */
export class SeededDropout extends tf.layers.Layer {
  /** @internal serialisation name */
  static className = "SeededDropout";
  /** drop rate */
  readonly rate: number;
  /** whether masks are per channel */
  readonly spatial: boolean;
  /** base seed */
  readonly seed: number;
  #calls = 0;

  /**
   * @param args rate, spatial, seed, name
   * @throws {RangeError} when `rate` is outside [0, 1)
   */
  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(
        `Cannot build dropout '${
          args.name ?? "dropout"
        }' as its rate must be in [0, 1): found ${args.rate}`,
      );
    }
    this.rate = args.rate;
    this.spatial = args.spatial ?? false;
    this.seed = args.seed;
  }

  /** Applies the mask while training; returns the input unchanged otherwise. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs["training"] !== true || this.rate === 0) return x.clone();
      const spatial = this.spatial && x.rank === 4;
      const shape = x.shape.map((d, i) => spatial && (i === 1 || i === 2) ? 1 : d);
      return tf.dropout(x, this.rate, shape, this.seed + this.#calls++);
    });
  }

  /** Same shape out as in. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** Rate, spatial flag and seed, for saving. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, spatial: this.spatial, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

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
 * Counts a model's trainable parameters (PyTorch's `sum(p.numel() for p in model.parameters())`).
 *
 * @param model any TF.js layers model
 * @returns the number of trainable scalars
 */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0,
  );
}

// ---------------------------------------------------------------------------------------------
// Training recipes (A's Task 3 and 4) on lib/triple_mnist data.

/** The notebook whose results folder holds the trained Task 3 classifier. */
export const TASK3_NOTEBOOK = "06_triple_mnist_task3_per_digit_cnn";
/** The notebook of Task 4. */
export const TASK4_NOTEBOOK = "07_triple_mnist_task4_enhanced_cnn";

/** How much a recipe trains: images per class of the training split, epochs, batch size. */
export interface TripleTrainingBudget {
  /** training images per class (the first ones of each class) */
  imagesPerClass: number;
  /** epochs */
  epochs: number;
  /** images per batch (each gives 3 digits); A's is 256 */
  batchImages: number;
  /**
   * the factor the learning rate is multiplied by after every epoch (A kept it constant: 1)
   * @default 1
   */
  learningRateDecay?: number;
}

/**
 * Task 3's budget per profile. `full` is A's (100 images per class, 10 epochs, batch 256,
 * constant learning rate). `standard` trains in a few minutes on the `wasm` backend: 20 images per
 * class in batches of 32 images (eight times as many updates per epoch as A's 256), for at most 4
 * epochs, halving the learning rate after every epoch, and keeps the epoch with the best
 * validation exact match. Chosen on validation exact match alone (the first 10 images of each
 * validation class, disjoint pool, seed 42; `triple_budget_cli.ts`, which never scores the test
 * split): with A's constant rate the five epochs scored 74.6, 85.0, 85.1, 89.4 and 85.1%, the
 * swings of a rate too high to settle; halving it each epoch scored 74.6, 90.1, 91.9 and 92.3%.
 * `quick` only proves the notebook runs.
 */
export const TASK3_BUDGET: Readonly<Record<ProfileName, TripleTrainingBudget>> = Object.freeze({
  quick: { imagesPerClass: 1, epochs: 1, batchImages: 32 },
  standard: { imagesPerClass: 20, epochs: 4, batchImages: 32, learningRateDecay: 0.5 },
  full: { imagesPerClass: 100, epochs: 10, batchImages: TRIPLE_BATCH_SIZE },
});

/**
 * The test exact match that Tasks 3 and 4 must reach under `standard`, with every choice made on
 * validation (issue 12); the notebooks compare their test figure with it.
 */
export const TRIPLE_EXACT_MATCH_TARGET = 0.9;

/** Validation images per class scored after each training epoch (enough for a learning curve). */
export const VALIDATION_IMAGES_PER_CLASS = 10;

/**
 * Task 4's budget per profile. `full` is A's (100 images per class, 250 epochs, batch 256,
 * constant learning rate). `standard` trains on Task 3's images and batches for at most 4 epochs,
 * halving the learning rate after every epoch as Task 3 does, and keeps the epoch with the best
 * validation exact match. With A's constant rate, the validation exact match of the budget study
 * (`triple_budget_cli.ts`, disjoint pool, seed 42) rose 80.4, 84.4, 88.0% over the first three
 * epochs; notebook 07 shows the decayed run's figures per epoch beside them.
 */
export const TASK4_BUDGET: Readonly<Record<ProfileName, TripleTrainingBudget>> = Object.freeze({
  quick: { imagesPerClass: 1, epochs: 1, batchImages: 32 },
  standard: { imagesPerClass: 20, epochs: 4, batchImages: 32, learningRateDecay: 0.5 },
  full: { imagesPerClass: 100, epochs: 250, batchImages: TRIPLE_BATCH_SIZE },
});

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

/**
 * A batch of whole images (`xs` `[b, 84, 84, 1]`, `ys` `[b, 3, 10]`, as `digitsSource` makes
 * them) as per-digit examples: `xs` `[3b, 84, 28, 1]`, `ys` `[3b, 10]`, third `l` of image `i`
 * at `3i + l` (the order of `thirdsSource`). New tensors; call it inside `tf.tidy` or dispose them.
 *
 * @param batch whole images and their three one-hot digits (not disposed)
 * @returns the thirds and their digits
 * @throws {TypeError} when the shapes are not `[b, 84, 84, 1]` and `[b, 3, 10]`
 */
export function thirdsBatch(batch: Batch): Batch {
  const { xs, ys } = batch;
  const b = xs.shape[0];
  if (
    xs.rank !== 4 || xs.shape[1] !== 84 || xs.shape[2] !== 84 || ys.rank !== 3 ||
    ys.shape[0] !== b || ys.shape[1] !== 3 || ys.shape[2] !== 10
  ) {
    throw new TypeError(
      `Cannot cut a batch of xs [${xs.shape}] and ys [${ys.shape}] into thirds as they must be ` +
        `[b, 84, 84, 1] and [b, 3, 10] — use digitsSource of lib/triple_mnist`,
    );
  }
  return tf.tidy(() => ({
    xs: tf.stack(tf.split(xs, 3, 2), 1).reshape([3 * b, THIRD_HEIGHT, THIRD_WIDTH, 1]),
    ys: ys.reshape([3 * b, 10]),
  }));
}

/** Options of {@linkcode perDigitTrainingSource}. */
export interface PerDigitTrainingSourceOptions {
  /** which images of the split (default all) */
  indices?: ArrayLike<number>;
  /** augment each whole image before cutting it (Task 4); off when not given */
  augment?: AugmentOptions & { seed: number };
}

/**
 * The training examples of a per-digit CNN: one example per whole image (so a batch of 256 is
 * A's batch of 256 images), optionally augmented as a whole (Task 4), each batch then cut into
 * its 3·B thirds. For validation and prediction use `thirdsSource` (one example per third).
 *
 * @param split the training split
 * @param options which images, and the augmentation
 * @returns a source of `size` images whose batches hold 3 examples per image
 */
export function perDigitTrainingSource(
  split: TripleMnistSplit,
  options: PerDigitTrainingSourceOptions = {},
): ExampleSource {
  const images = digitsSource(split, options.indices ? { indices: options.indices } : {});
  if (options.augment) {
    return augmentedSource(images, { ...options.augment, after: thirdsBatch });
  }
  return {
    size: images.size,
    batch(indices: Int32Array): Batch {
      const whole = images.batch(indices);
      try {
        return thirdsBatch(whole);
      } finally {
        tf.dispose([whole.xs, whole.ys]);
      }
    },
  };
}

/** Options of {@linkcode trainTripleCnn}. */
export interface TrainTripleCnnOptions {
  /** epochs (with `keepBest`, the most epochs: the best one on validation is kept) */
  epochs: number;
  /** seed of the shuffling and the augmentation */
  seed: number;
  /**
   * images per batch (each gives 3 examples)
   * @default 256
   */
  batchSize?: number;
  /** augment the training images (Task 4); A's strengths when `true` */
  augment?: boolean | AugmentOptions;
  /**
   * the factor the optimizer's learning rate is multiplied by after every epoch (restored at the
   * end); A kept it constant
   * @default 1
   */
  learningRateDecay?: number;
  /**
   * validation images, scored after each epoch: loss and accuracy per digit, and the exact match
   * of the whole number
   */
  validation?: TripleMnistSplit;
  /**
   * keep the weights of the epoch with the highest validation exact match (ties keep the
   * earlier epoch) and restore them at the end; needs `validation`
   * @default false
   */
  keepBest?: boolean;
  /** live progress */
  progress?: ProgressReporter;
  /** called with each epoch's log, after validation (e.g. to print it) */
  onEpochEnd?: (log: TripleEpochLog) => void;
}

/** One epoch of {@linkcode trainTripleCnn}: `fit`'s log and the validation exact match. */
export interface TripleEpochLog extends EpochLog {
  /** the share of validation images whose three digits are all right, after the epoch */
  valExactMatch?: number;
}

/** What {@linkcode trainTripleCnn} returns. */
export interface TripleTrainingRun {
  /** one log per epoch (`imagesPerSecond` counts whole images; accuracy is per digit) */
  history: TripleEpochLog[];
  /**
   * the epoch whose weights the model holds: the best on validation exact match with
   * `keepBest`, else the last
   */
  keptEpoch: number;
  /** seconds of training (validation included) */
  seconds: number;
}

/** Cross-entropy of the true digits under predicted probabilities, as Keras clips them. */
function crossEntropy(probabilities: Float32Array, labels: Int32Array, classes: number): number {
  const eps = 1e-7;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i * classes + labels[i]]));
    sum -= Math.log(p);
  }
  return sum / labels.length;
}

/**
 * Trains a compiled per-digit CNN on whole images of `train` (cut into thirds, optionally
 * augmented first). After each epoch the validation images are scored once: loss and accuracy
 * per digit, and the exact match of the whole number, by which `keepBest` keeps an epoch.
 *
 * @param model a compiled model ({@linkcode compileTripleCnn})
 * @param train the training split
 * @param options epochs, seed, batch size, augmentation, validation, keepBest, progress
 * @returns the history, the epoch kept, and the time taken
 * @throws {TypeError} when the model is not compiled
 * @throws {RangeError} when `keepBest` is asked without `validation`
 */
export async function trainTripleCnn(
  model: tf.LayersModel,
  train: TripleMnistSplit,
  options: TrainTripleCnnOptions,
): Promise<TripleTrainingRun> {
  if (options.keepBest && !options.validation) {
    throw new RangeError(
      "Cannot keep the best epoch of a Triple-MNIST CNN without validation images — pass " +
        "'validation' (e.g. the first images of each validation class)",
    );
  }
  const decay = options.learningRateDecay ?? 1;
  if (!(decay > 0 && decay <= 1)) {
    throw new RangeError(
      `Cannot decay the learning rate by a factor of ${decay} per epoch as it must be in (0, 1] — ` +
        `pass e.g. 0.5, or 1 for a constant rate`,
    );
  }
  // Adam (and every TF.js optimizer) reads `learningRate` at each step
  const optimizer = model.optimizer as unknown as { learningRate: number };
  const rate = optimizer.learningRate;
  const augment = options.augment === true ? {} : options.augment || undefined;
  const source = perDigitTrainingSource(train, {
    ...(augment ? { augment: { ...augment, seed: options.seed + 1 } } : {}),
  });
  const batchSize = options.batchSize ?? TRIPLE_BATCH_SIZE;
  const validation = options.validation ? thirdsSource(options.validation) : undefined;
  const best = options.keepBest ? keepBestWeights(model) : undefined;
  const t0 = performance.now();
  try {
    const history: TripleEpochLog[] = await fit(model, source, {
      epochs: options.epochs,
      batchSize,
      seed: options.seed,
      ...(options.progress ? { progress: options.progress } : {}),
      onEpochEnd: async (log: TripleEpochLog) => {
        optimizer.learningRate = rate * decay ** log.epoch;
        if (validation) {
          // one prediction pass gives fit's validation figures and the exact match
          const p = await predict(model, validation, { batchSize: 3 * batchSize });
          const scores = scoreTriple(p);
          log.valLoss = crossEntropy(p.probabilities, p.labels, p.numClasses);
          log.valAccuracy = scores.digitAccuracy;
          log.valExactMatch = scores.exactMatch;
          best?.offer(log.epoch, scores.exactMatch);
        }
        options.onEpochEnd?.(log);
      },
    });
    best?.restore();
    return {
      history,
      keptEpoch: best?.epoch ?? history.length,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    optimizer.learningRate = rate;
    best?.dispose();
  }
}

/** Options of {@linkcode trainedTriplePerDigitCnn}. */
export interface TrainedTriplePerDigitCnnOptions {
  /** the data set (default: `loadTripleMnist()` of the active profile) */
  data?: TripleMnist;
  /** the budget (default: {@linkcode TASK3_BUDGET} of the active profile) */
  budget?: TripleTrainingBudget;
  /** seed of the weights and the shuffling (default: the run seed) */
  seed?: number;
  /**
   * where the model is saved and looked for (default {@linkcode tripleTask3Dir} of the seed:
   * `results/06_…/models/per_digit_cnn`, with a `-seed-<s>` suffix for seeds other than the run
   * seed)
   */
  dir?: string;
  /** train even when a matching saved model exists */
  retrain?: boolean;
  /** the images validated after each epoch (default: the first 10 of each validation class) */
  validation?: TripleMnistSplit;
  /** live progress of the training */
  progress?: ProgressReporter;
  /** one line per step (default console.log) */
  log?: (line: string) => void;
}

/** The recipe a saved model was trained with, saved beside it as `training.json`. */
export interface TripleTrainingRecord {
  /** model name */
  model: string;
  /** images per class and epochs (the most; see `keptEpoch`) */
  budget: TripleTrainingBudget;
  /** seed */
  seed: number;
  /** the data set's images per class, origin and digit pool */
  data: { imagesPerClass: number; origin: string; pool: DigitPool };
  /** the epoch whose weights were saved: the best on validation exact match */
  keptEpoch: number;
  /** the backend that trained it */
  backend: string;
  /** seconds of training */
  seconds: number;
  /** per-epoch logs */
  history: TripleEpochLog[];
}

/** A trained Task 3 classifier and how it was obtained. */
export interface TrainedTripleCnn {
  /** the compiled model; the caller disposes it */
  model: tf.LayersModel;
  /** the training record (loaded or new) */
  record: TripleTrainingRecord;
  /** whether it was loaded from `dir` instead of trained now */
  loaded: boolean;
  /** the model's folder */
  dir: string;
}

/** The file beside a saved model that records how it was trained. */
export const TRAINING_RECORD_FILE = MODEL_RECORD_FILE;

/**
 * The folder of the saved Task 3 classifier of a seed: `results/06_…/models/per_digit_cnn` for
 * the run seed (the model notebooks 07 and 08 load), `per_digit_cnn-seed-<s>` for another seed
 * (e.g. a repeat for `NOTEBOOK_SEEDS`), so that repeats never replace the run seed's model.
 *
 * @param seed the seed it was trained with
 * @returns the folder
 */
export function tripleTask3Dir(seed: number = activeSeed()): string {
  const name = seed === activeSeed() ? "per_digit_cnn" : `per_digit_cnn-seed-${seed}`;
  return join(notebookResultsDir(TASK3_NOTEBOOK), "models", name);
}

/**
 * A's Task 3 per-digit classifier trained on the 640 training classes: loaded from `dir` when a
 * model trained with the same budget, seed, data size and digit pool is saved there (e.g. by
 * notebook 06), otherwise trained now with {@linkcode trainTripleCnn}, keeping the epoch with the
 * best validation exact match, and saved there (`model.json`, `weights.bin`, `training.json`).
 * Used by notebook 06, by notebook 07 to compare, and by the GAN notebook to read generated
 * images.
 *
 * @param options data, budget, seed, folder, retrain, progress, log
 * @returns the compiled model (the caller disposes it) and its training record
 *
 * @example
 * ```ts ignore
 * import { trainedTriplePerDigitCnn } from "../lib/models/triple_mnist.ts";
 * const { model, loaded } = await trainedTriplePerDigitCnn();
 * ```
 */
export async function trainedTriplePerDigitCnn(
  options: TrainedTriplePerDigitCnnOptions = {},
): Promise<TrainedTripleCnn> {
  const log = options.log ?? ((line: string) => console.log(line));
  const budget = options.budget ?? byProfile(TASK3_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? tripleTask3Dir(seed);
  const data = options.data ?? await loadTripleMnist({ log });
  const dataInfo = { imagesPerClass: data.imagesPerClass, origin: data.origin, pool: data.pool };
  const matches = (saved: TripleTrainingRecord) =>
    saved.seed === seed && saved.budget?.imagesPerClass === budget.imagesPerClass &&
    saved.budget.epochs === budget.epochs && saved.budget.batchImages === budget.batchImages &&
    (saved.budget.learningRateDecay ?? 1) === (budget.learningRateDecay ?? 1) &&
    saved.data?.origin === dataInfo.origin && saved.data?.pool === dataInfo.pool &&
    saved.keptEpoch !== undefined;
  if (!options.retrain) {
    try {
      const saved = await loadModelFolder<TripleTrainingRecord>(dir, { matches });
      if (saved) {
        const model = compileTripleCnn(saved.model);
        log(
          `Loaded the Task 3 per-digit CNN from ${dir} (epoch ${saved.record.keptEpoch} of ` +
            `${saved.record.budget.epochs}, ${saved.record.data.pool} pool)`,
        );
        return { model, record: saved.record, loaded: true, dir };
      }
    } catch (e) {
      log(`Cannot load the saved Task 3 model from ${dir} (${(e as Error).message}); training`);
    }
  }
  const train = firstPerClass(data.train, budget.imagesPerClass);
  const model = compileTripleCnn(triplePerDigitCnn({ seed }));
  const run = await trainTripleCnn(model, train, {
    epochs: budget.epochs,
    batchSize: budget.batchImages,
    seed,
    validation: options.validation ?? firstPerClass(data.val, VALIDATION_IMAGES_PER_CLASS),
    keepBest: true,
    ...(budget.learningRateDecay ? { learningRateDecay: budget.learningRateDecay } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const record: TripleTrainingRecord = {
    model: model.name,
    budget,
    seed,
    data: dataInfo,
    keptEpoch: run.keptEpoch,
    backend: tf.getBackend(),
    seconds: run.seconds,
    history: run.history,
  };
  await saveModelFolder(dir, model, record);
  log(
    `Trained the Task 3 per-digit CNN in ${run.seconds.toFixed(1)} s, kept epoch ` +
      `${run.keptEpoch} of ${budget.epochs} (best validation exact match); saved to ${dir}`,
  );
  return { model, record, loaded: false, dir };
}

/** Options of {@linkcode trainTask4Cnn}. */
export interface TrainTask4CnnOptions {
  /** the data set (default: `loadTripleMnist()` of the active profile) */
  data?: TripleMnist;
  /** the budget (default: {@linkcode TASK4_BUDGET} of the active profile) */
  budget?: TripleTrainingBudget;
  /** seed of the weights, the shuffling and the augmentation (default: the run seed) */
  seed?: number;
  /** live progress of the training */
  progress?: ProgressReporter;
}

/**
 * A's Task 4: a fresh {@linkcode tripleEnhancedCnn} trained on the first images of every
 * training class, augmented with A's strengths, for at most the budget's epochs, keeping the
 * epoch with the best exact match on the first {@linkcode VALIDATION_IMAGES_PER_CLASS} images
 * of every validation class. Not saved: notebook 07 trains it, once per seed it compares over.
 *
 * @param options data, budget, seed, progress
 * @returns the compiled model holding the kept epoch's weights (the caller disposes it), and the
 *   training run
 *
 * @example
 * ```ts ignore
 * import { trainTask4Cnn } from "../lib/models/triple_mnist.ts";
 * const { model, run } = await trainTask4Cnn({ seed: 43 });
 * ```
 */
export async function trainTask4Cnn(
  options: TrainTask4CnnOptions = {},
): Promise<{ model: tf.LayersModel; run: TripleTrainingRun }> {
  const budget = options.budget ?? byProfile(TASK4_BUDGET);
  const seed = options.seed ?? activeSeed();
  const data = options.data ?? await loadTripleMnist();
  const model = compileTripleCnn(tripleEnhancedCnn({ seed }));
  const run = await trainTripleCnn(model, firstPerClass(data.train, budget.imagesPerClass), {
    epochs: budget.epochs,
    batchSize: budget.batchImages,
    seed,
    augment: true,
    validation: firstPerClass(data.val, VALIDATION_IMAGES_PER_CLASS),
    keepBest: true,
    ...(budget.learningRateDecay ? { learningRateDecay: budget.learningRateDecay } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { model, run };
}
