/**
 * Seeded train/validation splits and subsets, as index arrays (no pixels are copied).
 * @module
 */
import { Rng } from "../random/mod.ts";

/** A train/validation split: two disjoint, ascending index arrays covering `0..n-1`. */
export interface Split {
  /** the training indices, ascending */
  train: Int32Array;
  /** the validation indices, ascending */
  val: Int32Array;
}

/** Options of {@linkcode splitIndices}. */
export interface SplitOptions {
  /** the share of examples to put in validation, in [0, 1) */
  valFraction: number;
  /** the seed: the same seed gives the same split */
  seed: number;
  /**
   * Labels (one per example) to stratify by: each class is split in the same proportion.
   * @default no stratification
   */
  stratifyBy?: ArrayLike<number>;
}

function ascending(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}

function groupByLabel(
  indices: ArrayLike<number>,
  labels: ArrayLike<number>,
): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < indices.length; i++) {
    const idx = indices[i];
    const label = labels[idx];
    let g = groups.get(label);
    if (!g) groups.set(label, g = []);
    g.push(idx);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Splits `0..n-1` into training and validation indices at random, reproducibly.
 *
 * Without `stratifyBy`, `round(n · valFraction)` random indices go to validation; with it, each
 * class contributes `round(classCount · valFraction)`.
 *
 * @param n the number of examples
 * @param options fraction, seed and optional labels
 * @returns two disjoint ascending index arrays whose union is `0..n-1`
 * @throws {RangeError} when `n` is not a non-negative integer, `valFraction` is outside [0, 1),
 *   or `stratifyBy` has fewer than `n` labels
 *
 * @example
 * ```ts
 * import { splitIndices } from "./split.ts";
 * const { train, val } = splitIndices(10, { valFraction: 0.2, seed: 42 });
 * // train.length === 8, val.length === 2, the same for seed 42 on every run
 * ```
 */
export function splitIndices(n: number, options: SplitOptions): Split {
  const { valFraction, seed, stratifyBy } = options;
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Cannot split ${n} examples as the count must be a non-negative integer`);
  }
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new RangeError(
      `Cannot split with valFraction ${valFraction} as it must be in [0, 1): pass e.g. 0.1`,
    );
  }
  if (stratifyBy && stratifyBy.length < n) {
    throw new RangeError(
      `Cannot stratify ${n} examples as stratifyBy must hold one label each: found ${stratifyBy.length}`,
    );
  }
  const rng = new Rng(seed);
  const all = rng.permutation(n);
  const groups = stratifyBy ? [...groupByLabel(all, stratifyBy).values()] : [Array.from(all)];
  const train: number[] = [];
  const val: number[] = [];
  for (const g of groups) {
    const k = Math.round(g.length * valFraction);
    for (let i = 0; i < g.length; i++) (i < k ? val : train).push(g[i]);
  }
  return { train: ascending(train), val: ascending(val) };
}

/** Options of {@linkcode sampleIndices}: give `perClass` or `total`. */
export interface SampleOptions {
  /** take this many examples of each class (all of a class when it has fewer) */
  perClass?: number;
  /** take this many examples in all (all when there are fewer) */
  total?: number;
  /** the seed */
  seed: number;
  /**
   * The candidate indices to draw from, e.g. a split's `train`.
   * @default every index of `labels`
   */
  from?: ArrayLike<number>;
}

/**
 * Draws a seeded random subset of examples: `perClass` of each class, or `total` in all.
 * Used by the quick profile to train on a tiny, balanced slice.
 *
 * @param labels one label per example
 * @param options how many, the seed, and the candidates
 * @returns the chosen indices, ascending
 * @throws {RangeError} when neither or both of `perClass` and `total` are given, or a count is
 *   negative
 *
 * @example
 * ```ts
 * import { sampleIndices } from "./split.ts";
 * const labels = new Uint8Array([0, 1, 0, 1, 0, 1]);
 * const picked = sampleIndices(labels, { perClass: 2, seed: 1 });
 * // four indices, two with label 0 and two with label 1
 * ```
 */
export function sampleIndices(labels: ArrayLike<number>, options: SampleOptions): Int32Array {
  const { perClass, total, seed } = options;
  if ((perClass === undefined) === (total === undefined)) {
    throw new RangeError(
      "Cannot sample indices as exactly one of perClass and total must be given: " +
        `found perClass ${perClass}, total ${total}`,
    );
  }
  const count = (perClass ?? total) as number;
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(
      `Cannot sample ${count} indices as the count must be a non-negative integer`,
    );
  }
  const rng = new Rng(seed);
  const from = options.from ?? Int32Array.from({ length: labels.length }, (_, i) => i);
  const order = rng.permutation(from.length);
  const shuffled = Array.from(order, (i) => from[i]);
  if (total !== undefined) return ascending(shuffled.slice(0, total));
  const picked: number[] = [];
  for (const g of groupByLabel(shuffled, labels).values()) picked.push(...g.slice(0, perClass));
  return ascending(picked);
}

/** Options of {@linkcode trainValTestSplit}; `null` or a missing count means every image. */
export interface TrainValTestOptions {
  /** the share of the training images held out for validation, in [0, 1) */
  valFraction: number;
  /** the seed: the split uses it, the training subset too, the validation subset `seed + 1`, the test subset `seed + 2` */
  seed: number;
  /** training images per class (the quick profile's small slice) */
  trainPerClass?: number | null;
  /** validation images per class */
  valPerClass?: number | null;
  /** test images in all, drawn at random */
  testImages?: number | null;
}

/** The indices a notebook trains, validates and tests on, each ascending. */
export interface TrainValTestSplit {
  /** indices into the training set */
  train: Int32Array;
  /** indices into the training set, disjoint from `train` */
  val: Int32Array;
  /** indices into the test set */
  test: Int32Array;
}

/**
 * The split every classifier notebook starts from: a seeded, stratified share of the training
 * images held out for validation (which chooses epochs and models, so that the test set is only
 * scored), then optional seeded subsets of each part for the quick profile.
 *
 * @param sets the training and test sets (their labels and counts)
 * @param options the validation share, the seed and the subset sizes
 * @returns the train, validation and test indices
 * @throws {RangeError} when `valFraction` is outside [0, 1) or a count is negative
 * @example
 * ```ts
 * import { trainValTestSplit } from "./split.ts";
 * const labels = Uint8Array.from({ length: 100 }, (_, i) => i % 10);
 * const sets = { train: { count: 100, labels }, test: { count: 100, labels } };
 * const split = trainValTestSplit(sets, { valFraction: 0.1, seed: 1, testImages: 20 });
 * [split.train.length, split.val.length, split.test.length]; // [90, 10, 20]
 * ```
 */
export function trainValTestSplit(
  sets: {
    train: { count: number; labels: ArrayLike<number> };
    test: { count: number; labels: ArrayLike<number> };
  },
  options: TrainValTestOptions,
): TrainValTestSplit {
  const { train, test } = sets;
  const split = splitIndices(train.count, {
    valFraction: options.valFraction,
    seed: options.seed,
    stratifyBy: train.labels,
  });
  const pick = (from: Int32Array, perClass: number | null | undefined, seed: number) =>
    perClass === null || perClass === undefined
      ? from
      : sampleIndices(train.labels, { perClass, seed, from });
  const testImages = options.testImages;
  return {
    train: pick(split.train, options.trainPerClass, options.seed),
    val: pick(split.val, options.valPerClass, options.seed + 1),
    test: testImages === null || testImages === undefined
      ? Int32Array.from({ length: test.count }, (_, i) => i)
      : sampleIndices(test.labels, { total: testImages, seed: options.seed + 2 }),
  };
}
