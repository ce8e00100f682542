/**
 * What source D chose and reported for its one-shot check, as data: its fixed reference images,
 * its threshold, and its counts.
 * @module
 */

/** D's squared-distance threshold: an image "matches" its class's reference below it. */
export const D_THRESHOLD = 12.6;

/**
 * D's reference image of each digit 0–9, as the rank of the image among the training images of
 * its class (`train_dict[c][k]`, in training-set order): 0 → the 96th zero, 1 → the 2nd one, …
 */
export const D_REFERENCE_RANKS: readonly number[] = Object.freeze([95, 1, 2, 0, 1, 63, 1, 1, 1, 5]);

/**
 * D's reported check (on all 60,000 training images, which includes the 300 it trained on): per
 * digit 0–9, `[within the threshold, images of the class]`.
 */
export const D_REPORTED_COUNTS: readonly (readonly [number, number])[] = Object.freeze([
  [5804, 5923],
  [6648, 6742],
  [5830, 5958],
  [5877, 6131],
  [5830, 5842],
  [5274, 5421],
  [5908, 5918],
  [5589, 6265],
  [5777, 5851],
  [5849, 5949],
]);

/**
 * The data-set index of the image of rank `ranks[c]` among the images of class `c`, for each
 * class `c` in turn: D's reference picks on a set in the official training order.
 *
 * @param labels one label per example, in data-set order
 * @param ranks the rank (0-based) wanted for each class 0, 1, … @default D_REFERENCE_RANKS
 * @returns one index per class
 * @throws {RangeError} when a class has too few images
 *
 * @example
 * ```ts
 * import { rankedIndices } from "./source_d.ts";
 * rankedIndices([1, 0, 0, 1, 0], [2, 1]); // [4, 3]: the third 0 and the second 1
 * ```
 */
export function rankedIndices(
  labels: ArrayLike<number>,
  ranks: readonly number[] = D_REFERENCE_RANKS,
): Int32Array {
  return Int32Array.from(ranks, (rank, c) => {
    let seen = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === c && seen++ === rank) return i;
    }
    throw new RangeError(
      `Cannot find image ${rank} of class ${c} as the set holds only ${seen} images of it`,
    );
  });
}
