/**
 * Triple-MNIST (MultiDigitMNIST's three-digit variant, as used by source A): the class split,
 * a faithful generator with disjoint (default) or upstream's shared digit pools, the measure of
 * handwriting shared between splits, the PNG folder layout `<split>/<ddd>/<k>_<ddd>.png` with its validating
 * reader and decoded cache, the three 84×28 thirds, and example sources for training.
 *
 * @example
 * ```ts ignore
 * import { fullImageSource, loadTripleMnist, thirdsSource } from "../lib/triple_mnist/mod.ts";
 * const data = await loadTripleMnist(); // generates data/triple_mnist/ on first use
 * const wholeImages = fullImageSource(data.train); // 1000-way, label int(ddd)
 * const digits = thirdsSource(data.train); // 10-way, one example per third
 * ```
 * @module
 */
export * from "./class_split.ts";
export * from "./split_set.ts";
export * from "./generate.ts";
export * from "./png.ts";
export * from "./folder.ts";
export * from "./write.ts";
export * from "./cache.ts";
export * from "./read.ts";
export * from "./load.ts";
export * from "./thirds.ts";
export * from "./positions.ts";
export * from "./pools.ts";
export * from "./sources.ts";
export * from "./describe.ts";
export * from "./number_errors.ts";
