/**
 * Precision, recall and F1 per class with their averages, as scikit-learn's classification report
 * computes them, and as the JSON deep-digits saved.
 * @module
 */
import { accuracyOf, type ConfusionMatrix } from "./confusion_matrix.ts";

/** Precision, recall, F1 and support of one class or one average. */
export interface ClassScores {
  /** correct predictions of the class / all predictions of it (0 when never predicted) */
  precision: number;
  /** correct predictions of the class / its examples (0 when it has none) */
  recall: number;
  /** harmonic mean of precision and recall (0 when both are 0) */
  f1: number;
  /** the number of true examples */
  support: number;
}

/** A classification report. */
export interface ClassificationReport {
  /** one entry per class, in label order */
  classes: (ClassScores & { name: string })[];
  /** correct predictions / all examples */
  accuracy: number;
  /** unweighted means over classes */
  macro: ClassScores;
  /** means weighted by support (`weighted.recall` equals the accuracy) */
  weighted: ClassScores;
  /** the number of examples */
  total: number;
}

/** deep-digits' metrics JSON: weighted overall scores and per-class scores with sample counts. */
export interface ReportJson {
  /** support-weighted precision, recall and F1 over all examples */
  overall: { precision: number; recall: number; f1: number; num_samples: number };
  /** per class (keyed by class name) */
  class: Record<string, { precision: number; recall: number; f1: number; num_samples: number }>;
}

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Per-class precision, recall, F1 and support, with accuracy and macro and weighted averages.
 *
 * @param cm a confusion matrix (rows true classes, columns predictions)
 * @param classNames one name per class
 * @returns the report
 * @throws {RangeError} when the matrix is not square or `classNames` has another length
 *
 * @example
 * ```ts
 * import { classificationReport } from "./classification_report.ts";
 * const report = classificationReport([[1, 1], [0, 2]], ["cat", "dog"]);
 * // report.classes[0]: precision 1, recall 0.5, f1 2/3, support 2; report.accuracy 0.75
 * ```
 */
export function classificationReport(
  cm: ConfusionMatrix,
  classNames: readonly string[],
): ClassificationReport {
  const k = cm.length;
  if (cm.some((row) => row.length !== k) || classNames.length !== k) {
    throw new RangeError(
      `Cannot report on a confusion matrix as it must be square with one class name per row: ` +
        `found ${k} rows of lengths ${[...new Set(cm.map((r) => r.length))].join("/")} ` +
        `and ${classNames.length} names`,
    );
  }
  const predicted = new Array<number>(k).fill(0);
  cm.forEach((row) => row.forEach((v, p) => (predicted[p] += v)));
  const classes = cm.map((row, t) => {
    const support = row.reduce((a, b) => a + b, 0);
    const precision = predicted[t] === 0 ? 0 : row[t] / predicted[t];
    const recall = support === 0 ? 0 : row[t] / support;
    return { name: classNames[t], precision, recall, f1: f1Of(precision, recall), support };
  });
  const total = classes.reduce((a, c) => a + c.support, 0);
  const mean = (key: "precision" | "recall" | "f1", weighted: boolean) =>
    weighted
      ? (total === 0 ? 0 : classes.reduce((a, c) => a + c[key] * c.support, 0) / total)
      : classes.reduce((a, c) => a + c[key], 0) / k;
  const average = (weighted: boolean): ClassScores => ({
    precision: mean("precision", weighted),
    recall: mean("recall", weighted),
    f1: mean("f1", weighted),
    support: total,
  });
  return {
    classes,
    accuracy: accuracyOf(cm),
    macro: average(false),
    weighted: average(true),
    total,
  };
}

/**
 * The macro-averaged F1: the unweighted mean of the per-class F1 scores.
 *
 * @param cm a confusion matrix
 * @returns macro F1 in [0, 1]
 *
 * @example
 * ```ts
 * import { macroF1 } from "./classification_report.ts";
 * macroF1([[1, 1], [0, 2]]); // (2/3 + 0.8) / 2 ≈ 0.733
 * ```
 */
export function macroF1(cm: ConfusionMatrix): number {
  return classificationReport(cm, cm.map((_, i) => String(i))).macro.f1;
}

/**
 * A report in deep-digits' JSON format (`{overall: {...}, class: {...}}`), keyed by class name.
 *
 * @param report a classification report
 * @returns a plain object ready for `JSON.stringify`
 */
export function reportJson(report: ClassificationReport): ReportJson {
  const entry = (s: ClassScores) => ({
    precision: s.precision,
    recall: s.recall,
    f1: s.f1,
    num_samples: s.support,
  });
  return {
    overall: entry(report.weighted),
    class: Object.fromEntries(report.classes.map((c) => [c.name, entry(c)])),
  };
}
