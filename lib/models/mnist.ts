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
 * 1e-7 gives no gradient at all: with D's raw 0–255 pixels that is most of the images at
 * initialisation, so C's MLP on raw pixels stalls far below its accuracy on scaled pixels, and D's
 * LeNet escapes only after a poor first epoch.
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
import {
  compileAdam,
  conv,
  dense,
  head,
  MNIST_INPUT_SHAPE,
  type MnistModelOptions,
  SeedSequence,
} from "./_mnist_layers.ts";

export {
  LOGITS_LAYER,
  MNIST_CLASSES,
  MNIST_INPUT_SHAPE,
  MNIST_SIDE,
  type MnistModelFactory,
  type MnistModelOptions,
  type PixelScaling,
} from "./_mnist_layers.ts";
export { logitsTrainingModel, softmaxCrossEntropyFromLogits } from "./logits.ts";

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
