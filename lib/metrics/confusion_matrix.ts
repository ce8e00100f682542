/**
 * Confusion matrices: counts of (true class, predicted class) pairs.
 * @module
 */

/** A confusion matrix: `cm[t][p]` counts examples of true class `t` predicted as `p`. */
export type ConfusionMatrix = number[][];

/**
 * Counts how often each true class was predicted as each class.
 *
 * @param trueLabels the true class of each example
 * @param predLabels the predicted class of each example
 * @param numClasses the number of classes
 * @returns a `numClasses × numClasses` matrix, rows true classes, columns predictions
 * @throws {RangeError} when the lengths differ, `numClasses` is not a positive integer, or a label
 *   is outside `0..numClasses-1`
 *
 * @example
 * ```ts
 * import { confusionMatrix } from "./confusion_matrix.ts";
 * confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], 2); // [[1, 1], [0, 2]]
 * ```
 */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predLabels: ArrayLike<number>,
  numClasses: number,
): ConfusionMatrix {
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new RangeError(
      `Cannot build a confusion matrix with ${numClasses} classes as it must be a positive integer`,
    );
  }
  if (trueLabels.length !== predLabels.length) {
    throw new RangeError(
      `Cannot build a confusion matrix as true and predicted labels must have the same length: ` +
        `${trueLabels.length} true, ${predLabels.length} predicted`,
    );
  }
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const t = trueLabels[i];
    const p = predLabels[i];
    if (
      !(Number.isInteger(t) && t >= 0 && t < numClasses) ||
      !(Number.isInteger(p) && p >= 0 && p < numClasses)
    ) {
      throw new RangeError(
        `Cannot count example ${i} as labels must be in 0..${numClasses - 1}: ` +
          `true ${t}, predicted ${p}`,
      );
    }
    cm[t][p]++;
  }
  return cm;
}

/**
 * The share of each true class that was predicted correctly (its recall).
 *
 * @param cm a confusion matrix
 * @returns one value per class in [0, 1]; 0 for a class with no examples
 *
 * @example
 * ```ts
 * import { perClassAccuracy } from "./confusion_matrix.ts";
 * perClassAccuracy([[1, 1], [0, 2]]); // [0.5, 1]
 * ```
 */
export function perClassAccuracy(cm: ConfusionMatrix): number[] {
  return cm.map((row, t) => {
    const support = row.reduce((a, b) => a + b, 0);
    return support === 0 ? 0 : row[t] / support;
  });
}

/**
 * The share of all examples on the diagonal.
 *
 * @param cm a confusion matrix
 * @returns accuracy in [0, 1]; 0 for an empty matrix
 */
export function accuracyOf(cm: ConfusionMatrix): number {
  let correct = 0;
  let total = 0;
  cm.forEach((row, t) =>
    row.forEach((v, p) => {
      total += v;
      if (t === p) correct += v;
    })
  );
  return total === 0 ? 0 : correct / total;
}
