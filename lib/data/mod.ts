/**
 * Data: IDX files, where MNIST and Fashion-MNIST come from, image sets, seeded splits, and the
 * batches training reads.
 *
 * @example
 * ```ts ignore
 * import { imageSource, loadFashionMnist, splitIndices } from "../lib/data/mod.ts";
 * const { train, test, origin } = await loadFashionMnist();
 * const split = splitIndices(train.count, { valFraction: 0.1, seed: 42, stratifyBy: train.labels });
 * const trainSource = imageSource(train, { indices: split.train });
 * ```
 * @module
 */
export * from "./idx.ts";
export * from "./datasets.ts";
export * from "./checksums.ts";
export * from "./sources.ts";
export * from "./image_set.ts";
export * from "./split.ts";
export * from "./source.ts";
