/**
 * Summaries of a split for exploring the data set: pixel statistics, images per class, and how
 * often each digit appears at each position.
 * @module
 */
import { TRIPLE_MNIST_CLASSES } from "./class_split.ts";
import { TRIPLE_MNIST_PIXELS, type TripleMnistSplit } from "./split_set.ts";

/** Pixel statistics of a split. */
export interface PixelSummary {
  /** the smallest pixel value */
  min: number;
  /** the largest pixel value */
  max: number;
  /** the mean pixel value (0–255) */
  mean: number;
  /** the fraction of pixels that are not 0 */
  nonZeroFraction: number;
}

/**
 * Minimum, maximum and mean pixel value of a split, and the share of non-zero (ink) pixels.
 *
 * @param split a split
 * @returns the statistics (all 0 for an empty split)
 *
 * @example
 * ```ts
 * import { pixelSummary } from "./describe.ts";
 * const images = new Uint8Array(7056);
 * images[0] = 255;
 * const split = {
 *   name: "val" as const, images, labels: new Uint16Array([1]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * pixelSummary(split).max; // 255
 * ```
 */
export function pixelSummary(split: TripleMnistSplit): PixelSummary {
  const n = split.count * TRIPLE_MNIST_PIXELS;
  if (n === 0) return { min: 0, max: 0, mean: 0, nonZeroFraction: 0 };
  const histogram = pixelHistogram(split);
  let min = -1;
  let max = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    if (histogram[v] === 0) continue;
    if (min < 0) min = v;
    max = v;
    sum += v * histogram[v];
  }
  return { min, max, mean: sum / n, nonZeroFraction: (n - histogram[0]) / n };
}

/**
 * How many pixels of the chosen images take each value 0–255.
 *
 * @param split a split
 * @param indices the images to count (default: all)
 * @returns 256 counts
 */
export function pixelHistogram(split: TripleMnistSplit, indices?: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(256);
  const images = split.images;
  if (!indices) {
    for (let p = 0; p < split.count * TRIPLE_MNIST_PIXELS; p++) counts[images[p]]++;
    return counts;
  }
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k] * TRIPLE_MNIST_PIXELS;
    for (let p = 0; p < TRIPLE_MNIST_PIXELS; p++) counts[images[base + p]]++;
  }
  return counts;
}

/**
 * The non-zero pixel values of some images (A's "pixel intensity distribution" leaves out the
 * black background, which is most of every image).
 *
 * @param split a split
 * @param indices the images to read
 * @returns the values 1–255 of their ink pixels
 */
export function nonZeroPixels(split: TripleMnistSplit, indices: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k] * TRIPLE_MNIST_PIXELS;
    for (let p = 0; p < TRIPLE_MNIST_PIXELS; p++) {
      const v = split.images[base + p];
      if (v !== 0) out.push(v);
    }
  }
  return Uint8Array.from(out);
}

/**
 * The number of images of each class int(ddd) in a split.
 *
 * @param split a split
 * @returns 1000 counts (0 for classes of other splits)
 */
export function imagesPerClass(split: TripleMnistSplit): Uint32Array {
  const counts = new Uint32Array(TRIPLE_MNIST_CLASSES);
  for (let i = 0; i < split.count; i++) counts[split.labels[i]]++;
  return counts;
}

/**
 * How often each digit appears at each position: `counts[l][d]` images have digit `d` at
 * position `l` (0 = left).
 *
 * @param split a split
 * @returns three rows of ten counts
 *
 * @example
 * ```ts
 * import { digitCountsByPosition } from "./describe.ts";
 * const split = {
 *   name: "val" as const, images: new Uint8Array(7056), labels: new Uint16Array([907]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * digitCountsByPosition(split)[0][9]; // 1
 * ```
 */
export function digitCountsByPosition(split: TripleMnistSplit): number[][] {
  const counts = [0, 1, 2].map(() => new Array<number>(10).fill(0));
  for (let i = 0; i < split.count; i++) {
    const label = split.labels[i];
    counts[0][Math.floor(label / 100)]++;
    counts[1][Math.floor(label / 10) % 10]++;
    counts[2][label % 10]++;
  }
  return counts;
}
