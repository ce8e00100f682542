/**
 * A's Task 2 as this project runs it: the budget of each profile, and the training of a 1000-way
 * model (`tripleLogisticRegression`, `tripleFullImageCnn` of lib/models) through `lib/train`'s
 * `fit`, scoring held-out images and recording a feature map as it goes.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type LayerActivation, layerActivations } from "../analysis/mod.ts";
import type { ProfileName } from "../config/mod.ts";
import {
  FEATURE_MAP_LAYER,
  TASK2_BATCH_SIZE,
  TASK2_LEARNING_RATE,
} from "../models/triple_mnist_task2.ts";
import { evaluate, type ExampleSource, fit, type History } from "../train/mod.ts";
import type { ProgressReporter } from "../train/mod.ts";

/** How much Task 2 trains, and on which images. */
export interface Task2Budget {
  /** training classes drawn at random (of the 640) */
  classes: number;
  /** images per class taken (the first ones) */
  imagesPerClass: number;
  /** of those, held out per class to score the training classes on unseen images */
  heldOutPerClass: number;
  /** validation and test images per class scored */
  evalPerClass: number;
  /** images per batch */
  batchSize: number;
  /** epochs of each model */
  epochs: { logreg: number; cnn: number };
}

/**
 * Task 2's budget per profile. `full` is A's (the 640 training classes, 100 images each, batch
 * 256, 10 epochs); `standard` trains on 64 classes of 16 images in batches of 32 (a batch of 256
 * over so few images would leave BatchNorm's running statistics far behind the weights), `quick`
 * only proves the notebook runs.
 */
export const TASK2_BUDGET: Readonly<Record<ProfileName, Task2Budget>> = Object.freeze({
  quick: {
    classes: 10,
    imagesPerClass: 2,
    heldOutPerClass: 1,
    evalPerClass: 1,
    batchSize: 256,
    epochs: { logreg: 1, cnn: 1 },
  },
  standard: {
    classes: 64,
    imagesPerClass: 16,
    heldOutPerClass: 4,
    evalPerClass: 2,
    batchSize: 32,
    epochs: { logreg: 5, cnn: 5 },
  },
  full: {
    classes: 640,
    imagesPerClass: 100,
    heldOutPerClass: 20,
    evalPerClass: 100,
    batchSize: TASK2_BATCH_SIZE,
    epochs: { logreg: 10, cnn: 10 },
  },
});

/**
 * Channel `channel` of the feature map a layer of `model` gives for one image (A shows channel 0
 * of the CNN's last block, 21×21).
 *
 * @param model a model with a layer named `layerName` whose output is `[batch, h, w, c]`
 * @param image one image `[84, 84, 1]` or `[1, 84, 84, 1]` (not disposed)
 * @param options the layer (default {@linkcode FEATURE_MAP_LAYER}) and channel (default 0)
 * @returns a Promise of the `h × w` activations, row-major, with `height` and `width`
 *   (`layerActivations` of lib/analysis, read back asynchronously); no tensor is left behind
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
  const x = image.rank === 3 ? image.expandDims(0) : image;
  let activation: LayerActivation;
  try {
    [activation] = await layerActivations(model, x, [layer.name]);
  } finally {
    if (x !== image) x.dispose();
  }
  const [, height, width, depth] = activation.shape;
  const data = new Float32Array(height * width);
  for (let p = 0; p < data.length; p++) data[p] = activation.values[p * depth + channel];
  return { values: data, height, width };
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
 * @param model an uncompiled Task 2 model of lib/models
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
