/**
 * Source E's Fashion-MNIST pair (see `shared/reference/seeds.md`): a dense network with dropout
 * ("ANN") and a two-convolution network with a dense head ("CNN", as in E's lab brief: two conv
 * layers and one linear layer).
 *
 * E's README gave no layer sizes, so the sizes here are this project's choice, made to be small
 * enough to train on a CPU in minutes: both take `[batch, 28, 28, 1]` images scaled to [0, 1]
 * (the ANN flattens inside, adding no parameters), end in a softmax over the 10 classes, and are
 * compiled with Adam (learning rate 0.001), categorical cross-entropy on one-hot targets and
 * accuracy. Weights use the Keras defaults (Glorot-uniform kernels, zero biases), seeded.
 *
 * @example
 * ```ts
 * import { fashionAnn, fashionCnn } from "./fashion.ts";
 * const ann = fashionAnn({ seed: 1 });
 * ann.countParams(); // 235146
 * const cnn = fashionCnn({ seed: 1 });
 * cnn.countParams(); // 50186
 * ann.dispose();
 * cnn.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Fashion-MNIST image side in pixels. */
export const FASHION_SIDE = 28;
/** Fashion-MNIST class count. */
export const FASHION_CLASSES = 10;
/** The input shape both models take: one grey channel, NHWC. */
export const FASHION_INPUT_SHAPE: [number, number, number] = [FASHION_SIDE, FASHION_SIDE, 1];
/** The Adam learning rate both models are compiled with (the Keras and PyTorch default). */
export const FASHION_LEARNING_RATE = 0.001;
/** The parameter count of {@linkcode fashionAnn}. */
export const FASHION_ANN_PARAMS = 235_146;
/** The parameter count of {@linkcode fashionCnn}. */
export const FASHION_CNN_PARAMS = 50_186;

/** Options of the two factories. */
export interface FashionModelOptions {
  /**
   * Seed of the weight initialisers and dropout masks.
   * @default 42
   */
  seed?: number;
  /**
   * Adam's learning rate.
   * @default FASHION_LEARNING_RATE
   */
  learningRate?: number;
  /**
   * Dropout rate after each hidden dense layer of the ANN (ignored by the CNN).
   * @default 0.2
   */
  dropout?: number;
}

function glorot(seed: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed });
}

function compileAdam(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/**
 * E's ANN: Flatten 784 → Dense 256 → ReLU → Dropout → Dense 128 → ReLU → Dropout → Dense 10 →
 * softmax. The dropout (0.2) is what keeps a network of this size from memorising the training
 * set within 25 epochs.
 *
 * @param options seed, learning rate and dropout rate
 * @returns a compiled model with 235,146 parameters; the caller disposes it
 */
export function fashionAnn(options: FashionModelOptions = {}): tf.LayersModel {
  const seed = (options.seed ?? 42) * 1000;
  const rate = options.dropout ?? 0.2;
  const model = tf.sequential({
    name: "fashionAnn",
    layers: [
      tf.layers.flatten({ inputShape: FASHION_INPUT_SHAPE, name: "flatten" }),
      tf.layers.dense({
        units: 256,
        activation: "relu",
        kernelInitializer: glorot(seed),
        name: "dense1",
      }),
      tf.layers.dropout({ rate, seed: seed + 1, name: "dropout1" }),
      tf.layers.dense({
        units: 128,
        activation: "relu",
        kernelInitializer: glorot(seed + 2),
        name: "dense2",
      }),
      tf.layers.dropout({ rate, seed: seed + 3, name: "dropout2" }),
      tf.layers.dense({
        units: FASHION_CLASSES,
        activation: "softmax",
        kernelInitializer: glorot(seed + 4),
        name: "output",
      }),
    ],
  });
  return compileAdam(model, options.learningRate ?? FASHION_LEARNING_RATE);
}

/**
 * E's CNN, after its lab brief (two conv layers, one linear layer): Conv 32 3×3 (same) → ReLU →
 * MaxPool 2 → Conv 64 3×3 (same) → ReLU → MaxPool 2 → Flatten 7·7·64 = 3136 → Dense 10 → softmax.
 *
 * Pooling after each convolution shrinks the 28×28 image to a 7×7 map, so the linear head holds
 * 31,370 of the 50,186 weights; a dense network of equal accuracy needs several times more.
 *
 * @param options seed and learning rate
 * @returns a compiled model with 50,186 parameters; the caller disposes it
 */
export function fashionCnn(options: FashionModelOptions = {}): tf.LayersModel {
  const seed = (options.seed ?? 42) * 1000 + 500;
  const model = tf.sequential({
    name: "fashionCnn",
    layers: [
      tf.layers.conv2d({
        inputShape: FASHION_INPUT_SHAPE,
        filters: 32,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: glorot(seed),
        name: "conv1",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }),
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: glorot(seed + 1),
        name: "conv2",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool2" }),
      tf.layers.flatten({ name: "flatten" }),
      tf.layers.dense({
        units: FASHION_CLASSES,
        activation: "softmax",
        kernelInitializer: glorot(seed + 2),
        name: "output",
      }),
    ],
  });
  return compileAdam(model, options.learningRate ?? FASHION_LEARNING_RATE);
}
