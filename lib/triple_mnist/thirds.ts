/**
 * The three 84×28 thirds of a Triple-MNIST image: third l holds digit l. The pixels of one third
 * ({@linkcode thirdPixels}), a batch of images cut into its thirds ({@linkcode splitThirds}), and
 * a training batch of whole images turned into one example per digit ({@linkcode thirdsBatch}).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../train/source.ts";
import {
  DIGIT_SIZE,
  TRIPLE_MNIST_HEIGHT,
  TRIPLE_MNIST_PIXELS,
  TRIPLE_MNIST_WIDTH,
  type TripleMnistSplit,
} from "./split_set.ts";

/** The number of digits (and thirds) per image. */
export const DIGITS_PER_IMAGE = 3;

/** Pixels in one 84×28 third. */
export const THIRD_PIXELS = TRIPLE_MNIST_HEIGHT * DIGIT_SIZE;

/**
 * Copies third `position` (84 rows × 28 columns) of image `index`.
 *
 * @param split the split holding the image
 * @param index the image's index
 * @param position 0, 1 or 2 (left to right)
 * @param out where to write the 2352 pixels
 * @returns `out`
 * @throws {RangeError} when `index` or `position` is out of range
 *
 * @example
 * ```ts
 * import { thirdPixels } from "./thirds.ts";
 * const images = new Uint8Array(7056);
 * images[1 * 84 + 30] = 200; // row 1, column 30: the second third's column 2
 * const split = {
 *   name: "train" as const, images, labels: new Uint16Array([123]),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * };
 * thirdPixels(split, 0, 1)[1 * 28 + 2]; // 200
 * ```
 */
export function thirdPixels(
  split: TripleMnistSplit,
  index: number,
  position: number,
  out: Uint8Array = new Uint8Array(THIRD_PIXELS),
): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= split.count) {
    throw new RangeError(
      `Cannot take image ${index} of Triple-MNIST split '${split.name}' as it has ${split.count} images`,
    );
  }
  if (position !== 0 && position !== 1 && position !== 2) {
    throw new RangeError(`Cannot take third ${position} of an image as it must be 0, 1 or 2`);
  }
  const base = index * TRIPLE_MNIST_PIXELS + position * DIGIT_SIZE;
  for (let r = 0; r < 84; r++) {
    out.set(split.images.subarray(base + r * 84, base + r * 84 + DIGIT_SIZE), r * DIGIT_SIZE);
  }
  return out;
}

/**
 * Splits a batch of full images `[b, 84, 84, c]` into its three thirds `[b, 84, 28, c]`.
 *
 * @param images the batch (not disposed)
 * @returns three new tensors, left to right; the caller disposes them
 * @throws {TypeError} when the width is not 84
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { splitThirds } from "./thirds.ts";
 * const parts = splitThirds(tf.zeros([2, 84, 84, 1]) as tf.Tensor4D);
 * parts[0].shape; // [2, 84, 28, 1]
 * ```
 */
export function splitThirds(images: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  if (images.shape[2] !== 84) {
    throw new TypeError(
      `Cannot split images of shape [${images.shape}] into thirds as they must be 84 wide`,
    );
  }
  return tf.split(images, DIGITS_PER_IMAGE, 2) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
}

/**
 * A batch of whole images (`xs` `[b, 84, 84, 1]`, `ys` `[b, 3, 10]`, as `digitsSource` makes
 * them) as per-digit examples: `xs` `[3b, 84, 28, 1]`, `ys` `[3b, 10]`, third `l` of image `i`
 * at `3i + l` (the order of `thirdsSource`). The thirds are {@linkcode splitThirds}'s.
 *
 * @param batch whole images and their three one-hot digits (not disposed)
 * @returns new tensors of the thirds and their digits; the caller disposes them
 * @throws {TypeError} when the shapes are not `[b, 84, 84, 1]` and `[b, 3, 10]`
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { thirdsBatch } from "./thirds.ts";
 * const whole = { xs: tf.zeros([2, 84, 84, 1]), ys: tf.zeros([2, 3, 10]) };
 * const cut = thirdsBatch(whole);
 * cut.xs.shape; // [6, 84, 28, 1]
 * tf.dispose([whole.xs, whole.ys, cut.xs, cut.ys]);
 * ```
 */
export function thirdsBatch(batch: Batch): Batch {
  const { xs, ys } = batch;
  const b = xs.shape[0];
  if (
    xs.rank !== 4 || xs.shape[1] !== TRIPLE_MNIST_HEIGHT || xs.shape[2] !== TRIPLE_MNIST_WIDTH ||
    ys.rank !== 3 || ys.shape[0] !== b || ys.shape[1] !== DIGITS_PER_IMAGE || ys.shape[2] !== 10
  ) {
    throw new TypeError(
      `Cannot cut a batch of xs [${xs.shape}] and ys [${ys.shape}] into thirds as they must be ` +
        `[b, 84, 84, 1] and [b, 3, 10] — use digitsSource of lib/triple_mnist`,
    );
  }
  return tf.tidy(() => ({
    xs: tf.stack(splitThirds(xs as tf.Tensor4D), 1).reshape([
      DIGITS_PER_IMAGE * b,
      TRIPLE_MNIST_HEIGHT,
      DIGIT_SIZE,
      1,
    ]),
    ys: ys.reshape([DIGITS_PER_IMAGE * b, 10]),
  }));
}
