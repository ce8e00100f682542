/**
 * Training a classifier on real and synthetic Triple-MNIST images together, as A's Task 5b does:
 * the real images are augmented (Task 4's affine + perspective), the synthetic ones are not.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  type AugmentOptions,
  type AugmentParams,
  drawAugmentParams,
  IDENTITY_PARAMS,
  transformImages,
} from "../augment/mod.ts";
import { Rng } from "../random/mod.ts";
import type { Batch, ExampleSource } from "../train/source.ts";
import {
  digitsSource,
  thirdsBatch,
  TRIPLE_MNIST_PIXELS,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";

/** Real and synthetic images in one split, and which is which. */
export interface MixedSplit {
  /** the images: the real ones first, then the synthetic ones */
  split: TripleMnistSplit;
  /** 1 for each synthetic image, 0 for each real one */
  synthetic: Uint8Array;
  /** how many are real */
  realCount: number;
}

/**
 * Joins chosen real and synthetic images into one training split (real first).
 *
 * @param real the real images
 * @param synthetic the synthetic images
 * @param options which of each to take (default: all)
 * @returns the joined split and its synthetic mask
 * @throws {RangeError} when an index is out of range
 * @example
 * ```ts
 * import { mixSplits } from "./mix.ts";
 * const one = (label: number) => ({
 *   name: "train" as const, images: new Uint8Array(7056), labels: Uint16Array.of(label),
 *   indexInClass: new Uint32Array(1), count: 1, height: 84, width: 84,
 * });
 * const mixed = mixSplits(one(5), one(7));
 * Array.from(mixed.synthetic); // [0, 1]
 * ```
 */
export function mixSplits(
  real: TripleMnistSplit,
  synthetic: TripleMnistSplit,
  options: { real?: ArrayLike<number>; synthetic?: ArrayLike<number> } = {},
): MixedSplit {
  const pick = (split: TripleMnistSplit, chosen: ArrayLike<number> | undefined, what: string) => {
    const list = chosen ? Array.from(chosen) : Array.from({ length: split.count }, (_, i) => i);
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= split.count) {
        throw new RangeError(
          `Cannot take ${what} image ${i} as the ${what} split has ${split.count} images`,
        );
      }
    }
    return list;
  };
  const r = pick(real, options.real, "real");
  const s = pick(synthetic, options.synthetic, "synthetic");
  const count = r.length + s.length;
  const images = new Uint8Array(count * TRIPLE_MNIST_PIXELS);
  const labels = new Uint16Array(count);
  const indexInClass = new Uint32Array(count);
  const mask = new Uint8Array(count);
  const copy = (from: TripleMnistSplit, i: number, to: number) => {
    images.set(
      from.images.subarray(i * TRIPLE_MNIST_PIXELS, (i + 1) * TRIPLE_MNIST_PIXELS),
      to * TRIPLE_MNIST_PIXELS,
    );
    labels[to] = from.labels[i];
    indexInClass[to] = from.indexInClass[i];
  };
  r.forEach((i, k) => copy(real, i, k));
  s.forEach((i, k) => {
    copy(synthetic, i, r.length + k);
    mask[r.length + k] = 1;
  });
  return {
    split: { name: real.name, images, labels, indexInClass, count, height: 84, width: 84 },
    synthetic: mask,
    realCount: r.length,
  };
}

/** Options of {@linkcode mixedTrainingSource}. */
export interface MixedTrainingSourceOptions extends AugmentOptions {
  /** seed of the augmentation draws */
  seed: number;
  /**
   * augment the real images (Task 4's strengths unless overridden); synthetic ones never
   * @default true
   */
  augment?: boolean;
}

/**
 * The training examples of a per-digit CNN on a mixed split: one example per whole image, real
 * images augmented afresh each time (synthetic ones left as drawn), then cut into the 3·B thirds
 * with their one-hot digits (`thirdsBatch`).
 *
 * @param mixed the joined split (`mixSplits`)
 * @param options seed, whether to augment, augmentation strengths
 * @returns a source of `mixed.split.count` images whose batches hold `[3b, 84, 28, 1]` thirds
 */
export function mixedTrainingSource(
  mixed: MixedSplit,
  options: MixedTrainingSourceOptions,
): ExampleSource {
  const images = digitsSource(mixed.split);
  const rng = new Rng(options.seed);
  const augment = options.augment ?? true;
  return {
    size: images.size,
    batch(indices: Int32Array): Batch {
      const whole = images.batch(indices);
      try {
        const [xs3, ys3] = tf.tidy(() => {
          let xs: tf.Tensor = whole.xs;
          if (augment) {
            const params: AugmentParams[] = Array.from(
              indices,
              (i) =>
                mixed.synthetic[i] ? IDENTITY_PARAMS : drawAugmentParams(rng, [84, 84], options),
            );
            xs = transformImages(whole.xs, params);
          }
          const cut = thirdsBatch({ xs, ys: whole.ys });
          return [cut.xs, cut.ys];
        });
        return { xs: xs3, ys: ys3 };
      } finally {
        tf.dispose([whole.xs, whole.ys]);
      }
    },
  };
}
