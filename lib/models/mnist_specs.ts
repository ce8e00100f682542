/**
 * The MNIST models of sources B, C and D as a catalogue: each factory of `mnist.ts` with the
 * source's parameter count, pixel scaling and training settings, so a notebook can loop over them.
 *
 * @example
 * ```ts
 * import { mnistModelSpec } from "./mnist_specs.ts";
 * mnistModelSpec("lenetAbd01").pixelScaling; // "raw"
 * ```
 * @module
 */
import {
  DEEP_DIGITS_LEARNING_RATE,
  deepDigitsCnn,
  deepDigitsMlp,
  DIGITAL_RECOGNITION_LEARNING_RATE,
  digitalRecognitionMlp,
  digitalRecognitionSmallCnn,
  LENET_ABD01_LEARNING_RATE,
  lenetAbd01,
  type MnistModelFactory,
  type PixelScaling,
  SMALL_CNN_LEARNING_RATE,
  smallCnn,
} from "./mnist.ts";

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
 * import { mnistModelSpec } from "./mnist_specs.ts";
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
