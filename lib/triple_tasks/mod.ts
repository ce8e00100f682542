/**
 * **Triple-MNIST tasks**: how this project trains A's Triple-MNIST classifiers, in one place
 * above `lib/train` (the generic `fit`) and below the notebooks. The networks are factories in
 * `lib/models`, the data in `lib/triple_mnist`; this folder holds what joins them:
 *
 * - `sources.ts`: the training examples of the per-digit CNNs (whole images, optionally
 *   augmented, cut into thirds);
 * - `trainer.ts`: the one trainer of the per-digit CNNs (`trainTripleCnn`, `trainTripleCnnOn`):
 *   `fit` with a learning-rate decay, validation exact match per epoch, and the best epoch kept;
 * - `per_digit.ts`: Tasks 3 and 4, their budgets per profile, and the saved Task 3 model
 *   (`trainedTriplePerDigitCnn`, through `cachedArtifact` of lib/results);
 * - `task2.ts`: Task 2's 1000-way models, their budget and training (`trainTask2Model`);
 * - `mix.ts`, `mixed_training.ts`: Task 5b, real and synthetic images trained together;
 * - `budget_study.ts`, `budget_cli.ts`, `budget_study.json`: the validation-only study behind
 *   the `standard` budgets.
 *
 * It may import `lib/models`, `lib/train`, `lib/triple_mnist`, `lib/augment`, `lib/analysis`
 * and `lib/results`; `lib/gan` imports it (the GAN's reader is the Task 3 model), never the
 * other way round.
 *
 * @example
 * ```ts ignore
 * import { TASK3_BUDGET, trainedTriplePerDigitCnn } from "../lib/triple_tasks/mod.ts";
 * const { model, loaded, record } = await trainedTriplePerDigitCnn();
 * ```
 * @module
 */
export * from "./sources.ts";
export * from "./trainer.ts";
export * from "./per_digit.ts";
export * from "./task2.ts";
export * from "./mix.ts";
export * from "./mixed_training.ts";
export * from "./budget_study.ts";
