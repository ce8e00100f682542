/**
 * Real images for GAN training, as {@linkcode ExampleSource}s whose batches are what
 * `GanTrainer.step` takes: pixels scaled to [-1, 1] (the generator's tanh range) and the digit
 * labels as int32.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "../train/source.ts";
import {
  type DigitImages,
  digitsOf,
  TRIPLE_MNIST_PIXELS,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";

const DIGIT_PIXELS = 28 * 28;

function checkIndices(indices: Int32Array, size: number, what: string): void {
  for (const i of indices) {
    if (!(i >= 0 && i < size)) {
      throw new RangeError(
        `Cannot make a batch of ${what} example ${i} as indices must be in 0..${size - 1}`,
      );
    }
  }
}

function scaled(bytes: Uint8Array, base: number, out: Float32Array, at: number, n: number): void {
  for (let p = 0; p < n; p++) out[at + p] = bytes[base + p] / 127.5 - 1;
}

/**
 * Single 28×28 digits (e.g. the MNIST training digits of Triple-MNIST's training pictures) for the
 * light digit GAN. Batches: `xs` `[b, 28, 28, 1]` in [-1, 1], `ys` `[b, 1]` int32 digits.
 *
 * @param sets the digit sets, concatenated in order (example `i` of the second set is
 *   `sets[0].count + i`)
 * @returns a source of every digit; the caller disposes each batch's tensors
 * @throws {RangeError} when a set is not 28×28 or holds a label above 9
 * @example
 * ```ts
 * import { digitGanSource } from "./data.ts";
 * const set = { images: new Uint8Array(2 * 784), labels: Uint8Array.of(3, 7), count: 2, height: 28, width: 28 };
 * const { xs, ys } = digitGanSource([set]).batch(Int32Array.of(1));
 * await ys.data(); // Int32Array [7]
 * xs.dispose(); ys.dispose();
 * ```
 */
export function digitGanSource(sets: readonly DigitImages[]): ExampleSource {
  const owners: { set: DigitImages; index: number }[] = [];
  for (const set of sets) {
    if (set.height !== 28 || set.width !== 28) {
      throw new RangeError(
        `Cannot train the digit GAN on ${set.height}×${set.width} images as they must be 28×28 — pass MNIST`,
      );
    }
    for (let i = 0; i < set.count; i++) {
      if (set.labels[i] > 9) {
        throw new RangeError(
          `Cannot train the digit GAN on label ${
            set.labels[i]
          } (example ${i}) as digits must be 0–9`,
        );
      }
      owners.push({ set, index: i });
    }
  }
  const size = owners.length;
  return {
    size,
    batch(indices) {
      checkIndices(indices, size, "digit");
      const b = indices.length;
      const x = new Float32Array(b * DIGIT_PIXELS);
      const y = new Int32Array(b);
      for (let i = 0; i < b; i++) {
        const { set, index } = owners[indices[i]];
        scaled(set.images, index * DIGIT_PIXELS, x, i * DIGIT_PIXELS, DIGIT_PIXELS);
        y[i] = set.labels[index];
      }
      return { xs: tf.tensor4d(x, [b, 28, 28, 1]), ys: tf.tensor2d(y, [b, 1], "int32") };
    },
  };
}

/**
 * Whole 84×84 Triple-MNIST images for A's cDCGAN (here its training split only). Batches:
 * `xs` `[b, 84, 84, 1]` in [-1, 1], `ys` `[b, 3]` int32 digits.
 *
 * @param splits the splits, concatenated in order
 * @returns a source of every image; the caller disposes each batch's tensors
 */
export function tripleGanSource(splits: readonly TripleMnistSplit[]): ExampleSource {
  const owners: { split: TripleMnistSplit; index: number }[] = [];
  for (const split of splits) {
    for (let i = 0; i < split.count; i++) owners.push({ split, index: i });
  }
  const size = owners.length;
  return {
    size,
    batch(indices) {
      checkIndices(indices, size, "Triple-MNIST");
      const b = indices.length;
      const x = new Float32Array(b * TRIPLE_MNIST_PIXELS);
      const y = new Int32Array(b * 3);
      for (let i = 0; i < b; i++) {
        const { split, index } = owners[indices[i]];
        scaled(
          split.images,
          index * TRIPLE_MNIST_PIXELS,
          x,
          i * TRIPLE_MNIST_PIXELS,
          TRIPLE_MNIST_PIXELS,
        );
        y.set(digitsOf(split.labels[index]), 3 * i);
      }
      return { xs: tf.tensor4d(x, [b, 84, 84, 1]), ys: tf.tensor2d(y, [b, 3], "int32") };
    },
  };
}
