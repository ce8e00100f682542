/**
 * An {@linkcode ExampleSource} whose images are augmented afresh every time a batch is made.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import type { Batch, ExampleSource } from "../train/source.ts";
import type { AugmentOptions } from "./params.ts";
import { augmentImages, type TransformOptions } from "./augment_images.ts";

/** Options of {@linkcode augmentedSource}. */
export interface AugmentedSourceOptions extends AugmentOptions, TransformOptions {
  /** seed of the augmentation draws (the n-th batch made uses the n-th draws) */
  seed: number;
  /**
   * Turns the augmented batch into the one returned, e.g. splitting 84×84 images into their
   * three 84×28 thirds and their targets to match (runs inside `tf.tidy`; it must not dispose
   * its argument). Identity by default.
   */
  after?: (batch: Batch) => Batch;
}

/**
 * Wraps a source of images (`xs` of shape `[batch, height, width, channels]`) so that every
 * batch is augmented with fresh random draws (training only: give evaluation the plain source).
 *
 * @param source the source of un-augmented images
 * @param options the seed, A's strengths by default, and an optional `after` step
 * @returns a source of the same size; each batch's tensors are new and the caller disposes them
 * @throws {TypeError} (from `batch`) when the source's `xs` are not rank 4
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { augmentedSource } from "./augmented_source.ts";
 * const plain = {
 *   size: 2,
 *   batch: (ix: Int32Array) => ({ xs: tf.zeros([ix.length, 8, 8, 1]), ys: tf.zeros([ix.length, 1]) }),
 * };
 * const b = augmentedSource(plain, { seed: 1 }).batch(new Int32Array([0, 1]));
 * b.xs.shape; // [2, 8, 8, 1]
 * tf.dispose([b.xs, b.ys]);
 * ```
 */
export function augmentedSource(
  source: ExampleSource,
  options: AugmentedSourceOptions,
): ExampleSource {
  const rng = new Rng(options.seed);
  return {
    size: source.size,
    batch(indices: Int32Array): Batch {
      const { xs, ys } = source.batch(indices);
      let out: Batch | undefined;
      try {
        const [x, y] = tf.tidy(() => {
          const augmented = { xs: augmentImages(xs, rng, options), ys };
          const b = options.after ? options.after(augmented) : augmented;
          return [b.xs, b.ys];
        });
        out = { xs: x, ys: y };
        return out;
      } finally {
        if (out?.xs !== xs && out?.ys !== xs) xs.dispose();
        if (out?.xs !== ys && out?.ys !== ys) ys.dispose();
      }
    },
  };
}
