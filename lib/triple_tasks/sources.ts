/**
 * The training examples of the per-digit CNNs (Tasks 3 and 4): whole images, optionally
 * augmented as a whole, cut into their thirds batch by batch.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { augmentedSource, type AugmentOptions } from "../augment/mod.ts";
import type { Batch, ExampleSource } from "../train/mod.ts";
import { digitsSource, thirdsBatch, type TripleMnistSplit } from "../triple_mnist/mod.ts";

/** Options of {@linkcode perDigitTrainingSource}. */
export interface PerDigitTrainingSourceOptions {
  /** which images of the split (default all) */
  indices?: ArrayLike<number>;
  /** augment each whole image before cutting it (Task 4); off when not given */
  augment?: AugmentOptions & { seed: number };
}

/**
 * The training examples of a per-digit CNN: one example per whole image (so a batch of 256 is
 * A's batch of 256 images), optionally augmented as a whole (Task 4), each batch then cut into
 * its 3·B thirds (`thirdsBatch`). For validation and prediction use `thirdsSource` (one example
 * per third).
 *
 * @param split the training split
 * @param options which images, and the augmentation
 * @returns a source of `size` images whose batches hold 3 examples per image
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { perDigitTrainingSource } from "./sources.ts";
 * const split = {
 *   name: "train" as const, images: new Uint8Array(2 * 7056), labels: Uint16Array.of(123, 45),
 *   indexInClass: new Uint32Array(2), count: 2, height: 84, width: 84,
 * };
 * const { xs, ys } = perDigitTrainingSource(split).batch(Int32Array.of(0, 1));
 * xs.shape; // [6, 84, 28, 1]
 * tf.dispose([xs, ys]);
 * ```
 */
export function perDigitTrainingSource(
  split: TripleMnistSplit,
  options: PerDigitTrainingSourceOptions = {},
): ExampleSource {
  const images = digitsSource(split, options.indices ? { indices: options.indices } : {});
  if (options.augment) {
    return augmentedSource(images, { ...options.augment, after: thirdsBatch });
  }
  return {
    size: images.size,
    batch(indices: Int32Array): Batch {
      const whole = images.batch(indices);
      try {
        return thirdsBatch(whole);
      } finally {
        tf.dispose([whole.xs, whole.ys]);
      }
    },
  };
}
