/**
 * The figures of Triple-MNIST scores that notebooks record in `metrics.json`, written one way
 * for every notebook (the scores themselves come from `scoreTriple`).
 * @module
 */
import type { TripleScores } from "./triple_scores.ts";

/** The headline figures of one set of scores. */
export interface ScoreFigures {
  /** images scored */
  images: number;
  /** share of images with all three digits right */
  exactMatch: number;
  /** digit accuracy per position */
  perPosition: readonly number[];
  /** the macro F1 per position, averaged */
  averagedMacroF1: number;
}

/**
 * The headline figures of a set of scores (without its per-image arrays).
 *
 * @param scores the scores
 * @returns images, exact match, per-position accuracy and averaged macro F1
 * @example
 * ```ts
 * import { scoreTriple } from "./triple_scores.ts";
 * import { scoreFigures } from "./score_figures.ts";
 * scoreFigures(scoreTriple({ labels: [1, 2, 3], predicted: [1, 2, 4] })).exactMatch; // 0
 * ```
 */
export function scoreFigures(scores: TripleScores): ScoreFigures {
  return {
    images: scores.images,
    exactMatch: scores.exactMatch,
    perPosition: scores.perPosition,
    averagedMacroF1: scores.averagedMacroF1,
  };
}

/** A model's validation and test figures, as Tasks 3 and 4 record them. */
export interface SplitScoreFigures {
  /** validation exact match (when validation was scored) */
  valExactMatch?: number;
  /** validation accuracy per position */
  valPerPosition?: readonly number[];
  /** validation averaged macro F1 */
  valF1?: number;
  /** test exact match */
  testExactMatch: number;
  /** test accuracy per position */
  testPerPosition: readonly number[];
  /** test averaged macro F1 */
  testF1: number;
}

/**
 * A model's validation (when given) and test figures under the names Tasks 3 and 4 record.
 *
 * @param scores the test scores and, when the model was scored on validation, those
 * @returns the figures
 * @example
 * ```ts
 * import { scoreTriple } from "./triple_scores.ts";
 * import { splitScoreFigures } from "./score_figures.ts";
 * const test = scoreTriple({ labels: [1, 2, 3], predicted: [1, 2, 3] });
 * splitScoreFigures({ test }).testExactMatch; // 1
 * ```
 */
export function splitScoreFigures(
  scores: { val?: TripleScores; test: TripleScores },
): SplitScoreFigures {
  const { val, test } = scores;
  return {
    ...(val
      ? {
        valExactMatch: val.exactMatch,
        valPerPosition: val.perPosition,
        valF1: val.averagedMacroF1,
      }
      : {}),
    testExactMatch: test.exactMatch,
    testPerPosition: test.perPosition,
    testF1: test.averagedMacroF1,
  };
}

/** What {@linkcode keptRunFigures} reads of a training run that keeps its best epoch. */
export interface KeptRun {
  /** the training images used (their count is recorded) */
  train: { count: number };
  /** the budget: images per class and most epochs */
  budget: { imagesPerClass: number; epochs: number };
  /** one entry per epoch trained */
  history: readonly { valExactMatch?: number }[];
  /** the 1-based epoch kept */
  kept: number;
  /** the digit pool of the data set */
  pool: string;
}

/**
 * The settings and choices of a run that keeps its best validation epoch, under the names Tasks
 * 3 and 4 record them: training images, budget, kept epoch, validation exact match per epoch and
 * the digit pool.
 *
 * @param run the run
 * @returns the figures
 * @example
 * ```ts
 * import { keptRunFigures } from "./score_figures.ts";
 * const budget = { imagesPerClass: 4, epochs: 2 };
 * const history = [{ valExactMatch: 0.5 }, { valExactMatch: 0.4 }];
 * keptRunFigures({ train: { count: 2560 }, budget, history, kept: 1, pool: "disjoint" })
 *   .valExactMatchPerEpoch; // [0.5, 0.4]
 * ```
 */
export function keptRunFigures(run: KeptRun): {
  trainImages: number;
  imagesPerClass: number;
  epochs: number;
  keptEpoch: number;
  valExactMatchPerEpoch: (number | undefined)[];
  pool: string;
} {
  return {
    trainImages: run.train.count,
    imagesPerClass: run.budget.imagesPerClass,
    epochs: run.budget.epochs,
    keptEpoch: run.kept,
    valExactMatchPerEpoch: run.history.map((h) => h.valExactMatch),
    pool: run.pool,
  };
}
