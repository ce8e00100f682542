/**
 * Source A's Task 2 models: 1000-way classifiers of the whole 84×84 Triple-MNIST image, whose
 * class is the number int(ddd) it shows.
 *
 * Porting notes (PyTorch → TF.js):
 * - BatchNorm `momentum` is 0.9, the Keras spelling of PyTorch's default `momentum=0.1` (TF.js's
 *   default 0.99 updates the running statistics ten times more slowly, so a model evaluated
 *   after few steps scores near chance), and `epsilon` is PyTorch's 1e-5.
 * - A's CNN applies ReLU before BatchNorm; so does this one.
 * - PyTorch flattens NCHW, TF.js NHWC: the parameter counts match, the order of the 28,224
 *   flattened features differs.
 * - Parameter counts are trainable parameters, as PyTorch counts them (BatchNorm's running mean
 *   and variance are buffers there and non-trainable weights here).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { evaluate, fit, type History } from "../train/mod.ts";
import type { ExampleSource, ProgressReporter } from "../train/mod.ts";
import { TORCH_BN_EPSILON, TORCH_BN_MOMENTUM } from "./triple_mnist.ts";

/** Side of a Triple-MNIST image. */
const IMAGE_SIDE = 84;
/** Classes of the 1000-way task: the numbers 000–999. */
export const TRIPLE_NUMBER_CLASSES = 1000;
/** Trainable parameters of {@linkcode tripleLogisticRegression}: 7056 × 1000 + 1000. */
export const TRIPLE_LOGREG_PARAMS = 7_057_000;
/** Trainable parameters of {@linkcode tripleFullImageCnn} (A, task 2b). */
export const TRIPLE_FULL_IMAGE_CNN_PARAMS = 14_984_232;
/** A's learning rate (Adam) and batch size for Task 2. */
export const TASK2_LEARNING_RATE = 1e-3;
/** A's batch size for Task 2. */
export const TASK2_BATCH_SIZE = 256;
/** The layer whose channel 0 A shows as the CNN's feature map (21×21 after the second pool). */
export const FEATURE_MAP_LAYER = "block2_pool";

/** Options of the Task 2 factories. */
export interface Task2ModelOptions {
  /**
   * seed of the kernel initialisers
   * @default 42
   */
  seed?: number;
  /**
   * BatchNorm momentum in the Keras convention (weight of the old running statistic); CNN only
   * @default 0.9 (PyTorch's 0.1)
   */
  batchNormMomentum?: number;
}

function seeds(options: Task2ModelOptions): () => number {
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) {
    throw new RangeError(`Cannot build a Task 2 model with seed ${seed}: expected an integer`);
  }
  let k = 0;
  return () => seed * 1013 + k++;
}

/**
 * A's "logistic regression": the flattened 84×84 image (7056 pixels) → Dense 1000 → softmax.
 * 7,057,000 trainable parameters. Uncompiled; the caller compiles (A: Adam 1e-3, categorical
 * cross-entropy), trains and disposes it.
 *
 * @param options the initialiser seed
 * @returns a new model taking `[batch, 84, 84, 1]` and giving `[batch, 1000]` probabilities
 * @throws {RangeError} for a non-integer seed
 *
 * @example
 * ```ts
 * import { tripleLogisticRegression } from "./triple_mnist_task2.ts";
 * const model = tripleLogisticRegression({ seed: 1 });
 * model.outputs[0].shape; // [null, 1000]
 * model.dispose();
 * ```
 */
export function tripleLogisticRegression(options: Task2ModelOptions = {}): tf.Sequential {
  const next = seeds(options);
  const model = tf.sequential({ name: "triple_logistic_regression" });
  model.add(tf.layers.flatten({ name: "flatten", inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1] }));
  model.add(tf.layers.dense({
    name: "number",
    units: TRIPLE_NUMBER_CLASSES,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  return model;
}

/**
 * A's full-image CNN: Conv(1→32, 3, same)→ReLU→BN→MaxPool2 (42×42×32); Conv(32→64, 3, same)→
 * ReLU→BN→MaxPool2 (21×21×64 = 28,224); Dense 28,224→512→ReLU→BN; Dense 512→1000 → softmax.
 * 14,984,232 trainable parameters. Uncompiled; the caller compiles, trains and disposes it.
 *
 * Layer names: `block{1,2}_{conv,relu,bn,pool}`, `flatten`, `dense1`, `dense1_{relu,bn}`, `number`.
 *
 * @param options initialiser seed, BatchNorm momentum
 * @returns a new model taking `[batch, 84, 84, 1]` and giving `[batch, 1000]` probabilities
 * @throws {RangeError} for a non-integer seed
 *
 * @example
 * ```ts
 * import { tripleFullImageCnn } from "./triple_mnist_task2.ts";
 * const model = tripleFullImageCnn({ seed: 1 });
 * model.getLayer("block2_pool").outputShape; // [null, 21, 21, 64]
 * model.dispose();
 * ```
 */
export function tripleFullImageCnn(options: Task2ModelOptions = {}): tf.Sequential {
  const next = seeds(options);
  const momentum = options.batchNormMomentum ?? TORCH_BN_MOMENTUM;
  const model = tf.sequential({ name: "triple_full_image_cnn" });
  [32, 64].forEach((filters, i) => {
    const p = `block${i + 1}`;
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1] } : {}),
      name: `${p}_conv`,
      filters,
      kernelSize: 3,
      padding: "same",
      kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
    }));
    model.add(tf.layers.reLU({ name: `${p}_relu` }));
    model.add(
      tf.layers.batchNormalization({ name: `${p}_bn`, momentum, epsilon: TORCH_BN_EPSILON }),
    );
    model.add(tf.layers.maxPooling2d({ name: `${p}_pool`, poolSize: 2 }));
  });
  model.add(tf.layers.flatten({ name: "flatten" }));
  model.add(tf.layers.dense({
    name: "dense1",
    units: 512,
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  model.add(tf.layers.reLU({ name: "dense1_relu" }));
  model.add(
    tf.layers.batchNormalization({ name: "dense1_bn", momentum, epsilon: TORCH_BN_EPSILON }),
  );
  model.add(tf.layers.dense({
    name: "number",
    units: TRIPLE_NUMBER_CLASSES,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  return model;
}

/**
 * Channel `channel` of the feature map a layer of `model` gives for one image (A shows channel 0
 * of the CNN's last block, 21×21).
 *
 * @param model a model with a layer named `layerName` whose output is `[batch, h, w, c]`
 * @param image one image `[84, 84, 1]` or `[1, 84, 84, 1]` (not disposed)
 * @param options the layer (default {@linkcode FEATURE_MAP_LAYER}) and channel (default 0)
 * @returns a Promise of the `h × w` activations, row-major, with `height` and `width` (read back
 *   asynchronously, so it works on webgpu); no tensor is left behind
 * @throws {RangeError} when the layer's output is not 4-D or the channel is out of range (the
 *   Promise rejects)
 */
export async function featureMap(
  model: tf.LayersModel,
  image: tf.Tensor,
  options: { layerName?: string; channel?: number } = {},
): Promise<{ values: Float32Array; height: number; width: number }> {
  const layer = model.getLayer(options.layerName ?? FEATURE_MAP_LAYER);
  const shape = layer.outputShape as (number | null)[];
  const channel = options.channel ?? 0;
  if (shape.length !== 4 || !(channel >= 0 && channel < (shape[3] ?? 0))) {
    throw new RangeError(
      `Cannot read channel ${channel} of layer '${layer.name}' as its output is [${shape}]: ` +
        `pick a convolution or pooling layer and a channel below its depth`,
    );
  }
  const probe = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const values = tf.tidy(() => {
    const x = image.rank === 3 ? image.expandDims(0) : image;
    const out = probe.predict(x) as tf.Tensor4D;
    return out.slice([0, 0, 0, channel], [1, -1, -1, 1]).reshape([-1]);
  });
  let data: Float32Array;
  try {
    data = await values.data() as Float32Array;
  } finally {
    values.dispose();
  }
  return { values: data, height: shape[1]!, width: shape[2]! };
}

/** The sources {@linkcode trainTask2Model} reads. */
export interface Task2Sources {
  /** the images the model fits */
  fit: ExampleSource;
  /** scored after every epoch by `fit` (A: the validation split) */
  validation?: ExampleSource;
  /** also scored after every epoch (e.g. held-out images of the training classes) */
  heldOut?: ExampleSource;
}

/** Options of {@linkcode trainTask2Model}. */
export interface TrainTask2Options {
  /** epochs to train */
  epochs: number;
  /** seed of the shuffling */
  seed: number;
  /**
   * images per batch
   * @default 256 (A)
   */
  batchSize?: number;
  /**
   * Adam's learning rate
   * @default 1e-3 (A)
   */
  learningRate?: number;
  /** live progress */
  progress?: ProgressReporter;
  /**
   * one image `[1, 84, 84, 1]` whose feature map ({@linkcode featureMap}) is recorded after
   * epoch 1 and every `featureEvery`-th epoch, when the model has the layer
   */
  featureImage?: tf.Tensor;
  /**
   * record the feature map every this many epochs (and after epoch 1)
   * @default 5 (A)
   */
  featureEvery?: number;
}

/** What {@linkcode trainTask2Model} returns. */
export interface Task2Run {
  /** one log per epoch (loss, accuracy, validation loss and accuracy) */
  history: History;
  /** accuracy on `heldOut` after each epoch (empty without `heldOut`) */
  heldOutAccuracy: number[];
  /** feature maps recorded during training */
  featureMaps: { epoch: number; values: Float32Array; height: number; width: number }[];
  /** seconds spent training (evaluation not included) */
  seconds: number;
}

/**
 * Compiles a Task 2 model as A trained it (Adam, categorical cross-entropy, accuracy) and trains
 * it, scoring `validation` and `heldOut` after every epoch and recording the feature map of
 * `featureImage` after epoch 1 and every fifth epoch. The model stays the caller's to dispose;
 * `featureImage` is not disposed.
 *
 * @param model an uncompiled model from this module
 * @param sources the images to fit and to score
 * @param options epochs, seed, batch size, learning rate, progress, feature image
 * @returns the history, held-out accuracy per epoch, feature maps and training time
 * @throws {RangeError} from `fit` for bad epochs or batch sizes
 */
export async function trainTask2Model(
  model: tf.LayersModel,
  sources: Task2Sources,
  options: TrainTask2Options,
): Promise<Task2Run> {
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? TASK2_LEARNING_RATE),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  const every = options.featureEvery ?? 5;
  const hasMapLayer = model.layers.some((l) => l.name === FEATURE_MAP_LAYER);
  const heldOutAccuracy: number[] = [];
  const featureMaps: Task2Run["featureMaps"] = [];
  const history = await fit(model, sources.fit, {
    epochs: options.epochs,
    batchSize: options.batchSize ?? TASK2_BATCH_SIZE,
    seed: options.seed,
    validation: sources.validation,
    progress: options.progress,
    onEpochEnd: async (log, m) => {
      if (sources.heldOut) heldOutAccuracy.push((await evaluate(m, sources.heldOut)).accuracy ?? 0);
      if (options.featureImage && hasMapLayer && (log.epoch === 1 || log.epoch % every === 0)) {
        featureMaps.push({ epoch: log.epoch, ...(await featureMap(m, options.featureImage)) });
      }
    },
  });
  return {
    history,
    heldOutAccuracy,
    featureMaps,
    seconds: history.reduce((sum, h) => sum + h.seconds, 0),
  };
}
