/**
 * A's confidence analysis: the highest softmax probability of each digit, for right and wrong
 * digits, per position (`lib/plot`'s `confidenceViolins` draws it).
 * @module
 */
import type { TripleScores } from "./triple_scores.ts";

/** Confidences split by position and by right/wrong. */
export interface ConfidenceSplit {
  /** per position: the confidences of the right digits */
  correct: [number[], number[], number[]];
  /** per position: the confidences of the wrong digits */
  incorrect: [number[], number[], number[]];
  /** mean confidence of all right digits (NaN when none) */
  meanCorrect: number;
  /** mean confidence of all wrong digits (NaN when none) */
  meanIncorrect: number;
  /** meanCorrect − meanIncorrect */
  gap: number;
}

const mean = (v: number[]) => v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;

/**
 * Splits the per-digit confidences of scored predictions by position and by right/wrong.
 *
 * @param scores scores made with probabilities
 * @returns the groups, the two means and their gap
 * @throws {RangeError} when the scores hold no confidences (no probabilities were given)
 *
 * @example
 * ```ts
 * import { scoreTriple } from "./triple_scores.ts";
 * import { confidenceSplit } from "./confidence.ts";
 * const probabilities = new Float32Array(30).fill(0.1);
 * const s = scoreTriple({ labels: [0, 0, 0], predicted: [0, 0, 1], probabilities });
 * confidenceSplit(s).incorrect[2]; // [0.1…]
 * ```
 */
export function confidenceSplit(scores: TripleScores): ConfidenceSplit {
  if (scores.confidence.length > 0 && Number.isNaN(scores.confidence[0])) {
    throw new RangeError(
      "Cannot split confidences as the scores hold none — pass `probabilities` to scoreTriple",
    );
  }
  const correct: ConfidenceSplit["correct"] = [[], [], []];
  const incorrect: ConfidenceSplit["incorrect"] = [[], [], []];
  for (let e = 0; e < scores.confidence.length; e++) {
    (scores.correct[e] ? correct : incorrect)[e % 3].push(scores.confidence[e]);
  }
  const meanCorrect = mean(correct.flat());
  const meanIncorrect = mean(incorrect.flat());
  return { correct, incorrect, meanCorrect, meanIncorrect, gap: meanCorrect - meanIncorrect };
}
