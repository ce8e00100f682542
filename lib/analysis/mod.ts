/**
 * Looking inside the Triple-MNIST per-digit classifiers: scores (exact match, per-position
 * accuracy and macro F1, confusion matrices, digit errors), the p³ explanation of whole-number
 * errors, layer activations (pre-ReLU feature maps), attention maps and confidences.
 *
 * @example
 * ```ts ignore
 * import { predict } from "../train/mod.ts";
 * import { explainWholeNumberErrors, scoreTriple } from "./mod.ts";
 * const scores = scoreTriple(await predict(model, thirdsSource(data.test)));
 * console.log(explainWholeNumberErrors(scores).sentence);
 * ```
 * @module
 */
export * from "./triple_scores.ts";
export * from "./whole_number_errors.ts";
export * from "./activations.ts";
export * from "./attention.ts";
export * from "./confidence.ts";
export * from "./score_model.ts";
export * from "./score_figures.ts";
