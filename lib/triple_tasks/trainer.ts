/**
 * The one Triple-MNIST trainer of the per-digit CNNs: `lib/train`'s `fit` on whole images cut
 * into thirds, with a per-epoch learning-rate decay (`exponentialDecay`), and after every epoch
 * one prediction pass over the validation images that gives the loss and accuracy per digit and
 * the exact match of the whole number, by which the best epoch is kept. Tasks 3 and 4
 * (`per_digit.ts`), the budget study (`budget_cli.ts`) and Task 5b's mixed real and synthetic
 * training (`mixed_training.ts`) all train through it.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { AugmentOptions } from "../augment/mod.ts";
import { scoreTriple } from "../analysis/mod.ts";
import { TRIPLE_BATCH_SIZE } from "../models/triple_mnist.ts";
import {
  type EpochLog,
  type ExampleSource,
  exponentialDecay,
  fit,
  keepBestWeights,
  learningRateOf,
  predict,
  type ProgressReporter,
  setLearningRate,
} from "../train/mod.ts";
import { thirdsSource, type TripleMnistSplit } from "../triple_mnist/mod.ts";
import { perDigitTrainingSource } from "./sources.ts";

/** Options of {@linkcode trainTripleCnnOn}. */
export interface TrainTripleCnnOnOptions {
  /** epochs (with `keepBest`, the most epochs: the best one on validation is kept) */
  epochs: number;
  /** seed of the shuffling */
  seed: number;
  /**
   * images per batch (each gives 3 examples)
   * @default 256
   */
  batchSize?: number;
  /**
   * the factor the optimizer's learning rate is multiplied by after every epoch (restored at the
   * end); A kept it constant
   * @default 1
   */
  learningRateDecay?: number;
  /**
   * validation images, scored after each epoch: loss and accuracy per digit, the exact match of
   * the whole number and the averaged macro F1
   */
  validation?: TripleMnistSplit;
  /**
   * thirds per validation prediction batch
   * @default 3 × batchSize
   */
  validationBatchSize?: number;
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

/** Options of {@linkcode trainTripleCnn}: {@linkcode TrainTripleCnnOnOptions} and augmentation. */
export interface TrainTripleCnnOptions extends TrainTripleCnnOnOptions {
  /** augment the training images (Task 4), seeded by `seed + 1`; A's strengths when `true` */
  augment?: boolean | AugmentOptions;
}

/** One epoch of the trainer: `fit`'s log and the validation scores of the whole numbers. */
export interface TripleEpochLog extends EpochLog {
  /** the share of validation images whose three digits are all right, after the epoch */
  valExactMatch?: number;
  /** the averaged macro F1 (A's "F1") of the validation digits, after the epoch */
  valF1?: number;
}

/** What the trainer returns. */
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
 * Trains a compiled per-digit CNN on a source of whole images whose batches hold three examples
 * per image (e.g. `perDigitTrainingSource`, or Task 5b's `mixedTrainingSource`), through `fit`.
 * After each epoch the validation images are predicted once: loss and accuracy per digit, the
 * exact match of the whole number (by which `keepBest` keeps an epoch) and the macro F1.
 *
 * @param model a compiled model (`compileTripleCnn` of lib/models)
 * @param source the training images
 * @param options epochs, seed, batch size, learning-rate decay, validation, keepBest, progress
 * @returns the history, the epoch kept, and the time taken
 * @throws {TypeError} when the model is not compiled
 * @throws {RangeError} when `keepBest` is asked without `validation`, or the decay is not in
 *   (0, 1]
 */
export async function trainTripleCnnOn(
  model: tf.LayersModel,
  source: ExampleSource,
  options: TrainTripleCnnOnOptions,
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
  const batchSize = options.batchSize ?? TRIPLE_BATCH_SIZE;
  const validation = options.validation ? thirdsSource(options.validation) : undefined;
  const validationBatch = options.validationBatchSize ?? 3 * batchSize;
  const rate = learningRateOf(model.optimizer);
  const best = options.keepBest ? keepBestWeights(model) : undefined;
  const t0 = performance.now();
  try {
    const history: TripleEpochLog[] = await fit(model, source, {
      epochs: options.epochs,
      batchSize,
      seed: options.seed,
      ...(decay !== 1 ? { learningRate: exponentialDecay(decay) } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      onEpochEnd: async (log: TripleEpochLog) => {
        if (validation) {
          // one prediction pass gives fit's validation figures and the whole-number scores
          const p = await predict(model, validation, { batchSize: validationBatch });
          const scores = scoreTriple(p);
          log.valLoss = crossEntropy(p.probabilities, p.labels, p.numClasses);
          log.valAccuracy = scores.digitAccuracy;
          log.valExactMatch = scores.exactMatch;
          log.valF1 = scores.averagedMacroF1;
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
    // the optimizer goes back to its own rate, so a second training starts where this one did
    setLearningRate(model.optimizer, rate);
    best?.dispose();
  }
}

/**
 * Trains a compiled per-digit CNN on whole images of `train` (cut into thirds, optionally
 * augmented first with seed `seed + 1`) with {@linkcode trainTripleCnnOn}.
 *
 * @param model a compiled model (`compileTripleCnn` of lib/models)
 * @param train the training split
 * @param options epochs, seed, batch size, augmentation, learning-rate decay, validation,
 *   keepBest, progress
 * @returns the history, the epoch kept, and the time taken
 * @throws {TypeError} when the model is not compiled
 * @throws {RangeError} when `keepBest` is asked without `validation`
 * @example
 * ```ts ignore
 * import { compileTripleCnn, triplePerDigitCnn } from "../models/triple_mnist.ts";
 * const model = compileTripleCnn(triplePerDigitCnn({ seed: 42 }));
 * const run = await trainTripleCnn(model, data.train, {
 *   epochs: 4, seed: 42, batchSize: 32, learningRateDecay: 0.5, validation, keepBest: true,
 * });
 * run.keptEpoch; // the epoch of the best validation exact match
 * ```
 */
export async function trainTripleCnn(
  model: tf.LayersModel,
  train: TripleMnistSplit,
  options: TrainTripleCnnOptions,
): Promise<TripleTrainingRun> {
  const augment = options.augment === true ? {} : options.augment || undefined;
  const source = perDigitTrainingSource(train, {
    ...(augment ? { augment: { ...augment, seed: options.seed + 1 } } : {}),
  });
  return await trainTripleCnnOn(model, source, options);
}
