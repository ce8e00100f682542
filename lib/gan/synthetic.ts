/**
 * Generated images as a Triple-MNIST split: scored like real ones, and written in the data set's
 * own folder layout `<dir>/<split>/<ddd>/<k>_<ddd>.png` with the same PNG writer.
 * @module
 */
import {
  TRIPLE_MNIST_PIXELS,
  type TripleMnistSplit,
  type TripleMnistSplitName,
  writeTripleMnistFolder,
} from "../triple_mnist/mod.ts";
import { sampleTriples } from "./sample.ts";
import type { ConditionalGenerator } from "../models/gan_types.ts";

/** Options of {@linkcode syntheticSplit}. */
export interface SyntheticSplitOptions {
  /** seed of the noise and the digit heights */
  seed: number;
  /**
   * images drawn per number
   * @default 1
   */
  perNumber?: number;
  /**
   * the split the images are filed under
   * @default "train"
   */
  name?: TripleMnistSplitName;
}

/**
 * Draws `perNumber` images of each number and files them as a split, ordered by number (numbers
 * sorted ascending) then by index `k`, as a split read from a folder is.
 *
 * @param gan a trained conditional GAN (see `sampleTriples`)
 * @param numbers distinct numbers int(ddd)
 * @param options seed, images per number, split name
 * @returns a Promise of the split (labels = the requested numbers); the images are read back
 *   asynchronously, so it works on webgpu
 * @throws {RangeError} when a number repeats or is outside [0, 1000) (the Promise rejects)
 */
export async function syntheticSplit(
  gan: ConditionalGenerator,
  numbers: ArrayLike<number>,
  options: SyntheticSplitOptions,
): Promise<TripleMnistSplit> {
  const sorted = Array.from(numbers).sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new RangeError(
        `Cannot file synthetic images of number ${sorted[i]} twice as numbers must be distinct — ` +
          `use perNumber for more images of one number`,
      );
    }
  }
  const per = options.perNumber ?? 1;
  if (!Number.isInteger(per) || per < 1) {
    throw new RangeError(`Cannot draw ${per} images per number as it must be a positive integer`);
  }
  const count = sorted.length * per;
  const requested = new Uint16Array(count);
  const indexInClass = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    requested[i] = sorted[Math.floor(i / per)];
    indexInClass[i] = i % per;
  }
  const images = await sampleTriples(gan, requested, { seed: options.seed });
  return {
    name: options.name ?? "train",
    images,
    labels: requested,
    indexInClass,
    count,
    height: 84,
    width: 84,
  };
}

/**
 * Wraps generated images (e.g. the fixed grid) as a split so that the Task 3 classifier can score
 * them: image `i` is labelled `numbers[i]`.
 *
 * @param images `numbers.length × 84 × 84` grey bytes
 * @param numbers the number each image was asked to show
 * @param name the split name to file them under
 * @returns the split
 * @throws {RangeError} when the sizes disagree
 */
export function imagesAsSplit(
  images: Uint8Array,
  numbers: ArrayLike<number>,
  name: TripleMnistSplitName = "test",
): TripleMnistSplit {
  if (images.length !== numbers.length * TRIPLE_MNIST_PIXELS) {
    throw new RangeError(
      `Cannot file ${images.length} bytes as ${numbers.length} images as 84×84 images need ` +
        `${numbers.length * TRIPLE_MNIST_PIXELS} — one number per image`,
    );
  }
  return {
    name,
    images,
    labels: Uint16Array.from(numbers),
    indexInClass: Uint32Array.from({ length: numbers.length }, (_, i) => i),
    count: numbers.length,
    height: 84,
    width: 84,
  };
}

/** Options of {@linkcode exportSyntheticTripleMnist}. */
export interface ExportSyntheticOptions extends SyntheticSplitOptions {
  /** recorded as `generator.json` in the folder */
  info?: Record<string, unknown>;
}

/**
 * Draws images of `numbers` and writes them as `<dir>/<split>/<ddd>/<k>_<ddd>.png` (replacing
 * `dir` atomically), the layout the Triple-MNIST loader reads.
 *
 * @param gan a trained conditional GAN
 * @param dir the folder, e.g. `data/triple_mnist_synthetic`
 * @param numbers distinct numbers int(ddd) to draw
 * @param options seed, images per number, split, info
 * @returns the split written and the number of files
 */
export async function exportSyntheticTripleMnist(
  gan: ConditionalGenerator,
  dir: string,
  numbers: ArrayLike<number>,
  options: ExportSyntheticOptions,
): Promise<{ split: TripleMnistSplit; files: number }> {
  const split = await syntheticSplit(gan, numbers, options);
  const files = await writeTripleMnistFolder({ [split.name]: split }, dir, {
    info: { generator: gan.name, seed: options.seed, ...options.info },
  });
  return { split, files };
}
