/**
 * How much of the whole-number error rate the per-digit errors explain: if the three digits
 * were read independently with accuracies p₁, p₂, p₃, the number would be right with
 * probability p₁·p₂·p₃ (p³ for one accuracy p).
 * @module
 */
import type { PerPosition, TripleScores } from "./triple_scores.ts";

/** The p³ explanation of whole-number errors. */
export interface WholeNumberExplanation {
  /** per-digit accuracy at each position */
  perPosition: PerPosition<number>;
  /** per-digit accuracy over all positions, p */
  digitAccuracy: number;
  /** p³: the exact-match rate of three independent digits of accuracy p */
  pCubed: number;
  /** p₁·p₂·p₃: the same with each position's own accuracy */
  independentExactMatch: number;
  /** the exact-match rate measured */
  observedExactMatch: number;
  /** 1 − p₁·p₂·p₃ */
  expectedErrorRate: number;
  /** 1 − observed exact match */
  observedErrorRate: number;
  /**
   * expected / observed error rate: 1 when independent digit errors explain the whole-number
   * errors exactly; above 1 when wrong digits cluster in the same images; below 1 when they
   * fall on different images more often than chance
   */
  explainedShare: number;
  /** one sentence that says it in words */
  sentence: string;
}

function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/**
 * Compares the measured exact-match rate with what independent per-digit errors predict.
 *
 * @param scores scores from {@linkcode scoreTriple}
 * @returns the expected and observed rates, their ratio, and a sentence
 *
 * @example
 * ```ts
 * import { scoreTriple } from "./triple_scores.ts";
 * import { explainWholeNumberErrors } from "./whole_number_errors.ts";
 * const s = scoreTriple({ labels: [1, 2, 3, 4, 5, 6], predicted: [1, 2, 3, 4, 5, 0] });
 * explainWholeNumberErrors(s).independentExactMatch; // 1 · 1 · 0.5 = 0.5
 * ```
 */
export function explainWholeNumberErrors(scores: TripleScores): WholeNumberExplanation {
  const [p1, p2, p3] = scores.perPosition;
  const p = scores.digitAccuracy;
  const independent = p1 * p2 * p3;
  const expectedErrorRate = 1 - independent;
  const observedErrorRate = 1 - scores.exactMatch;
  const explainedShare = observedErrorRate === 0 ? 1 : expectedErrorRate / observedErrorRate;
  const tendency = explainedShare > 1.05
    ? " Fewer images are wrong than independence predicts: wrong digits tend to share an image" +
      " (hard images, e.g. a heavy augmentation or touching strokes)."
    : explainedShare < 0.95
    ? " More images are wrong than independence predicts: wrong digits fall on different images."
    : " The whole-number errors are what independent per-digit errors predict.";
  const sentence =
    `Each digit is right ${pct(p, 2)} of the time (${
      scores.perPosition.map((v) => pct(v, 2)).join(", ")
    } by position). If the three digits were read independently, the whole number would be right ` +
    `${pct(independent, 2)} of the time (p³ = ${pct(p * p * p, 2)}); measured: ` +
    `${pct(scores.exactMatch, 2)}. Independent per-digit errors predict ` +
    `${pct(expectedErrorRate, 2)} wrong numbers against ${pct(observedErrorRate, 2)} observed ` +
    `(ratio ${explainedShare.toFixed(2)}).${tendency}`;
  return {
    perPosition: [p1, p2, p3],
    digitAccuracy: p,
    pCubed: p * p * p,
    independentExactMatch: independent,
    observedExactMatch: scores.exactMatch,
    expectedErrorRate,
    observedErrorRate,
    explainedShare,
    sentence,
  };
}
