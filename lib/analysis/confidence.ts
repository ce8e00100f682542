/**
 * A's confidence analysis: the highest softmax probability of each digit, for right and wrong
 * digits, per position.
 * @module
 */
import { type Figure, violinPlot } from "../plot/mod.ts";
import { POSITION_NAMES, type TripleScores } from "./triple_scores.ts";

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

/**
 * Violins of the confidences per position, right digits in green and wrong ones in red (A's
 * figure).
 *
 * @param split from {@linkcode confidenceSplit}
 * @param options the title
 * @returns the Plotly figure (six violins; a group with no values is left out)
 */
export function confidenceViolins(
  split: ConfidenceSplit,
  options: { title?: string } = {},
): Figure {
  const groups: Record<string, number[]> = {};
  const colours: string[] = [];
  for (let l = 0; l < 3; l++) {
    for (
      const [kind, values, colour] of [
        ["right", split.correct[l], "#2ca02c"],
        ["wrong", split.incorrect[l], "#d62728"],
      ] as const
    ) {
      if (values.length === 0) continue;
      groups[`${POSITION_NAMES[l]} digit · ${kind} (${values.length})`] = values;
      colours.push(colour);
    }
  }
  const figure = violinPlot(groups, {
    title: options.title ?? "Confidence (highest softmax probability) of right and wrong digits",
    yTitle: "confidence",
  });
  figure.data.forEach((trace, i) => {
    trace.line = { color: colours[i] };
    trace.fillcolor = colours[i] === "#2ca02c" ? "rgba(44,160,44,0.35)" : "rgba(214,39,40,0.35)";
  });
  return figure;
}
