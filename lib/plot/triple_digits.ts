/**
 * Figures of the three digits of Triple-MNIST numbers: how often each digit stands at each
 * position, and for a model that reads them, one confusion matrix per position, the histogram of
 * |true − predicted| digit per position, and A's violins of the confidence of right and wrong
 * digits per position.
 * @module
 */
import { confusionHeatmap, heatmap } from "./heatmap.ts";
import { histogram } from "./histogram.ts";
import type { Figure } from "./types.ts";
// the module without imports: plot loads without TF.js and the PNG codec
import { POSITION_NAMES } from "../triple_mnist/positions.ts";
import { violinPlot } from "./violin.ts";

const DIGIT_NAMES = Array.from({ length: 10 }, (_, d) => String(d));

function checkThree(what: string, found: number): void {
  if (found !== POSITION_NAMES.length) {
    throw new RangeError(
      `Cannot draw ${what} of ${found} positions as a Triple-MNIST number has 3 — pass one per ` +
        `position`,
    );
  }
}

/** One row of {@linkcode digitShareHeatmap}: e.g. one position of one split. */
export interface DigitShareRow {
  /** the row's label, e.g. "train · first" */
  label: string;
  /** the share of images with each digit 0–9 there */
  shares: ArrayLike<number>;
}

/**
 * How often each digit stands at each position: one row per (split, position), one column per
 * digit, each cell the share of images, written as a percentage.
 *
 * @param rows the rows, top to bottom
 * @param options title and height
 * @returns the Plotly figure
 * @throws {RangeError} when a row does not hold ten shares
 * @example
 * ```ts
 * import { digitShareHeatmap } from "./triple_digits.ts";
 * const fig = digitShareHeatmap([{ label: "train · first", shares: new Array(10).fill(0.1) }]);
 * fig.data[0].y; // ["train · first"]
 * ```
 */
export function digitShareHeatmap(
  rows: readonly DigitShareRow[],
  options: { title?: string; height?: number } = {},
): Figure {
  const bad = rows.find((r) => r.shares.length !== DIGIT_NAMES.length);
  if (bad) {
    throw new RangeError(
      `Cannot draw the digit shares of '${bad.label}' as it holds ${bad.shares.length} shares, ` +
        `not one per digit (10)`,
    );
  }
  return heatmap(rows.map((r) => Array.from(r.shares)), {
    x: DIGIT_NAMES,
    y: rows.map((r) => r.label),
    annotate: true,
    format: "percent",
    zmin: 0,
    xTitle: "digit",
    title: options.title ?? "Share of images with each digit at each position",
    height: options.height ?? 480,
  });
}

/** Options of {@linkcode perPositionConfusion}. */
export interface PerPositionConfusionOptions {
  /**
   * the title of each matrix, followed by ", <position> digit"
   * @default "Test confusion matrix"
   */
  title?: string;
  /**
   * height of each figure in pixels
   * @default 420
   */
  height?: number;
}

/**
 * One confusion-matrix heat map per digit position (rows: true digit, columns: predicted digit).
 *
 * @param confusion `confusion[position][true][predicted]` counts, three positions of 10×10
 * @param options title and height
 * @returns three Plotly figures, first position first
 * @throws {RangeError} when there are not three matrices of 10×10
 * @example
 * ```ts
 * import { perPositionConfusion } from "./triple_digits.ts";
 * const eye = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => +(t === p)));
 * const figs = perPositionConfusion([eye, eye, eye]);
 * figs[2].layout.title; // { text: "Test confusion matrix, third digit" }
 * ```
 */
export function perPositionConfusion(
  confusion: readonly ArrayLike<ArrayLike<number>>[],
  options: PerPositionConfusionOptions = {},
): Figure[] {
  checkThree("confusion matrices", confusion.length);
  return confusion.map((matrix, l) =>
    confusionHeatmap(matrix, DIGIT_NAMES, {
      title: `${options.title ?? "Test confusion matrix"}, ${POSITION_NAMES[l]} digit`,
      height: options.height ?? 420,
    })
  );
}

/**
 * For each position, the histogram of |true digit − predicted digit| (0 for a right digit): bars
 * side by side on a log scale, since right digits outnumber the wrong ones many times over.
 *
 * @param digitErrors per position, one |true − predicted| per image
 * @param options the title
 * @returns the Plotly figure (one bar trace per position)
 * @throws {RangeError} when there are not three positions
 * @example
 * ```ts
 * import { digitErrorHistogram } from "./triple_digits.ts";
 * const fig = digitErrorHistogram([[0, 0, 5], [0, 1, 0], [0, 0, 0]]);
 * fig.data[0].y; // [2, 0, 0, 0, 0, 1, 0, 0, 0, 0]
 * ```
 */
export function digitErrorHistogram(
  digitErrors: readonly ArrayLike<number>[],
  options: { title?: string } = {},
): Figure {
  checkThree("digit errors", digitErrors.length);
  const figure = histogram(
    Object.fromEntries(POSITION_NAMES.map((name, l) => [name, digitErrors[l]])),
    {
      bins: 10,
      range: [-0.5, 9.5],
      xTitle: "|true − predicted| digit",
      title: options.title ?? "Digit errors by position",
    },
  );
  return {
    ...figure,
    layout: {
      ...figure.layout,
      barmode: "group",
      yaxis: { title: { text: "count (log)" }, type: "log" },
    },
  };
}

/** Confidences per position, of right and of wrong digits (`lib/analysis`'s `confidenceSplit`). */
export interface ConfidenceGroups {
  /** per position: the confidences of the right digits */
  correct: readonly ArrayLike<number>[];
  /** per position: the confidences of the wrong digits */
  incorrect: readonly ArrayLike<number>[];
}

const RIGHT = { line: "#2ca02c", fill: "rgba(44,160,44,0.35)" };
const WRONG = { line: "#d62728", fill: "rgba(214,39,40,0.35)" };

/**
 * Violins of the confidences per position, right digits in green and wrong ones in red (A's
 * figure).
 *
 * @param split the confidences, e.g. from `lib/analysis`'s `confidenceSplit`
 * @param options the title
 * @returns the Plotly figure (six violins; a group with no values is left out)
 * @throws {RangeError} when there are not three positions
 * @example
 * ```ts
 * import { confidenceViolins } from "./triple_digits.ts";
 * const fig = confidenceViolins({ correct: [[0.9], [0.8], [0.95]], incorrect: [[0.5], [], []] });
 * fig.data.length; // 4
 * ```
 */
export function confidenceViolins(
  split: ConfidenceGroups,
  options: { title?: string } = {},
): Figure {
  checkThree("confidences", split.correct.length);
  checkThree("confidences", split.incorrect.length);
  const groups: Record<string, ArrayLike<number>> = {};
  const colours: (typeof RIGHT)[] = [];
  for (let l = 0; l < 3; l++) {
    for (
      const [kind, values, colour] of [
        ["right", split.correct[l], RIGHT],
        ["wrong", split.incorrect[l], WRONG],
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
    trace.line = { color: colours[i].line };
    trace.fillcolor = colours[i].fill;
  });
  return figure;
}
