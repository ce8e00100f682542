/**
 * Task 5b's experiment: Task 4's enhanced CNN trained from scratch on a mix of real (augmented)
 * and synthetic (not augmented) images, scored on the validation classes after every epoch.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { scoreTripleModel } from "../analysis/mod.ts";
import { compileTripleCnn, TRIPLE_BATCH_SIZE, tripleEnhancedCnn } from "../models/triple_mnist.ts";
import { type EpochLog, fit } from "../train/fit.ts";
import type { ProgressReporter } from "../train/progress.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { type MixedSplit, mixedTrainingSource } from "./mix.ts";

/** One epoch of {@linkcode trainEnhancedCnn}: `fit`'s log plus validation scores. */
export interface ScoredEpochLog extends EpochLog {
  /** exact match on the validation images after the epoch */
  valExactMatch: number;
  /** averaged macro F1 (A's "F1") on the validation images after the epoch */
  valF1: number;
}

/** Options of {@linkcode trainEnhancedCnn}. */
export interface TrainEnhancedCnnOptions {
  /** epochs */
  epochs: number;
  /** seed of the weights, the shuffling and (plus 1) the augmentation */
  seed: number;
  /** images scored after each epoch */
  validation: TripleMnistSplit;
  /**
   * images per batch
   * @default 256 (A's)
   */
  batchImages?: number;
  /** live progress */
  progress?: ProgressReporter;
}

/**
 * Trains a fresh `tripleEnhancedCnn` (Task 4's network, A's Adam 1e-3 and weight decay) on a
 * mixed split, real images augmented with Task 4's strengths, and scores it on `validation` after
 * every epoch.
 *
 * @param mixed the training images (`mixSplits`)
 * @param options epochs, seed, validation images, batch size, progress
 * @returns the trained model (the caller disposes it), one log per epoch, and the seconds taken
 */
export async function trainEnhancedCnn(
  mixed: MixedSplit,
  options: TrainEnhancedCnnOptions,
): Promise<{ model: tf.LayersModel; history: ScoredEpochLog[]; seconds: number }> {
  const model = compileTripleCnn(tripleEnhancedCnn({ seed: options.seed }));
  const source = mixedTrainingSource(mixed, { seed: options.seed + 1 });
  const history: ScoredEpochLog[] = [];
  const t0 = performance.now();
  await fit(model, source, {
    epochs: options.epochs,
    batchSize: options.batchImages ?? TRIPLE_BATCH_SIZE,
    seed: options.seed,
    ...(options.progress ? { progress: options.progress } : {}),
    onEpochEnd: async (log) => {
      const s = await scoreTripleModel(model, options.validation);
      history.push({ ...log, valExactMatch: s.exactMatch, valF1: s.averagedMacroF1 });
    },
  });
  return { model, history, seconds: (performance.now() - t0) / 1000 };
}
