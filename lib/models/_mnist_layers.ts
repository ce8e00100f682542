/**
 * The building blocks the MNIST factories of `mnist.ts` share: the input shape, the options, seeded
 * initialisers, the Adam compile step and the ten-way logits + softmax head.
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
export class SeedSequence {
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

export function compileAdam(model: tf.LayersModel, learningRate: number): tf.LayersModel {
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

export function dense(
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
export function head(seeds: SeedSequence): tf.layers.Layer[] {
  return [
    dense(seeds, MNIST_CLASSES, "linear", LOGITS_LAYER),
    tf.layers.activation({ activation: "softmax", name: "probabilities" }),
  ];
}

export function conv(
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
