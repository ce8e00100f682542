/**
 * The MNIST classifiers of sources B, C and D (see `shared/reference/seeds.md`), plus the small
 * CNN the backend benchmark trains.
 *
 * Every factory builds a fresh model that takes `[batch, 28, 28, 1]` images (the MLPs flatten
 * inside, adding no parameters) and returns `[batch, 10]` class probabilities: a linear layer
 * named `logits`, then a softmax layer named `probabilities`. It comes compiled with its source's
 * optimiser, categorical cross-entropy on one-hot targets and accuracy. Each source also fixed
 * how pixels are scaled; {@linkcode MNIST_MODELS} records that beside the factory, since a model
 * trained on one scaling is wrong on another.
 *
 * Train through {@linkcode logitsTrainingModel}: it shares the weights and computes the loss
 * from the logits, as the PyTorch sources did. TF.js's `categoricalCrossentropy` takes
 * probabilities and clips them to [1e-7, 1 − 1e-7], so an example whose true class starts below
 * 1e-7 gives no gradient at all: with D's raw 0–255 pixels that is about 90 % of the images at
 * initialisation. C's MLP on raw pixels then stalls near 30 % accuracy; D's LeNet escapes after a
 * poor first epoch.
 *
 * Weights use the Keras defaults (Glorot-uniform kernels, zero biases), seeded: PyTorch's
 * defaults differ slightly, the parameter counts do not.
 *
 * @example
 * ```ts
 * import { deepDigitsMlp } from "./mnist.ts";
 * const model = deepDigitsMlp({ seed: 1 });
 * model.countParams(); // 109386
 * model.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** MNIST image side in pixels. */
export const MNIST_SIDE = 28;
/** MNIST class count. */
export const MNIST_CLASSES = 10;
/** The input shape every factory here takes: one grey channel, NHWC. */
export const MNIST_INPUT_SHAPE: [number, number, number] = [MNIST_SIDE, MNIST_SIDE, 1];

/** How a model's source scaled the 0–255 pixels: `unit` [0, 1], `symmetric` [-1, 1], `raw` 0–255. */
export type PixelScaling = "unit" | "symmetric" | "raw";

/** Options every factory takes. */
export interface MnistModelOptions {
  /** seed of the weight initialisers and dropout masks @default 42 */
  seed?: number;
  /** overrides the source's learning rate */
  learningRate?: number;
}

/** Builds a compiled model. */
export type MnistModelFactory = (options?: MnistModelOptions) => tf.LayersModel;

/** Keeps initialisers apart: each layer gets its own seed derived from the model's. */
class SeedSequence {
  #next: number;
  constructor(seed: number) {
    this.#next = seed * 1000;
  }
  glorot(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: this.#next++ });
  }
  next(): number {
    return this.#next++;
  }
}

function compileAdam(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

function dense(
  seeds: SeedSequence,
  units: number,
  activation: "relu" | "linear",
  name: string,
): tf.layers.Layer {
  return tf.layers.dense({ units, activation, kernelInitializer: seeds.glorot(), name });
}

/** The name of the last linear layer of every model here. */
export const LOGITS_LAYER = "logits";

/** The ten-way head: linear logits, then softmax probabilities (no parameters). */
function head(seeds: SeedSequence): tf.layers.Layer[] {
  return [
    dense(seeds, MNIST_CLASSES, "linear", LOGITS_LAYER),
    tf.layers.activation({ activation: "softmax", name: "probabilities" }),
  ];
}

function conv(
  seeds: SeedSequence,
  filters: number,
  kernelSize: number,
  padding: "same" | "valid",
  name: string,
): tf.layers.Layer {
  return tf.layers.conv2d({
    filters,
    kernelSize,
    padding,
    activation: "relu",
    kernelInitializer: seeds.glorot(),
    name,
  });
}

/** B's learning rate (Adam). */
export const DEEP_DIGITS_LEARNING_RATE = 0.003;

/**
 * Source B's MLP: 784 → 128 → ReLU → Dropout .2 → 64 → ReLU → Dropout .2 → 10.
 *
 * B ended in log-softmax + NLL, which is cross-entropy on the logits (train through
 * {@linkcode logitsTrainingModel} for the same loss). Inputs in [-1, 1]. Adam 0.003.
 *
 * @param options seed and learning rate
 * @returns a compiled model with 109,386 parameters; the caller disposes it
 */
export function deepDigitsMlp(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "deepDigitsMlp",
    layers: [
      tf.layers.flatten({ inputShape: MNIST_INPUT_SHAPE, name: "flatten" }),
      dense(seeds, 128, "relu", "dense1"),
      tf.layers.dropout({ rate: 0.2, seed: seeds.next(), name: "dropout1" }),
      dense(seeds, 64, "relu", "dense2"),
      tf.layers.dropout({ rate: 0.2, seed: seeds.next(), name: "dropout2" }),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? DEEP_DIGITS_LEARNING_RATE);
}

/**
 * Source B's CNN: Conv 32 3×3 → ReLU → Conv 64 3×3 → ReLU → MaxPool 2 → Dropout .2 →
 * Dense 9216 → 128 → ReLU → Dropout .2 → Dense 10.
 *
 * Almost all of its weights (1,179,776 of 1,199,882) sit in the first dense layer, which sees the
 * 12×12×64 feature map un-pooled a second time. Inputs in [-1, 1]. Adam 0.003.
 *
 * @param options seed and learning rate
 * @returns a compiled model with 1,199,882 parameters; the caller disposes it
 */
export function deepDigitsCnn(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "deepDigitsCnn",
    layers: [
      tf.layers.inputLayer({ inputShape: MNIST_INPUT_SHAPE, name: "image" }),
      conv(seeds, 32, 3, "valid", "conv1"),
      conv(seeds, 64, 3, "valid", "conv2"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }),
      tf.layers.dropout({ rate: 0.2, seed: seeds.next(), name: "dropout1" }),
      tf.layers.flatten({ name: "flatten" }),
      dense(seeds, 128, "relu", "dense1"),
      tf.layers.dropout({ rate: 0.2, seed: seeds.next(), name: "dropout2" }),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? DEEP_DIGITS_LEARNING_RATE);
}

/**
 * C's learning rate. C's notebook is lost (only its README survives), so this is an assumption:
 * Adam with the Keras/PyTorch default 0.001.
 */
export const DIGITAL_RECOGNITION_LEARNING_RATE = 0.001;

/**
 * Source C's MLP: 784 → 128 → ReLU → 10.
 *
 * Inputs in [0, 1]. C's optimiser is not known; Adam 0.001 (the library default).
 *
 * @param options seed and learning rate
 * @returns a compiled model with 101,770 parameters; the caller disposes it
 */
export function digitalRecognitionMlp(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "digitalRecognitionMlp",
    layers: [
      tf.layers.flatten({ inputShape: MNIST_INPUT_SHAPE, name: "flatten" }),
      dense(seeds, 128, "relu", "dense1"),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? DIGITAL_RECOGNITION_LEARNING_RATE);
}

/**
 * Source C's small CNN (the "TinyVGG" shape): two blocks of Conv 10 3×3 → ReLU → Conv 10 3×3 →
 * ReLU → MaxPool 2, with `same` padding (28 → 14 → 7), then Dense 490 → 10.
 *
 * Inputs in [0, 1]. Adam 0.001 (assumed, as for {@linkcode digitalRecognitionMlp}).
 *
 * @param options seed and learning rate
 * @returns a compiled model with 7,740 parameters; the caller disposes it
 */
export function digitalRecognitionSmallCnn(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "digitalRecognitionSmallCnn",
    layers: [
      tf.layers.inputLayer({ inputShape: MNIST_INPUT_SHAPE, name: "image" }),
      conv(seeds, 10, 3, "same", "block1_conv1"),
      conv(seeds, 10, 3, "same", "block1_conv2"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "block1_pool" }),
      conv(seeds, 10, 3, "same", "block2_conv1"),
      conv(seeds, 10, 3, "same", "block2_conv2"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "block2_pool" }),
      tf.layers.flatten({ name: "flatten" }),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? DIGITAL_RECOGNITION_LEARNING_RATE);
}

/** D's LeNet learning rate (Adam). */
export const LENET_ABD01_LEARNING_RATE = 0.002;

/**
 * Source D's LeNet-like CNN: Conv 6 5×5 → ReLU → MaxPool 2 → Conv 12 5×5 → ReLU → MaxPool 2 →
 * Dense 192 → 120 → ReLU → 60 → ReLU → 10.
 *
 * D fed raw 0–255 pixels; its first logits are then in the hundreds. PyTorch's cross-entropy on
 * logits copes with that; train through {@linkcode logitsTrainingModel} to do the same. Adam
 * 0.002, batch 100, no shuffling in the source.
 *
 * @param options seed and learning rate
 * @returns a compiled model with 32,998 parameters; the caller disposes it
 */
export function lenetAbd01(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "lenetAbd01",
    layers: [
      tf.layers.inputLayer({ inputShape: MNIST_INPUT_SHAPE, name: "image" }),
      conv(seeds, 6, 5, "valid", "conv1"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }),
      conv(seeds, 12, 5, "valid", "conv2"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool2" }),
      tf.layers.flatten({ name: "flatten" }),
      dense(seeds, 120, "relu", "dense1"),
      dense(seeds, 60, "relu", "dense2"),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? LENET_ABD01_LEARNING_RATE);
}

/** The benchmark CNN's learning rate (Adam, library default). */
export const SMALL_CNN_LEARNING_RATE = 0.001;

/**
 * The small CNN the backend benchmark trains: Conv 32 3×3 → ReLU → MaxPool 2 → Conv 64 3×3 →
 * ReLU → MaxPool 2 → Dense 1600 → 128 → ReLU → Dense 10 (the tfjs-examples MNIST shape).
 *
 * Inputs in [0, 1]. Adam 0.001.
 *
 * @param options seed and learning rate
 * @returns a compiled model with 225,034 parameters; the caller disposes it
 */
export function smallCnn(options: MnistModelOptions = {}): tf.LayersModel {
  const seeds = new SeedSequence(options.seed ?? 42);
  const model = tf.sequential({
    name: "smallCnn",
    layers: [
      tf.layers.inputLayer({ inputShape: MNIST_INPUT_SHAPE, name: "image" }),
      conv(seeds, 32, 3, "valid", "conv1"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }),
      conv(seeds, 64, 3, "valid", "conv2"),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool2" }),
      tf.layers.flatten({ name: "flatten" }),
      dense(seeds, 128, "relu", "dense1"),
      ...head(seeds),
    ],
  });
  return compileAdam(model, options.learningRate ?? SMALL_CNN_LEARNING_RATE);
}

/**
 * Mean softmax cross-entropy computed from logits and one-hot targets (stable for any logits).
 *
 * @param oneHot `[batch, classes]` targets
 * @param logits `[batch, classes]` raw scores
 * @returns the per-example losses `[batch]`; the caller disposes them
 */
export function softmaxCrossEntropyFromLogits(oneHot: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, undefined, tf.Reduction.NONE)
  );
}

/**
 * A view of `model` that outputs its `logits` layer, compiled with the same optimiser object,
 * cross-entropy on the logits and accuracy. Training the view trains `model` (the layers and
 * their weights are shared); predict, evaluate and save with `model`, which gives probabilities.
 *
 * This is PyTorch's `CrossEntropyLoss` (and B's log-softmax + NLL): its gradient `p − y` never
 * vanishes, however confident and wrong the network starts, unlike TF.js's
 * `categoricalCrossentropy` on probabilities, which clips them at 1e-7.
 *
 * @param model a compiled model of this module (it must have a layer named `logits`)
 * @returns a compiled model sharing `model`'s weights; dispose only `model`
 * @throws {TypeError} when `model` has no `logits` layer or is not compiled
 * @example
 * ```ts
 * import { lenetAbd01, logitsTrainingModel } from "./mnist.ts";
 * const model = lenetAbd01();
 * const trainer = logitsTrainingModel(model);
 * trainer.outputs[0].shape; // [null, 10]
 * model.dispose();
 * ```
 */
export function logitsTrainingModel(model: tf.LayersModel): tf.LayersModel {
  let logits: tf.layers.Layer;
  try {
    logits = model.getLayer(LOGITS_LAYER);
  } catch {
    throw new TypeError(
      `Cannot make a logits training view of model '${model.name}' as it must have a layer ` +
        `named '${LOGITS_LAYER}': found ${model.layers.map((l) => `'${l.name}'`).join(", ")} — ` +
        `build it with a factory of lib/models/mnist.ts`,
    );
  }
  if (!model.optimizer) {
    throw new TypeError(
      `Cannot make a logits training view of model '${model.name}' as it must be compiled: ` +
        `it has no optimizer — build it with a factory of lib/models/mnist.ts`,
    );
  }
  const view = tf.model({
    inputs: model.inputs,
    outputs: logits.output as tf.SymbolicTensor,
    name: `${model.name}_logits`,
  });
  view.compile({
    optimizer: model.optimizer,
    loss: softmaxCrossEntropyFromLogits,
    metrics: ["accuracy"],
  });
  return view;
}

/** The settings a source trained a model with (the `full` profile uses them). */
export interface SourceSettings {
  /** optimiser name (all Adam here) */
  optimizer: "adam";
  /** learning rate */
  learningRate: number;
  /** mini-batch size */
  batchSize: number;
  /** epochs */
  epochs: number;
  /** whether the source shuffled the training set each epoch */
  shuffle: boolean;
}

/** One MNIST model: its factory and what a notebook needs to feed and describe it. */
export interface MnistModelSpec {
  /** the factory's name, e.g. `deepDigitsMlp` */
  name: string;
  /** the source project's letter in seeds.md (`bench` for the benchmark CNN) */
  source: "B" | "C" | "D" | "bench";
  /** a dense network or a convolutional one */
  kind: "mlp" | "cnn";
  /** a short human label, e.g. "B: MLP 784-128-64-10" */
  label: string;
  /** exact trainable parameter count */
  params: number;
  /** how the source scaled pixels; feed the model the same way */
  pixelScaling: PixelScaling;
  /** the source's own training settings */
  sourceSettings: SourceSettings;
  /** builds a fresh compiled model */
  build: MnistModelFactory;
}

/** Every MNIST model of this module, in notebook order. */
export const MNIST_MODELS: readonly MnistModelSpec[] = [
  {
    name: "deepDigitsMlp",
    source: "B",
    kind: "mlp",
    label: "B: MLP 784-128-64-10, dropout .2",
    params: 109_386,
    pixelScaling: "symmetric",
    sourceSettings: {
      optimizer: "adam",
      learningRate: DEEP_DIGITS_LEARNING_RATE,
      batchSize: 64,
      epochs: 10,
      shuffle: true,
    },
    build: deepDigitsMlp,
  },
  {
    name: "deepDigitsCnn",
    source: "B",
    kind: "cnn",
    label: "B: CNN conv32-conv64-pool-dense128",
    params: 1_199_882,
    pixelScaling: "symmetric",
    sourceSettings: {
      optimizer: "adam",
      learningRate: DEEP_DIGITS_LEARNING_RATE,
      batchSize: 64,
      epochs: 10,
      shuffle: true,
    },
    build: deepDigitsCnn,
  },
  {
    name: "digitalRecognitionMlp",
    source: "C",
    kind: "mlp",
    label: "C: MLP 784-128-10",
    params: 101_770,
    pixelScaling: "unit",
    sourceSettings: {
      optimizer: "adam",
      learningRate: DIGITAL_RECOGNITION_LEARNING_RATE,
      batchSize: 32,
      epochs: 5,
      shuffle: true,
    },
    build: digitalRecognitionMlp,
  },
  {
    name: "digitalRecognitionSmallCnn",
    source: "C",
    kind: "cnn",
    label: "C: small CNN 2×(conv10-conv10-pool)",
    params: 7_740,
    pixelScaling: "unit",
    sourceSettings: {
      optimizer: "adam",
      learningRate: DIGITAL_RECOGNITION_LEARNING_RATE,
      batchSize: 32,
      epochs: 5,
      shuffle: true,
    },
    build: digitalRecognitionSmallCnn,
  },
  {
    name: "lenetAbd01",
    source: "D",
    kind: "cnn",
    label: "D: LeNet-like conv6-conv12-120-60-10",
    params: 32_998,
    pixelScaling: "raw",
    sourceSettings: {
      optimizer: "adam",
      learningRate: LENET_ABD01_LEARNING_RATE,
      batchSize: 100,
      epochs: 50,
      shuffle: false,
    },
    build: lenetAbd01,
  },
  {
    name: "smallCnn",
    source: "bench",
    kind: "cnn",
    label: "benchmark: CNN conv32-pool-conv64-pool-dense128",
    params: 225_034,
    pixelScaling: "unit",
    sourceSettings: {
      optimizer: "adam",
      learningRate: SMALL_CNN_LEARNING_RATE,
      batchSize: 64,
      epochs: 5,
      shuffle: true,
    },
    build: smallCnn,
  },
];

/**
 * Looks up a model of {@linkcode MNIST_MODELS} by name.
 *
 * @param name the factory's name, e.g. `lenetAbd01`
 * @returns its spec
 * @throws {RangeError} when no model has that name
 * @example
 * ```ts
 * import { mnistModelSpec } from "./mnist.ts";
 * mnistModelSpec("lenetAbd01").pixelScaling; // "raw"
 * ```
 */
export function mnistModelSpec(name: string): MnistModelSpec {
  const spec = MNIST_MODELS.find((m) => m.name === name);
  if (spec === undefined) {
    throw new RangeError(
      `Cannot find MNIST model '${name}' as it must be one of ${
        MNIST_MODELS.map((m) => `'${m.name}'`).join(", ")
      } — check the spelling`,
    );
  }
  return spec;
}
