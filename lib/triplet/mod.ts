/**
 * Triplet-loss embeddings and one-shot evaluation (source D of `shared/reference/seeds.md`):
 * the loss, triplet mining, D's class-balanced batches, a step-by-step trainer, raw-pixel and
 * embedding features, D's threshold check, true one-shot classification, and a 2-d PCA for
 * drawing embeddings.
 *
 * @example
 * ```ts ignore
 * import { classBatches, firstIndicesPerClass, oneShotEvaluation, trainTripletNet } from "../lib/triplet/mod.ts";
 * const perClass = firstIndicesPerClass(train.labels, [0, 1, 2], 100);
 * const batches = classBatches(perClass, [0, 1, 2], 10); // 10 batches of 30 images
 * const record = await trainTripletNet(net, batches, (ix) => embeddingInput(train, ix), { epochs: 5 });
 * ```
 * @module
 */
export * from "./loss.ts";
export * from "./mining.ts";
export * from "./batches.ts";
export * from "./train.ts";
export * from "./features.ts";
export * from "./distances.ts";
export * from "./threshold.ts";
export * from "./evaluate.ts";
export * from "./pca.ts";
export * from "./source_d.ts";
export * from "./report.ts";
export * from "./held_out.ts";
export * from "./selection.ts";
export * from "./selection_study.ts";
