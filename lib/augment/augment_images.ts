/**
 * Random affine + perspective augmentation of a batch of images, on TF.js tensors.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random/mod.ts";
import { type AugmentOptions, type AugmentParams, drawAugmentParams } from "./params.ts";
import { inverseTransformCoefficients } from "./transform.ts";

/** How {@linkcode transformImages} samples the input. */
export interface TransformOptions {
  /**
   * Interpolation between input pixels.
   * @default "bilinear"
   */
  interpolation?: "bilinear" | "nearest";
  /**
   * Value of the pixels that come from outside the input (black background).
   * @default 0
   */
  fillValue?: number;
}

function checkImages(images: tf.Tensor, what: string): [number, number, number] {
  if (images.rank !== 4) {
    throw new TypeError(
      `Cannot ${what} a tensor of shape [${images.shape}] as it must be [batch, height, width, channels]`,
    );
  }
  const [n, h, w] = images.shape;
  return [n, h, w];
}

/**
 * Warps each image with its own parameters in one `tf.image.transform` call.
 *
 * @param images `[batch, height, width, channels]` float32
 * @param params one draw per image
 * @param options interpolation and fill value
 * @returns a new tensor of the same shape; the caller disposes it
 * @throws {TypeError} when `images` is not rank 4
 * @throws {RangeError} when the number of draws differs from the batch size
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { transformImages } from "./augment_images.ts";
 * import { IDENTITY_PARAMS } from "./params.ts";
 * const x = tf.ones([1, 4, 4, 1]);
 * const y = transformImages(x, [IDENTITY_PARAMS]); // equal to x
 * tf.dispose([x, y]);
 * ```
 */
export function transformImages(
  images: tf.Tensor4D | tf.Tensor,
  params: readonly AugmentParams[],
  options: TransformOptions = {},
): tf.Tensor4D {
  const [n, h, w] = checkImages(images, "augment");
  if (params.length !== n) {
    throw new RangeError(
      `Cannot transform ${n} images with ${params.length} parameter sets: pass one per image`,
    );
  }
  const coeffs = params.flatMap((p) => inverseTransformCoefficients(p, [h, w]));
  const interpolation = options.interpolation ?? "bilinear";
  const fill = options.fillValue ?? 0;
  return tf.tidy(() => {
    const x = images as tf.Tensor4D;
    const m = tf.tensor2d(coeffs, [n, 8]);
    if (tf.getBackend() !== "cpu" || n === 1) {
      return tf.image.transform(x, m, interpolation, "constant", fill);
    }
    // TF.js 4.22's cpu Transform kernel returns after the first image of a batch (the rest stay
    // at the fill value), so on cpu each image is warped on its own.
    const parts = tf.split(x, n, 0).map((xi, i) =>
      tf.image.transform(
        xi as tf.Tensor4D,
        m.slice([i, 0], [1, 8]),
        interpolation,
        "constant",
        fill,
      )
    );
    return tf.concat(parts, 0);
  });
}

/**
 * A's Task 4 training augmentation: for each image a fresh draw of random affine (rotation,
 * translation, scale, shear) then random perspective, taken from `rng`, applied in one
 * resampling. The same seed and call order give the same images.
 *
 * @param images `[batch, height, width, channels]` float32 (e.g. whole 84×84 Triple-MNIST images)
 * @param rng seeded generator; advanced by the draws
 * @param options strengths (A's by default) plus interpolation and fill value
 * @returns a new augmented tensor of the same shape; the caller disposes it
 * @throws {TypeError} when `images` is not rank 4
 * @throws {RangeError} for invalid options
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Rng } from "../random/mod.ts";
 * import { augmentImages } from "./augment_images.ts";
 * const x = tf.zeros([2, 84, 84, 1]);
 * const y = augmentImages(x, new Rng(7));
 * y.shape; // [2, 84, 84, 1]
 * tf.dispose([x, y]);
 * ```
 */
export function augmentImages(
  images: tf.Tensor4D | tf.Tensor,
  rng: Rng,
  options: AugmentOptions & TransformOptions = {},
): tf.Tensor4D {
  const [n, h, w] = checkImages(images, "augment");
  const params = Array.from({ length: n }, () => drawAugmentParams(rng, [h, w], options));
  return transformImages(images, params, options);
}
