/**
 * Training-only image augmentation on TF.js tensors: A's Task 4 random affine (rotation ±10°,
 * translation ±10%, scale 0.9–1.1, shear 5°) then random perspective (distortion 0.2, p = 0.5),
 * seeded, applied with one `tf.image.transform` (projective matrix) per image.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Rng } from "../random/mod.ts";
 * import { augmentImages } from "./mod.ts";
 * const x = tf.zeros([1, 84, 84, 1]);
 * const y = augmentImages(x, new Rng(42));
 * tf.dispose([x, y]);
 * ```
 * @module
 */
export * from "./params.ts";
export * from "./transform.ts";
export * from "./augment_images.ts";
export * from "./augmented_source.ts";
