/**
 * The training data of source D's triplet network: the first images of a few classes, served in
 * class-balanced batches.
 * @module
 */
import type { Rng } from "../random/mod.ts";

/** D's training classes: the network saw only digits 0, 1 and 2. */
export const SEEN_CLASSES: readonly number[] = Object.freeze([0, 1, 2]);
/** D's training images per class: the first 100 of each seen class. */
export const IMAGES_PER_SEEN_CLASS = 100;
/** D's batch: 10 images of each seen class (30 images, 60 triplets). */
export const BATCH_PER_CLASS = 10;

/**
 * The first `count` indices of each of `classes`, in data-set order: D's
 * `train_dict[c][:100]`.
 *
 * @param labels one label per example
 * @param classes the classes to take, in the order wanted
 * @param count how many of each
 * @returns one ascending `Int32Array` of `count` indices per class, in the order of `classes`
 * @throws {RangeError} when `count` is not a positive integer or a class has fewer examples
 *
 * @example
 * ```ts
 * import { firstIndicesPerClass } from "./batches.ts";
 * firstIndicesPerClass([1, 0, 1, 0, 1], [0, 1], 2); // [[1, 3], [0, 2]]
 * ```
 */
export function firstIndicesPerClass(
  labels: ArrayLike<number>,
  classes: readonly number[],
  count: number,
): Int32Array[] {
  if (!Number.isInteger(count) || count <= 0) {
    throw new RangeError(
      `Cannot take ${count} examples per class as the count must be a positive integer`,
    );
  }
  return classes.map((c) => {
    const picked = new Int32Array(count);
    let k = 0;
    for (let i = 0; i < labels.length && k < count; i++) if (labels[i] === c) picked[k++] = i;
    if (k < count) {
      throw new RangeError(
        `Cannot take the first ${count} examples of class ${c} as the set holds only ${k} — ` +
          `ask for fewer`,
      );
    }
    return picked;
  });
}

/** One class-balanced batch: data-set indices and their labels, class-major. */
export interface TripletBatch {
  /** data-set indices */
  indices: Int32Array;
  /** the class of each index */
  labels: Int32Array;
}

/** Options of {@linkcode classBatches}. */
export interface ClassBatchOptions {
  /**
   * When given, each class's indices are shuffled with it first. D used a plain
   * `DataLoader(batch_size=10)`: no shuffling, the same batches every epoch.
   */
  rng?: Rng;
}

/**
 * Cuts per-class index lists into batches of `perBatch` of each class, as D's loader did with its
 * `[100, 3, …]` stack: batch `b` holds items `b·perBatch … (b+1)·perBatch − 1` of every class,
 * class by class. A last, partial batch (when a class's count is not a multiple) is kept.
 *
 * @param perClass the indices of each class (e.g. from {@linkcode firstIndicesPerClass})
 * @param classes the label of each list
 * @param perBatch examples of each class per batch
 * @param options optional shuffling
 * @returns the batches
 * @throws {RangeError} when the lists differ in length, `classes` does not match them, or
 *   `perBatch` is not a positive integer
 *
 * @example
 * ```ts
 * import { classBatches } from "./batches.ts";
 * const b = classBatches([Int32Array.of(0, 2), Int32Array.of(1, 3)], [0, 1], 1);
 * b[1].indices; // [2, 3]
 * ```
 */
export function classBatches(
  perClass: readonly Int32Array[],
  classes: readonly number[],
  perBatch: number,
  options: ClassBatchOptions = {},
): TripletBatch[] {
  if (!Number.isInteger(perBatch) || perBatch <= 0) {
    throw new RangeError(
      `Cannot cut batches of ${perBatch} per class as it must be a positive integer`,
    );
  }
  if (perClass.length === 0 || perClass.length !== classes.length) {
    throw new RangeError(
      `Cannot cut batches from ${perClass.length} index lists with ${classes.length} class ` +
        `labels: give one label per list, at least one list`,
    );
  }
  const n = perClass[0].length;
  if (perClass.some((list) => list.length !== n)) {
    throw new RangeError(
      `Cannot cut class-balanced batches from lists of lengths ` +
        `${perClass.map((l) => l.length).join(", ")}: every class needs the same count`,
    );
  }
  const lists = perClass.map((list) => options.rng ? options.rng.shuffle(list.slice()) : list);
  const batches: TripletBatch[] = [];
  for (let start = 0; start < n; start += perBatch) {
    const end = Math.min(n, start + perBatch);
    const size = (end - start) * lists.length;
    const indices = new Int32Array(size), labels = new Int32Array(size);
    let k = 0;
    lists.forEach((list, c) => {
      for (let i = start; i < end; i++) {
        indices[k] = list[i];
        labels[k++] = classes[c];
      }
    });
    batches.push({ indices, labels });
  }
  return batches;
}
