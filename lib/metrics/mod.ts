/**
 * Metrics: confusion matrices, per-class precision/recall/F1 and their averages, the most
 * confused class pairs, and the same as DataFrames for notebooks.
 *
 * @example
 * ```ts
 * import { classificationReport, confusionMatrix, mostConfusedPairs } from "./mod.ts";
 * const cm = confusionMatrix([0, 0, 1, 2], [0, 1, 1, 2], 3);
 * const report = classificationReport(cm, ["a", "b", "c"]); // report.accuracy === 0.75
 * const [worst] = mostConfusedPairs(cm, 1); // a → b, once
 * ```
 * @module
 */
export * from "./confusion_matrix.ts";
export * from "./classification_report.ts";
export * from "./most_confused.ts";
export * from "./tables.ts";
export * from "./spread.ts";
export * from "./verdict.ts";
