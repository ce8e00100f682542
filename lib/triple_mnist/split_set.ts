/**
 * One decoded split of Triple-MNIST in memory, and ways to take parts of it.
 * @module
 */
import { Rng } from "../random/mod.ts";
import { className, digitsOf, type TripleMnistSplitName } from "./class_split.ts";

/** Image height in pixels. */
export const TRIPLE_MNIST_HEIGHT = 84;
/** Image width in pixels. */
export const TRIPLE_MNIST_WIDTH = 84;
/** Side of one MNIST digit, and width of one third of the image. */
export const DIGIT_SIZE = 28;
/** Vertical offsets of a digit are drawn uniformly from [0, MAX_DIGIT_OFFSET). */
export const MAX_DIGIT_OFFSET = TRIPLE_MNIST_HEIGHT - DIGIT_SIZE;
/** Pixels per image (84 × 84 = 7056). */
export const TRIPLE_MNIST_PIXELS = TRIPLE_MNIST_HEIGHT * TRIPLE_MNIST_WIDTH;

/**
 * One split in memory: `count` grey 84×84 images, row-major, ordered by class then by the index
 * `k` of the file `<k>_<ddd>.png`.
 */
export interface TripleMnistSplit {
  /** which split this is */
  readonly name: TripleMnistSplitName;
  /** `count × 84 × 84` grey pixels, 0 = black background, 255 = ink */
  readonly images: Uint8Array;
  /** the class of each image as int(ddd), in [0, 1000) */
  readonly labels: Uint16Array;
  /** the index `k` of each image within its class (from its file name `<k>_<ddd>.png`) */
  readonly indexInClass: Uint32Array;
  /** the number of images */
  readonly count: number;
  /** 84 */
  readonly height: number;
  /** 84 */
  readonly width: number;
}

/**
 * The images of `split` at `indices`, in that order (copies the pixels).
 *
 * @param split the split to take from
 * @param indices image indices into `split`
 * @returns a new split with the same name
 * @throws {RangeError} when an index is out of range
 *
 * @example
 * ```ts
 * import { subsetSplit } from "./split_set.ts";
 * const split = {
 *   name: "train" as const, images: new Uint8Array(2 * 7056), labels: new Uint16Array([5, 7]),
 *   indexInClass: new Uint32Array(2), count: 2, height: 84, width: 84,
 * };
 * subsetSplit(split, Int32Array.of(1)).labels; // Uint16Array [7]
 * ```
 */
export function subsetSplit(
  split: TripleMnistSplit,
  indices: ArrayLike<number>,
): TripleMnistSplit {
  const n = indices.length;
  const px = split.height * split.width;
  const images = new Uint8Array(n * px);
  const labels = new Uint16Array(n);
  const indexInClass = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= split.count) {
      throw new RangeError(
        `Cannot take image ${j} of Triple-MNIST split '${split.name}' as it has ${split.count} images`,
      );
    }
    images.set(split.images.subarray(j * px, (j + 1) * px), i * px);
    labels[i] = split.labels[j];
    indexInClass[i] = split.indexInClass[j];
  }
  return {
    name: split.name,
    images,
    labels,
    indexInClass,
    count: n,
    height: split.height,
    width: split.width,
  };
}

/**
 * The images whose index within their class is below `perClass` (the first `perClass` files of
 * every class folder). A data set generated with more images per class holds, as its first ones,
 * exactly the images a smaller one would hold.
 *
 * @param split the split to take from
 * @param perClass how many images to keep per class
 * @returns a new split (or `split` itself when nothing is dropped)
 */
export function firstPerClass(split: TripleMnistSplit, perClass: number): TripleMnistSplit {
  const keep: number[] = [];
  for (let i = 0; i < split.count; i++) if (split.indexInClass[i] < perClass) keep.push(i);
  return keep.length === split.count ? split : subsetSplit(split, keep);
}

/**
 * The sorted class names present in `split`.
 *
 * @param split a split
 * @returns three-digit names, ascending
 */
export function classesOf(split: TripleMnistSplit): string[] {
  const seen = new Uint8Array(1000);
  for (let i = 0; i < split.count; i++) seen[split.labels[i]] = 1;
  const names: string[] = [];
  for (let c = 0; c < 1000; c++) if (seen[c]) names.push(className(c));
  return names;
}

/**
 * The digit at each of the three positions of every image: `[d0, d1, d2]` of image i at
 * `3i, 3i+1, 3i+2`.
 *
 * @param split a split
 * @returns `count × 3` digits in [0, 10)
 *
 * @example
 * ```ts
 * import { digitLabels } from "./split_set.ts";
 * const split = {
 *   name: "test" as const, images: new Uint8Array(7056), labels: new Uint16Array([907]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * digitLabels(split); // Uint8Array [9, 0, 7]
 * ```
 */
export function digitLabels(split: TripleMnistSplit): Uint8Array {
  const out = new Uint8Array(split.count * 3);
  for (let i = 0; i < split.count; i++) out.set(digitsOf(split.labels[i]), 3 * i);
  return out;
}

/** Options of {@linkcode splitWithinClasses}. */
export interface SplitWithinClassesOptions {
  /**
   * images of every class held out (the rest are kept for fitting)
   * @default 20% of each class, at least 1
   */
  heldOutPerClass?: number;
  /** the seed choosing which images are held out */
  seed: number;
}

/**
 * A per-image split of one split's classes: every class keeps images on both sides, so a model
 * evaluated on `heldOut` is tested on classes it has seen (unlike Triple-MNIST's own split by class).
 *
 * @param split the split whose images to divide (usually `train`)
 * @param options how many images per class to hold out, and the seed
 * @returns `fit` and `heldOut`, both named like `split`, each ordered by class
 * @throws {RangeError} when a class has no image left to fit on
 */
export function splitWithinClasses(
  split: TripleMnistSplit,
  options: SplitWithinClassesOptions,
): { fit: TripleMnistSplit; heldOut: TripleMnistSplit } {
  const rng = new Rng(options.seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < split.count; i++) {
    const c = split.labels[i];
    let list = byClass.get(c);
    if (!list) byClass.set(c, list = []);
    list.push(i);
  }
  const fit: number[] = [];
  const heldOut: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(c)!;
    const h = options.heldOutPerClass ?? Math.max(1, Math.round(list.length * 0.2));
    if (h >= list.length) {
      throw new RangeError(
        `Cannot hold out ${h} images of class '${className(c)}' as it has only ${list.length}: ` +
          `hold out fewer per class`,
      );
    }
    const order = rng.permutation(list.length);
    const out = new Uint8Array(list.length);
    for (let k = 0; k < h; k++) out[order[k]] = 1;
    list.forEach((idx, k) => (out[k] ? heldOut : fit).push(idx));
  }
  return { fit: subsetSplit(split, fit), heldOut: subsetSplit(split, heldOut) };
}

/**
 * The images of `split` whose class is one of `labels`, in their order.
 *
 * @param split the split to take from
 * @param labels the classes int(ddd) to keep
 * @returns a new split
 *
 * @example
 * ```ts
 * import { withClasses } from "./split_set.ts";
 * const split = {
 *   name: "train" as const, images: new Uint8Array(3 * 7056), labels: new Uint16Array([5, 7, 5]),
 *   indexInClass: Uint32Array.of(0, 0, 1), count: 3, height: 84, width: 84,
 * };
 * withClasses(split, [5]).count; // 2
 * ```
 */
export function withClasses(split: TripleMnistSplit, labels: Iterable<number>): TripleMnistSplit {
  const keep = new Set(labels);
  const indices: number[] = [];
  for (let i = 0; i < split.count; i++) if (keep.has(split.labels[i])) indices.push(i);
  return subsetSplit(split, indices);
}
