/**
 * Triple-MNIST as {@linkcode ExampleSource}s for training: whole images with a 1000-way label,
 * single thirds with a 10-way digit label, and whole images with three digit labels.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "../train/source.ts";
import { TRIPLE_MNIST_CLASSES } from "./class_split.ts";
import { DIGIT_SIZE, TRIPLE_MNIST_PIXELS, type TripleMnistSplit } from "./split_set.ts";
import { DIGITS_PER_IMAGE } from "./thirds.ts";

/** How pixel values are scaled. */
export type PixelRange = "unit" | "symmetric";

/** Options shared by the Triple-MNIST sources. */
export interface TripleMnistSourceOptions {
  /**
   * the images of the split to use, in this order
   * @default all, in order
   */
  indices?: ArrayLike<number>;
  /**
   * `unit`: pixel / 255 in [0, 1] (Tasks 1–4); `symmetric`: pixel / 127.5 − 1 in [−1, 1] (the GAN)
   * @default "unit"
   */
  range?: PixelRange;
}

/** An {@linkcode ExampleSource} that also tells the class index of each example. */
export interface LabelledSource extends ExampleSource {
  /** the target class of each example (for `digitsSource`, three per example) */
  readonly targets: Int32Array;
  /** the number of classes */
  readonly classes: number;
}

function imageList(split: TripleMnistSplit, indices?: ArrayLike<number>): Int32Array {
  const list = indices
    ? Int32Array.from(indices)
    : Int32Array.from({ length: split.count }, (_, i) => i);
  for (const i of list) {
    if (i < 0 || i >= split.count) {
      throw new RangeError(
        `Cannot use image ${i} of Triple-MNIST split '${split.name}' as it has ${split.count} images`,
      );
    }
  }
  return list;
}

function scaler(range: PixelRange | undefined): [number, number] {
  return range === "symmetric" ? [1 / 127.5, -1] : [1 / 255, 0];
}

function fullImages(
  split: TripleMnistSplit,
  list: Int32Array,
  indices: Int32Array,
  [scale, shift]: [number, number],
): tf.Tensor4D {
  const b = indices.length;
  const x = new Float32Array(b * TRIPLE_MNIST_PIXELS);
  for (let i = 0; i < b; i++) {
    const base = list[indices[i]] * TRIPLE_MNIST_PIXELS;
    for (let p = 0; p < TRIPLE_MNIST_PIXELS; p++) {
      x[i * TRIPLE_MNIST_PIXELS + p] = split.images[base + p] * scale + shift;
    }
  }
  return tf.tensor4d(x, [b, 84, 84, 1]);
}

function checkIndices(indices: Int32Array, size: number): void {
  for (const i of indices) {
    if (i < 0 || i >= size) {
      throw new RangeError(`Cannot make a batch of example ${i} as the source has ${size}`);
    }
  }
}

/** Options of {@linkcode fullImageSource}. */
export interface FullImageSourceOptions extends TripleMnistSourceOptions {
  /**
   * maps an image's class int(ddd) to its target class
   * @default the identity (1000 classes)
   */
  targetOf?: (label: number) => number;
  /**
   * the number of target classes
   * @default 1000
   */
  classes?: number;
}

/**
 * Whole 84×84 images with a one-hot target, by default the class int(ddd) among 1000.
 *
 * Batches: `xs` `[b, 84, 84, 1]` float32, `ys` `[b, classes]` one-hot float32; the caller
 * disposes both.
 *
 * @param split the split to read
 * @param options which images, pixel range, and the target mapping
 * @returns a source with one example per image
 * @throws {RangeError} when an index or a target is out of range
 *
 * @example
 * ```ts
 * import { fullImageSource } from "./sources.ts";
 * const split = {
 *   name: "train" as const, images: new Uint8Array(7056), labels: new Uint16Array([907]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * const { xs, ys } = fullImageSource(split).batch(Int32Array.of(0));
 * ys.shape; // [1, 1000]
 * xs.dispose(); ys.dispose();
 * ```
 */
export function fullImageSource(
  split: TripleMnistSplit,
  options: FullImageSourceOptions = {},
): LabelledSource {
  const list = imageList(split, options.indices);
  const classes = options.classes ?? TRIPLE_MNIST_CLASSES;
  const targetOf = options.targetOf ?? ((label: number) => label);
  const targets = new Int32Array(list.length);
  list.forEach((img, i) => {
    const t = targetOf(split.labels[img]);
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new RangeError(
        `Cannot use target ${t} for class ${
          split.labels[img]
        } as it must be an integer in [0, ${classes})`,
      );
    }
    targets[i] = t;
  });
  const range = scaler(options.range);
  return {
    size: list.length,
    targets,
    classes,
    batch(indices: Int32Array) {
      checkIndices(indices, list.length);
      const b = indices.length;
      const y = new Float32Array(b * classes);
      for (let i = 0; i < b; i++) y[i * classes + targets[indices[i]]] = 1;
      return { xs: fullImages(split, list, indices, range), ys: tf.tensor2d(y, [b, classes]) };
    },
  };
}

/**
 * Single 84×28 thirds with a one-hot digit target: example `3i + l` is third `l` of image `i`
 * (of the images selected by `indices`).
 *
 * Batches: `xs` `[b, 84, 28, 1]` float32, `ys` `[b, 10]` one-hot float32; the caller disposes both.
 *
 * @param split the split to read
 * @param options which images, pixel range
 * @returns a source with three examples per image
 * @throws {RangeError} when an index is out of range
 *
 * @example
 * ```ts
 * import { thirdsSource } from "./sources.ts";
 * const split = {
 *   name: "train" as const, images: new Uint8Array(7056), labels: new Uint16Array([907]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * const source = thirdsSource(split);
 * source.targets; // Int32Array [9, 0, 7]
 * ```
 */
export function thirdsSource(
  split: TripleMnistSplit,
  options: TripleMnistSourceOptions = {},
): LabelledSource {
  const list = imageList(split, options.indices);
  const targets = new Int32Array(list.length * DIGITS_PER_IMAGE);
  list.forEach((img, i) => {
    const label = split.labels[img];
    targets[3 * i] = Math.floor(label / 100);
    targets[3 * i + 1] = Math.floor(label / 10) % 10;
    targets[3 * i + 2] = label % 10;
  });
  const [scale, shift] = scaler(options.range);
  const thirdPx = 84 * DIGIT_SIZE;
  return {
    size: targets.length,
    targets,
    classes: 10,
    batch(indices: Int32Array) {
      checkIndices(indices, targets.length);
      const b = indices.length;
      const x = new Float32Array(b * thirdPx);
      const y = new Float32Array(b * 10);
      for (let i = 0; i < b; i++) {
        const e = indices[i];
        const base = list[Math.floor(e / 3)] * TRIPLE_MNIST_PIXELS + (e % 3) * DIGIT_SIZE;
        for (let r = 0; r < 84; r++) {
          const from = base + r * 84;
          const to = i * thirdPx + r * DIGIT_SIZE;
          for (let c = 0; c < DIGIT_SIZE; c++) x[to + c] = split.images[from + c] * scale + shift;
        }
        y[i * 10 + targets[e]] = 1;
      }
      return { xs: tf.tensor4d(x, [b, 84, DIGIT_SIZE, 1]), ys: tf.tensor2d(y, [b, 10]) };
    },
  };
}

/**
 * Whole 84×84 images with three one-hot digit targets, for models that split the image into its
 * thirds themselves (e.g. after augmenting the whole image, as Task 4 does).
 *
 * Batches: `xs` `[b, 84, 84, 1]` float32, `ys` `[b, 3, 10]` one-hot float32; the caller disposes
 * both. `targets` holds the digits of example i at `3i, 3i + 1, 3i + 2`.
 *
 * @param split the split to read
 * @param options which images, pixel range
 * @returns a source with one example per image
 * @throws {RangeError} when an index is out of range
 */
export function digitsSource(
  split: TripleMnistSplit,
  options: TripleMnistSourceOptions = {},
): LabelledSource {
  const list = imageList(split, options.indices);
  const targets = thirdsSource(split, { indices: list }).targets;
  const range = scaler(options.range);
  return {
    size: list.length,
    targets,
    classes: 10,
    batch(indices: Int32Array) {
      checkIndices(indices, list.length);
      const b = indices.length;
      const y = new Float32Array(b * 30);
      for (let i = 0; i < b; i++) {
        for (let l = 0; l < 3; l++) y[i * 30 + l * 10 + targets[3 * indices[i] + l]] = 1;
      }
      return { xs: fullImages(split, list, indices, range), ys: tf.tensor3d(y, [b, 3, 10]) };
    },
  };
}
