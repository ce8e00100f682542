/**
 * The Triple-MNIST generator, faithful to MultiDigitMNIST (`generator.py`, three digits, 84×84):
 * digit l of class `ddd` fills columns [28l, 28l + 28) at a uniformly random vertical offset in
 * [0, 56), each digit image drawn uniformly from the pool of that digit. Upstream draws every
 * split from one pool, MNIST train + test; {@linkcode generateTripleMnist} also takes one set of
 * digits per split, which is how `pools.ts` keeps test handwriting out of training pictures.
 *
 * Every class draws from its own random stream (seeded by the seed and the class), so image `k`
 * of a class is the same whatever the number of images per class: a set of 40 per class is the
 * first 40 of a set of 100 per class.
 * @module
 */
import { Rng } from "../random/mod.ts";
import {
  classLabel,
  classSplit,
  digitsOf,
  TRIPLE_MNIST_SPLITS,
  type TripleMnistSplitName,
} from "./class_split.ts";
import {
  DIGIT_SIZE,
  MAX_DIGIT_OFFSET,
  TRIPLE_MNIST_PIXELS,
  TRIPLE_MNIST_WIDTH,
  type TripleMnistSplit,
} from "./split_set.ts";

/** The seed of the reference generator (`random_seed=123`), used when none is given. */
export const TRIPLE_MNIST_SEED = 123;

/** Grey 28×28 digit images and their labels, e.g. an `ImageSet` of `lib/data`. */
export interface DigitImages {
  /** `count × height × width` grey pixels */
  images: Uint8Array;
  /** the digit of each image, 0–9 */
  labels: Uint8Array;
  /** the number of images */
  count: number;
  /** must be 28 */
  height: number;
  /** must be 28 */
  width: number;
}

/** Options of {@linkcode generateTripleMnist}. */
export interface GenerateTripleMnistOptions {
  /** images generated for every class (upstream 1000; the assignment's copy 100) */
  imagesPerClass: number;
  /**
   * the generator seed
   * @default {TRIPLE_MNIST_SEED} (123)
   */
  seed?: number;
  /**
   * the splits to generate
   * @default all three
   */
  splits?: readonly TripleMnistSplitName[];
}

/**
 * The digits each split is drawn from: one list for all three splits (upstream's shared pool),
 * or one list per split (see `splitDigitSets` of `pools.ts`).
 */
export type SplitDigits =
  | readonly DigitImages[]
  | Readonly<Record<TripleMnistSplitName, readonly DigitImages[]>>;

/** The splits of a Triple-MNIST data set, as far as they were made or loaded. */
export type TripleMnistSplits = Partial<Record<TripleMnistSplitName, TripleMnistSplit>>;

/**
 * Copies three 28×28 digits into one 84×84 image, digit l into columns [28l, 28l + 28) starting
 * at row `offsets[l]`; pixels outside the digits are left as they are (zero in a new image).
 *
 * @param target the image buffer to draw into (e.g. a whole split)
 * @param at the index of the first pixel of the 84×84 image within `target`
 * @param digits three 784-pixel digit images (any `Uint8Array` views)
 * @param offsets three vertical offsets in [0, 56]
 * @throws {RangeError} when an offset is out of range
 *
 * @example
 * ```ts
 * import { placeDigits } from "./generate.ts";
 * const image = new Uint8Array(84 * 84);
 * const ink = new Uint8Array(784).fill(255);
 * placeDigits(image, 0, [ink, ink, ink], [0, 10, 56]);
 * image[10 * 84 + 28]; // 255: row 10 is the first row of the middle digit
 * ```
 */
export function placeDigits(
  target: Uint8Array,
  at: number,
  digits: readonly Uint8Array[],
  offsets: ArrayLike<number>,
): void {
  for (let l = 0; l < 3; l++) {
    const y0 = offsets[l];
    if (!Number.isInteger(y0) || y0 < 0 || y0 > MAX_DIGIT_OFFSET) {
      throw new RangeError(
        `Cannot place digit ${l} at row ${y0} as the offset must be an integer in [0, ${MAX_DIGIT_OFFSET}]`,
      );
    }
    const digit = digits[l];
    let to = at + y0 * TRIPLE_MNIST_WIDTH + l * DIGIT_SIZE;
    // plain loops: 28 subarray() views per digit cost more than the copy itself
    for (let r = 0, from = 0; r < DIGIT_SIZE; r++, to += TRIPLE_MNIST_WIDTH - DIGIT_SIZE) {
      for (let c = 0; c < DIGIT_SIZE; c++) target[to++] = digit[from++];
    }
  }
}

function isDigitList(digits: SplitDigits): digits is readonly DigitImages[] {
  return Array.isArray(digits);
}

function splitList(digits: SplitDigits, name: TripleMnistSplitName): readonly DigitImages[] {
  const list = (digits as Partial<Record<TripleMnistSplitName, readonly DigitImages[]>>)[name];
  if (!list) {
    throw new RangeError(
      `Cannot generate the Triple-MNIST '${name}' split as no digit images were given for it — ` +
        `pass one list for all splits or one per split`,
    );
  }
  return list;
}

/** The seed of one class's random stream. */
function classSeed(seed: number, label: number): number {
  const s = ((seed % 4294967296) + 4294967296) % 4294967296;
  return (s * 1000 + label) % 4294967296;
}

/**
 * The indices of each digit 0–9 in the concatenation of `sets` (train, then test, as upstream).
 */
function digitPools(sets: readonly DigitImages[]): Uint8Array[][] {
  const pools: Uint8Array[][] = Array.from({ length: 10 }, () => []);
  for (const set of sets) {
    if (set.height !== DIGIT_SIZE || set.width !== DIGIT_SIZE) {
      throw new RangeError(
        `Cannot make Triple-MNIST from ${set.height}×${set.width} digit images as they must be 28×28`,
      );
    }
    for (let i = 0; i < set.count; i++) {
      const d = set.labels[i];
      if (d > 9) {
        throw new RangeError(
          `Cannot make Triple-MNIST from a digit labelled ${d} as labels must be 0–9`,
        );
      }
      pools[d].push(set.images.subarray(i * 784, (i + 1) * 784));
    }
  }
  for (let d = 0; d < 10; d++) {
    if (pools[d].length === 0) {
      throw new RangeError(
        `Cannot make Triple-MNIST as the digit images hold no '${d}': pass MNIST train and test`,
      );
    }
  }
  return pools;
}

/**
 * Generates Triple-MNIST in memory from MNIST digits, deterministically for a seed.
 *
 * @param digits the MNIST sets whose digits are drawn from: one list for every split, e.g.
 *   `[mnist.train, mnist.test]` (upstream), or one list per split (`splitDigitSets`)
 * @param options images per class, seed, splits
 * @returns one {@linkcode TripleMnistSplit} per requested split, ordered by class then index
 * @throws {RangeError} when the digits are not 28×28, a digit is missing, or `imagesPerClass` is
 *   not a positive integer
 *
 * @example
 * ```ts
 * import { generateTripleMnist } from "./generate.ts";
 * const labels = Uint8Array.from({ length: 10 }, (_, i) => i);
 * const mnist = { images: new Uint8Array(10 * 784), labels, count: 10, height: 28, width: 28 };
 * const sets = generateTripleMnist([mnist], { imagesPerClass: 1, splits: ["val"] });
 * sets.val!.count; // 160
 * ```
 */
export function generateTripleMnist(
  digits: SplitDigits,
  options: GenerateTripleMnistOptions,
): TripleMnistSplits {
  const { imagesPerClass } = options;
  if (!Number.isInteger(imagesPerClass) || imagesPerClass <= 0) {
    throw new RangeError(
      `Cannot generate ${imagesPerClass} Triple-MNIST images per class as it must be a positive integer`,
    );
  }
  const seed = options.seed ?? TRIPLE_MNIST_SEED;
  const shared = isDigitList(digits) ? digitPools(digits) : undefined;
  const split = classSplit();
  const out: TripleMnistSplits = {};
  const offsets = new Int32Array(3);
  for (const name of options.splits ?? TRIPLE_MNIST_SPLITS) {
    const pools = shared ?? digitPools(splitList(digits, name));
    const chosen = [pools[0][0], pools[0][0], pools[0][0]];
    const classes = split[name];
    const count = classes.length * imagesPerClass;
    const images = new Uint8Array(count * TRIPLE_MNIST_PIXELS);
    const labels = new Uint16Array(count);
    const indexInClass = new Uint32Array(count);
    let i = 0;
    for (const cls of classes) {
      const label = classLabel(cls);
      const ds = digitsOf(label);
      const rng = new Rng(classSeed(seed, label));
      for (let k = 0; k < imagesPerClass; k++, i++) {
        // upstream order: the three digit images first, then the three offsets
        for (let l = 0; l < 3; l++) chosen[l] = pools[ds[l]][rng.int(pools[ds[l]].length)];
        for (let l = 0; l < 3; l++) offsets[l] = rng.int(MAX_DIGIT_OFFSET);
        placeDigits(images, i * TRIPLE_MNIST_PIXELS, chosen, offsets);
        labels[i] = label;
        indexInClass[i] = k;
      }
    }
    out[name] = { name, images, labels, indexInClass, count, height: 84, width: 84 };
  }
  return out;
}
