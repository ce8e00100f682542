/**
 * Task 5b's experiment: Task 4's enhanced CNN trained from scratch on a mix of real (augmented)
 * and synthetic (not augmented) images by the Triple-MNIST trainer (`trainTripleCnnOn`), scored
 * on the validation classes after every epoch; and the four training sets it compares.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { compileTripleCnn, TRIPLE_BATCH_SIZE, tripleEnhancedCnn } from "../models/triple_mnist.ts";
import type { ProfileName } from "../config/mod.ts";
import { Rng } from "../random/mod.ts";
import type { ProgressReporter } from "../train/mod.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { type MixedSplit, mixedTrainingSource, mixSplits } from "./mix.ts";
import { trainTripleCnnOn, type TripleEpochLog } from "./trainer.ts";

/** One epoch of {@linkcode trainEnhancedCnn}: the trainer's log, validation scores always set. */
export interface ScoredEpochLog extends TripleEpochLog {
  /** exact match on the validation images after the epoch */
  valExactMatch: number;
  /** averaged macro F1 (A's "F1") on the validation images after the epoch */
  valF1: number;
}

/** Thirds per validation prediction batch: 256 images. */
const VALIDATION_BATCH_THIRDS = 768;

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
  /**
   * keep the weights of the epoch with the best validation exact match (ties keep the earlier)
   * @default false
   */
  keepBest?: boolean;
}

/** What {@linkcode trainEnhancedCnn} returns. */
export interface EnhancedCnnRun {
  /** the trained model (the caller disposes it) */
  model: tf.LayersModel;
  /** one log per epoch */
  history: ScoredEpochLog[];
  /** the epoch whose weights the model holds (the best on validation with `keepBest`) */
  keptEpoch: number;
  /** seconds of training and validation */
  seconds: number;
}

/**
 * Trains a fresh `tripleEnhancedCnn` (Task 4's network, A's Adam 1e-3 and weight decay) on a
 * mixed split, real images augmented with Task 4's strengths, and scores it on `validation` after
 * every epoch.
 *
 * @param mixed the training images (`mixSplits`)
 * @param options epochs, seed, validation images, batch size, progress, keepBest
 * @returns the trained model (the caller disposes it), one log per epoch, the kept epoch, and the
 *   seconds taken
 */
export async function trainEnhancedCnn(
  mixed: MixedSplit,
  options: TrainEnhancedCnnOptions,
): Promise<EnhancedCnnRun> {
  const model = compileTripleCnn(tripleEnhancedCnn({ seed: options.seed }));
  const run = await trainTripleCnnOn(
    model,
    mixedTrainingSource(mixed, { seed: options.seed + 1 }),
    {
      epochs: options.epochs,
      batchSize: options.batchImages ?? TRIPLE_BATCH_SIZE,
      seed: options.seed,
      validation: options.validation,
      // the validation batch Task 5b always used (`scoreTripleModel`'s 256 images)
      validationBatchSize: VALIDATION_BATCH_THIRDS,
      ...(options.keepBest ? { keepBest: true } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
    },
  );
  return { model, ...run, history: run.history as ScoredEpochLog[] };
}

/** The four training sets of Task 5b, in the order the notebook shows them. */
export const TASK5B_CASES = ["real", "combined", "scarce real", "scarce + synthetic"] as const;

/** One of {@linkcode TASK5B_CASES}. */
export type Task5bCase = typeof TASK5B_CASES[number];

/** A training set of Task 5b and how long it trains. */
export interface Task5bSet {
  /** the real and synthetic images */
  mixed: MixedSplit;
  /** the most epochs */
  epochs: number;
}

/** Options of {@linkcode task5bSets}. */
export interface Task5bSetsOptions {
  /** seeds which real images are replaced and which synthetic ones are drawn (`seed + 2`) */
  seed: number;
  /** epochs of every set but `scarce real`, which trains twice as many (the same steps) */
  epochs: number;
}

/**
 * A's Task 5b training sets, plus the scarce case: `real` (all N real images), `combined`
 * (S = min(5000, N/4) synthetic images replacing as many real ones, drawn at random), `scarce
 * real` (fewer real images) and `scarce + synthetic` (those plus as many synthetic ones; the
 * real-only one trains twice the epochs, so both take the same number of steps).
 *
 * @param real the real training images
 * @param scarce the fewer real training images
 * @param synthetic the synthetic images (training classes only)
 * @param options seed and epochs
 * @returns the four sets, by name, and S
 */
export function task5bSets(
  real: TripleMnistSplit,
  scarce: TripleMnistSplit,
  synthetic: TripleMnistSplit,
  options: Task5bSetsOptions,
): { sets: Record<Task5bCase, Task5bSet>; replaced: number } {
  const n = real.count;
  const replaced = Math.min(5000, Math.floor(n / 4), synthetic.count);
  const rng = new Rng(options.seed + 2);
  const sampleOf = (size: number, k: number) =>
    Array.from(rng.sample(size, k)).sort((a, b) => a - b);
  const combined = mixSplits(real, synthetic, {
    real: sampleOf(n, n - replaced),
    synthetic: sampleOf(synthetic.count, replaced),
  });
  const added = Math.min(scarce.count, synthetic.count);
  return {
    replaced,
    sets: {
      real: { mixed: mixSplits(real, synthetic, { synthetic: [] }), epochs: options.epochs },
      combined: { mixed: combined, epochs: options.epochs },
      "scarce real": {
        mixed: mixSplits(scarce, synthetic, { synthetic: [] }),
        epochs: 2 * options.epochs,
      },
      "scarce + synthetic": {
        mixed: mixSplits(scarce, synthetic, { synthetic: sampleOf(synthetic.count, added) }),
        epochs: options.epochs,
      },
    },
  };
}

/** Task 5b's sizes and training settings for one profile ({@linkcode TASK5B_BUDGET}). */
export interface Task5bBudget {
  /** real training images per class of the larger real set */
  realPerClass: number;
  /** real training images per class of the scarce set */
  scarcePerClass: number;
  /** at most this many epochs per model (the best validation epoch is kept) */
  epochs: number;
  /** validation images per class scored after every epoch */
  valPerClass: number;
  /** test images per class scored at the end */
  testPerClass: number;
  /** images per batch */
  batchImages: number;
  /** at most this many images per scored split (0: no limit) */
  limit: number;
}

/**
 * Task 5b's budget per profile. `full` is A's (every real training image, 100 per class, 25
 * epochs, batch 256, the whole validation and test splits); Task 4's network costs about a
 * quarter of a gigaflop per image and step, so `standard` trains on a few real images per class
 * for a few epochs and scores a slice of every validation and test class; `quick` only runs.
 */
export const TASK5B_BUDGET: Readonly<Record<ProfileName, Task5bBudget>> = Object.freeze({
  quick: {
    realPerClass: 1,
    scarcePerClass: 1,
    epochs: 1,
    valPerClass: 1,
    testPerClass: 1,
    batchImages: 32,
    limit: 96,
  },
  standard: {
    realPerClass: 4,
    scarcePerClass: 1,
    epochs: 2,
    valPerClass: 5,
    testPerClass: 10,
    batchImages: 32,
    limit: 0,
  },
  full: {
    realPerClass: 100,
    scarcePerClass: 10,
    epochs: 25,
    valPerClass: 100,
    testPerClass: 100,
    batchImages: 256,
    limit: 0,
  },
});
