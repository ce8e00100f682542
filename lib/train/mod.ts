/**
 * Training: the data contract (`ExampleSource`), progress reporting, `fit` / `evaluate` /
 * `predict` for compiled Layers models, and `runLoop` for custom training steps.
 *
 * @example
 * ```ts ignore
 * import { evaluate, fit } from "../lib/train/mod.ts";
 * const history = await fit(model, train, { epochs: 2, batchSize: 64, seed: 42, validation });
 * const { accuracy } = await evaluate(model, test);
 * ```
 * @module
 */
export * from "./source.ts";
export * from "./progress.ts";
export * from "./loop.ts";
export * from "./fit.ts";
export * from "./evaluate.ts";
export * from "./predict.ts";
export * from "./best_weights.ts";
export * from "./fit_best.ts";
export * from "./schedule.ts";
export * from "./throughput.ts";
export * from "./micro_batch.ts";
