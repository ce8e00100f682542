/**
 * Metrics as nodejs-polars DataFrames, for display in notebooks.
 * @module
 */
import pl from "nodejs-polars";
import type { ClassificationReport } from "./classification_report.ts";
import { type ConfusionMatrix, perClassAccuracy } from "./confusion_matrix.ts";

/**
 * A classification report as a table in scikit-learn's layout: one row per class, then
 * `accuracy` (its value in the `f1` column), `macro avg` and `weighted avg`.
 *
 * @param report a classification report
 * @returns columns `class`, `precision`, `recall`, `f1`, `support`
 *
 * @example
 * ```ts
 * import { classificationReport, reportTable } from "./mod.ts";
 * const df = reportTable(classificationReport([[1, 1], [0, 2]], ["cat", "dog"]));
 * // df.height === 5
 * ```
 */
export function reportTable(report: ClassificationReport): pl.DataFrame {
  const rows = [
    ...report.classes,
    { name: "accuracy", precision: null, recall: null, f1: report.accuracy, support: report.total },
    { name: "macro avg", ...report.macro },
    { name: "weighted avg", ...report.weighted },
  ];
  return pl.DataFrame([
    pl.Series("class", rows.map((r) => r.name), pl.Utf8),
    pl.Series("precision", rows.map((r) => r.precision), pl.Float64),
    pl.Series("recall", rows.map((r) => r.recall), pl.Float64),
    pl.Series("f1", rows.map((r) => r.f1), pl.Float64),
    pl.Series("support", rows.map((r) => r.support), pl.Int64),
  ]);
}

/**
 * Per-class accuracy with each class's most frequent wrong prediction.
 *
 * @param cm a confusion matrix
 * @param classNames one name per class
 * @returns columns `class`, `correct`, `support`, `accuracy`, `most confused with`, `times`
 *
 * @example
 * ```ts
 * import { perClassAccuracyTable } from "./tables.ts";
 * const df = perClassAccuracyTable([[1, 1], [0, 2]], ["cat", "dog"]);
 * // accuracy column: [0.5, 1]; most confused with: ["dog", null]
 * ```
 */
export function perClassAccuracyTable(
  cm: ConfusionMatrix,
  classNames: readonly string[],
): pl.DataFrame {
  const acc = perClassAccuracy(cm);
  const worst = cm.map((row, t) => {
    let best = -1;
    for (let p = 0; p < row.length; p++) {
      if (p !== t && row[p] > 0 && (best < 0 || row[p] > row[best])) best = p;
    }
    return best;
  });
  return pl.DataFrame([
    pl.Series("class", [...classNames], pl.Utf8),
    pl.Series("correct", cm.map((row, t) => row[t]), pl.Int64),
    pl.Series("support", cm.map((row) => row.reduce((a, b) => a + b, 0)), pl.Int64),
    pl.Series("accuracy", acc, pl.Float64),
    pl.Series("most confused with", worst.map((p) => (p < 0 ? null : classNames[p])), pl.Utf8),
    pl.Series("times", worst.map((p, t) => (p < 0 ? 0 : cm[t][p])), pl.Int64),
  ]);
}
