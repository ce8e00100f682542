/**
 * Which MNIST digits each Triple-MNIST split is drawn from, and how much handwriting two splits
 * share.
 *
 * Upstream (MultiDigitMNIST, and source A's copy) draws the digits of all three splits from one
 * pool, MNIST train + test: the test numbers are new, but most of their handwritten digit images
 * also appear in training pictures. This project's default, `disjoint`, keeps handwriting apart
 * as google/n-digit-mnist does: training pictures draw from MNIST's training digits, test pictures
 * from MNIST's test digits. Validation pictures draw from a held-out part of MNIST's training
 * digits (the last sixth of each digit's images), so that a choice made on validation is judged
 * on new handwriting too, as the test will be.
 * @module
 */
import type { TripleMnistSplitName } from "./class_split.ts";
import { type DigitImages, generateTripleMnist } from "./generate.ts";
import { DIGIT_SIZE, type TripleMnistSplit } from "./split_set.ts";

/**
 * How the splits' digits are drawn: `disjoint` (the default) keeps training, validation and test
 * handwriting apart; `shared` is upstream's one pool for all three splits, for comparison with
 * source A.
 */
export type DigitPool = "disjoint" | "shared";

/** The pool used when `TRIPLE_MNIST_POOL` is not set. */
export const DEFAULT_DIGIT_POOL: DigitPool = "disjoint";

/** The share of MNIST's training digits held out for validation pictures in `disjoint`. */
export const VALIDATION_DIGIT_SHARE = 1 / 6;

/**
 * The pool mode of this run: the environment variable `TRIPLE_MNIST_POOL` (`disjoint` or
 * `shared`), {@linkcode DEFAULT_DIGIT_POOL} when unset.
 *
 * @returns the pool mode
 * @throws {RangeError} when `TRIPLE_MNIST_POOL` names another mode
 * @example
 * ```ts
 * import { activeDigitPool } from "./pools.ts";
 * activeDigitPool(); // "disjoint", unless TRIPLE_MNIST_POOL=shared
 * ```
 */
export function activeDigitPool(): DigitPool {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("TRIPLE_MNIST_POOL");
  } catch {
    raw = undefined;
  }
  const v = (raw ?? "").trim();
  if (v === "") return DEFAULT_DIGIT_POOL;
  if (v === "disjoint" || v === "shared") return v;
  throw new RangeError(
    `Cannot use TRIPLE_MNIST_POOL '${v}' as it must be 'disjoint' or 'shared': unset it for disjoint`,
  );
}

/**
 * What a pool mode means for the test, in one Markdown sentence for a notebook.
 *
 * @param pool the pool the loaded data set was drawn from (`TripleMnist.pool`)
 * @returns the sentence
 * @example
 * ```ts
 * import { poolSentence } from "./pools.ts";
 * poolSentence("disjoint").startsWith("**Digit pool: disjoint.**"); // true
 * ```
 */
export function poolSentence(pool: DigitPool): string {
  return pool === "disjoint"
    ? "**Digit pool: disjoint.** Training pictures draw on MNIST's training digits, validation " +
      "pictures on a held-out sixth of them, test pictures on MNIST's test digits: the test " +
      "measures new numbers written in new handwriting."
    : "**Digit pool: shared** (upstream's, as in A, and every downloaded copy). All three splits " +
      "draw on one pool of MNIST digits, so test pictures reuse handwriting of the training " +
      "pictures (notebook 04 measures how much): the test measures new numbers, not new " +
      "handwriting.";
}

function pick(set: DigitImages, indices: readonly number[]): DigitImages {
  const px = set.height * set.width;
  const images = new Uint8Array(indices.length * px);
  const labels = new Uint8Array(indices.length);
  indices.forEach((i, k) => {
    images.set(set.images.subarray(i * px, (i + 1) * px), k * px);
    labels[k] = set.labels[i];
  });
  return { images, labels, count: indices.length, height: set.height, width: set.width };
}

/**
 * MNIST's training digits split in two: of each digit's images, in their order, the last sixth
 * ({@linkcode VALIDATION_DIGIT_SHARE}, at least one) draws validation pictures and the rest
 * training pictures (in `disjoint`).
 *
 * @param train MNIST's training set (60,000 images, or the mirror's first 10,000)
 * @returns the training part and the held-out validation part (copies, in the original order)
 * @example
 * ```ts
 * import { trainingDigitParts } from "./pools.ts";
 * const labels = Uint8Array.from({ length: 60 }, (_, i) => i % 10);
 * const set = { images: new Uint8Array(60 * 784), labels, count: 60, height: 28, width: 28 };
 * const { train, val } = trainingDigitParts(set);
 * [train.count, val.count]; // [50, 10]
 * ```
 */
export function trainingDigitParts(train: DigitImages): { train: DigitImages; val: DigitImages } {
  const byDigit = new Map<number, number[]>();
  for (let i = 0; i < train.count; i++) {
    const d = train.labels[i];
    if (!byDigit.has(d)) byDigit.set(d, []);
    byDigit.get(d)!.push(i);
  }
  const held = new Uint8Array(train.count);
  for (const list of byDigit.values()) {
    if (list.length < 2) continue;
    const n = Math.min(
      list.length - 1,
      Math.max(1, Math.round(list.length * VALIDATION_DIGIT_SHARE)),
    );
    for (const i of list.slice(list.length - n)) held[i] = 1;
  }
  const all = Array.from({ length: train.count }, (_, i) => i);
  return {
    train: pick(train, all.filter((i) => !held[i])),
    val: pick(train, all.filter((i) => held[i])),
  };
}

/**
 * The digits each split draws from in a pool mode.
 *
 * @param mnist MNIST's training and test sets
 * @param pool `disjoint`: validation from the last sixth of each digit's MNIST training images,
 *   train from the rest, test from MNIST test; `shared`: every split from train + test (upstream)
 * @returns one list of digit sets per split, for `generateTripleMnist`
 * @example
 * ```ts
 * import { splitDigitSets } from "./pools.ts";
 * const set = (count: number) => ({
 *   images: new Uint8Array(count * 784), labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
 *   count, height: 28, width: 28,
 * });
 * const sets = splitDigitSets({ train: set(60), test: set(10) }, "disjoint");
 * [sets.train[0].count, sets.val[0].count, sets.test[0].count]; // [50, 10, 10]
 * ```
 */
export function splitDigitSets(
  mnist: { train: DigitImages; test: DigitImages },
  pool: DigitPool,
): Record<TripleMnistSplitName, DigitImages[]> {
  if (pool === "shared") {
    const all = [mnist.train, mnist.test];
    return { train: all, val: all, test: all };
  }
  const parts = trainingDigitParts(mnist.train);
  return { train: [parts.train], val: [parts.val], test: [mnist.test] };
}

// ---------------------------------------------------------------------------------------------
// Measuring shared handwriting: a digit image is recognised by its pixels. A digit sits in its
// 84×28 third with blank rows above and below, so its key is a hash of the rows from its first
// to its last inked row: the same key for the 28×28 MNIST image and for every picture it was
// placed in, at any height.

/** The key of a blank digit (no ink). */
const BLANK = 0;

function hashRows(pixels: Uint8Array, at: number, stride: number, rows: number): number {
  let first = -1, last = -1;
  for (let r = 0; r < rows; r++) {
    const row = at + r * stride;
    for (let c = 0; c < DIGIT_SIZE; c++) {
      if (pixels[row + c] !== 0) {
        if (first < 0) first = r;
        last = r;
        break;
      }
    }
  }
  if (first < 0) return BLANK;
  // two 32-bit FNV-1a variants folded into 53 bits: collisions among ~10⁵ digits are negligible
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ (last - first);
  for (let r = first; r <= last; r++) {
    const row = at + r * stride;
    for (let c = 0; c < DIGIT_SIZE; c++) {
      const v = pixels[row + c];
      h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (v + 0x9e), 0x5bd1e995) >>> 0;
    }
  }
  return h1 * 0x200000 + (h2 & 0x1fffff) + 1;
}

/**
 * A key per digit image of a Triple-MNIST split: third `l` of image `i` at `3i + l`. Two keys are
 * equal when the two thirds show the same handwritten digit image (at any height).
 *
 * @param split the split
 * @returns `3 × count` keys
 * @example
 * ```ts
 * import { thirdKeys } from "./pools.ts";
 * const images = new Uint8Array(2 * 7056);
 * images[10 * 84 + 3] = 200; // image 0, first third, row 10
 * images[7056 + 40 * 84 + 3] = 200; // image 1, first third, row 40: the same digit, lower
 * const keys = thirdKeys({
 *   name: "train", images, labels: new Uint16Array(2), indexInClass: new Uint32Array(2), count: 2, height: 84, width: 84,
 * });
 * keys[0] === keys[3]; // true
 * ```
 */
export function thirdKeys(split: TripleMnistSplit): Float64Array {
  const keys = new Float64Array(3 * split.count);
  const px = split.height * split.width;
  for (let i = 0; i < split.count; i++) {
    for (let l = 0; l < 3; l++) {
      keys[3 * i + l] = hashRows(split.images, i * px + l * DIGIT_SIZE, split.width, split.height);
    }
  }
  return keys;
}

/**
 * A key per 28×28 digit image, comparable with {@linkcode thirdKeys}.
 *
 * @param set digit images (e.g. MNIST's training set)
 * @returns `count` keys
 */
export function digitKeys(set: DigitImages): Float64Array {
  const keys = new Float64Array(set.count);
  const px = set.height * set.width;
  for (let i = 0; i < set.count; i++) keys[i] = hashRows(set.images, i * px, set.width, set.height);
  return keys;
}

/** How many of some digit images also occur among others. */
export interface HandwritingOverlap {
  /** digit images looked at (three per picture) */
  digits: number;
  /** of those, how many also occur among the others */
  shared: number;
  /** `shared / digits` */
  share: number;
}

/**
 * The share of the digit images `keys` that also occur in `among` (e.g. test pictures' digits
 * that also appear in training pictures).
 *
 * @param keys keys of the digit images looked at ({@linkcode thirdKeys}, {@linkcode digitKeys})
 * @param among keys of the digit images they are looked for in
 * @returns counts and share (0 for no digits)
 * @example
 * ```ts
 * import { handwritingOverlap } from "./pools.ts";
 * handwritingOverlap([1, 2, 3, 4], [2, 4, 9]).share; // 0.5
 * ```
 */
export function handwritingOverlap(
  keys: ArrayLike<number>,
  among: ArrayLike<number>,
): HandwritingOverlap {
  const known = new Set<number>();
  for (let i = 0; i < among.length; i++) if (among[i] !== BLANK) known.add(among[i]);
  let shared = 0;
  for (let i = 0; i < keys.length; i++) if (known.has(keys[i])) shared++;
  return { digits: keys.length, shared, share: keys.length === 0 ? 0 : shared / keys.length };
}

/** Shared handwriting between the splits of one data set. */
export interface SplitOverlaps {
  /** test pictures' digit images that also appear in training pictures */
  test: HandwritingOverlap;
  /** validation pictures' digit images that also appear in training pictures */
  val: HandwritingOverlap;
}

/**
 * How much handwriting the validation and test pictures of a data set share with its training
 * pictures, measured on the pictures themselves (so it holds for any copy, downloaded or made).
 *
 * @param splits the three splits
 * @returns the overlaps of validation and test with training
 */
export function splitOverlaps(
  splits: { train: TripleMnistSplit; val: TripleMnistSplit; test: TripleMnistSplit },
): SplitOverlaps {
  const train = thirdKeys(splits.train);
  return {
    test: handwritingOverlap(thirdKeys(splits.test), train),
    val: handwritingOverlap(thirdKeys(splits.val), train),
  };
}

/**
 * {@linkcode splitOverlaps} of the data set a pool mode would make, generated in memory one
 * split at a time (for comparing the two modes; nothing is written).
 *
 * @param mnist MNIST's training and test sets
 * @param pool the pool mode
 * @param options images per class and the generator seed (default upstream's 123)
 * @returns the overlaps of validation and test with training
 */
export function poolOverlaps(
  mnist: { train: DigitImages; test: DigitImages },
  pool: DigitPool,
  options: { imagesPerClass: number; seed?: number },
): SplitOverlaps {
  const digits = splitDigitSets(mnist, pool);
  const keysOf = (name: TripleMnistSplitName) =>
    thirdKeys(generateTripleMnist(digits, { ...options, splits: [name] })[name]!);
  const train = keysOf("train");
  return {
    test: handwritingOverlap(keysOf("test"), train),
    val: handwritingOverlap(keysOf("val"), train),
  };
}
