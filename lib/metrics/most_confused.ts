/**
 * The class pairs a classifier mixes up most.
 * @module
 */
import type { ConfusionMatrix } from "./confusion_matrix.ts";

/** One confused pair of classes. */
export interface ConfusedPair {
  /** the true class (with `symmetric`, the lower index of the pair) */
  trueClass: number;
  /** the predicted class (with `symmetric`, the higher index) */
  predictedClass: number;
  /** its name, when names were given; otherwise the index as text */
  trueName: string;
  /** its name, when names were given; otherwise the index as text */
  predictedName: string;
  /** how many examples were confused this way (both ways, with `symmetric`) */
  count: number;
  /** `count` over the true class's examples (both classes', with `symmetric`) */
  rate: number;
}

/** Options of {@linkcode mostConfusedPairs}. */
export interface MostConfusedOptions {
  /**
   * Names of the classes, for `trueName` and `predictedName`.
   * @default the indices as text
   */
  classNames?: readonly string[];
  /**
   * Count A→B and B→A together as one pair.
   * @default false
   */
  symmetric?: boolean;
}

/**
 * The `k` largest off-diagonal cells of a confusion matrix (ties: higher rate, then lower indices).
 * Pairs never confused are left out, so fewer than `k` may come back.
 *
 * @param cm a confusion matrix
 * @param k how many pairs
 * @param options class names and whether to merge both directions
 * @returns the pairs, most frequent first
 *
 * @example
 * ```ts
 * import { mostConfusedPairs } from "./most_confused.ts";
 * const pairs = mostConfusedPairs([[5, 3, 0], [1, 6, 0], [0, 2, 7]], 2);
 * // [{trueClass: 0, predictedClass: 1, count: 3, ...}, {trueClass: 2, predictedClass: 1, count: 2, ...}]
 * ```
 */
export function mostConfusedPairs(
  cm: ConfusionMatrix,
  k: number,
  options: MostConfusedOptions = {},
): ConfusedPair[] {
  const name = (i: number) => options.classNames?.[i] ?? String(i);
  const support = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const pairs: ConfusedPair[] = [];
  for (let t = 0; t < cm.length; t++) {
    for (let p = 0; p < cm.length; p++) {
      if (t === p || (options.symmetric && p < t)) continue;
      const count = options.symmetric ? cm[t][p] + cm[p][t] : cm[t][p];
      if (count === 0) continue;
      const base = options.symmetric ? support[t] + support[p] : support[t];
      pairs.push({
        trueClass: t,
        predictedClass: p,
        trueName: name(t),
        predictedName: name(p),
        count,
        rate: base === 0 ? 0 : count / base,
      });
    }
  }
  pairs.sort((a, b) =>
    b.count - a.count || b.rate - a.rate || a.trueClass - b.trueClass ||
    a.predictedClass - b.predictedClass
  );
  return pairs.slice(0, Math.max(0, k));
}
