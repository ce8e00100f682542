/**
 * Feeding an {@linkcode ImageSet} to training: batches built on demand, and whole (sub)sets as
 * tensors for evaluation.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Batch, ExampleSource } from "../train/source.ts";
import type { ImageSet } from "./image_set.ts";

/**
 * How pixel bytes become floats: `unit` → [0, 1] (`/255`), `symmetric` → [-1, 1]
 * (`/127.5 − 1`, deep-digits' normalisation), `raw` → 0–255 unchanged.
 */
export type Normalize = "unit" | "symmetric" | "raw";

/** Options of {@linkcode imageSource} and {@linkcode toTensors}. */
export interface ImageSourceOptions {
  /**
   * The examples of `set` to use (e.g. a split's `train`); batch index `i` means `indices[i]`.
   * @default every example
   */
  indices?: ArrayLike<number>;
  /**
   * Pixel scaling.
   * @default "unit"
   */
  normalize?: Normalize;
  /**
   * `xs` as `[batch, height·width]` (for dense networks) instead of `[batch, height, width, 1]`.
   * @default false
   */
  flatten?: boolean;
  /**
   * `ys` as one-hot float32 `[batch, classes]`; otherwise int32 class indices `[batch]`.
   * @default true
   */
  oneHot?: boolean;
}

/** The float value of each byte 0–255 under a normalisation. */
function lookupTable(normalize: Normalize): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    table[v] = normalize === "unit" ? v / 255 : normalize === "symmetric" ? v / 127.5 - 1 : v;
  }
  return table;
}

function checkNormalize(normalize: string): Normalize {
  if (normalize !== "unit" && normalize !== "symmetric" && normalize !== "raw") {
    throw new RangeError(
      `Cannot normalise images as '${normalize}' as it must be 'unit', 'symmetric' or 'raw'`,
    );
  }
  return normalize;
}

/** Builds the batch of set examples `rows` (already mapped through `indices`). */
function buildBatch(
  set: ImageSet,
  rows: ArrayLike<number>,
  table: Float32Array,
  flatten: boolean,
  oneHot: boolean,
): Batch {
  const size = set.height * set.width;
  const b = rows.length;
  const k = set.classNames.length;
  const x = new Float32Array(b * size);
  const y = oneHot ? new Float32Array(b * k) : new Int32Array(b);
  for (let i = 0; i < b; i++) {
    const r = rows[i];
    if (!(r >= 0 && r < set.count)) {
      throw new RangeError(
        `Cannot build a batch with example ${r} as indices must be in 0..${set.count - 1}`,
      );
    }
    const src = set.images.subarray(r * size, (r + 1) * size);
    const off = i * size;
    for (let p = 0; p < size; p++) x[off + p] = table[src[p]];
    if (oneHot) y[i * k + set.labels[r]] = 1;
    else y[i] = set.labels[r];
  }
  const xs = flatten
    ? tf.tensor2d(x, [b, size], "float32")
    : tf.tensor4d(x, [b, set.height, set.width, 1], "float32");
  const ys = oneHot ? tf.tensor2d(y, [b, k], "float32") : tf.tensor1d(y, "int32");
  return { xs, ys };
}

/**
 * An {@linkcode ExampleSource} over an image set (or part of it) that builds each batch from the
 * bytes on demand: training never copies the whole set into one tensor.
 *
 * @param set the images and labels
 * @param options which examples, and the input and target format
 * @returns a source whose `batch(positions)` returns new tensors the caller disposes;
 *   positions are `0..size-1` into `options.indices` (or the set)
 * @throws {RangeError} for an unknown `normalize`; `batch` throws {RangeError} for a position out
 *   of range
 *
 * @example
 * ```ts
 * import { imageSource } from "./source.ts";
 * const set = {
 *   images: new Uint8Array([0, 255, 255, 0]), labels: new Uint8Array([1, 0]),
 *   count: 2, height: 1, width: 2, classNames: ["a", "b"],
 * };
 * const source = imageSource(set, { flatten: true });
 * const { xs, ys } = source.batch(Int32Array.of(1)); // xs [[1, 0]], ys [[1, 0]]
 * xs.dispose();
 * ys.dispose();
 * ```
 */
export function imageSource(set: ImageSet, options: ImageSourceOptions = {}): ExampleSource {
  const table = lookupTable(checkNormalize(options.normalize ?? "unit"));
  const flatten = options.flatten ?? false;
  const oneHot = options.oneHot ?? true;
  const indices = options.indices;
  const size = indices ? indices.length : set.count;
  return {
    size,
    batch(positions: Int32Array): Batch {
      let rows: ArrayLike<number> = positions;
      if (indices) {
        const mapped = new Int32Array(positions.length);
        for (let i = 0; i < positions.length; i++) {
          const p = positions[i];
          if (!(p >= 0 && p < size)) {
            throw new RangeError(
              `Cannot build a batch with position ${p} as positions must be in 0..${size - 1}`,
            );
          }
          mapped[i] = indices[p];
        }
        rows = mapped;
      }
      return buildBatch(set, rows, table, flatten, oneHot);
    },
  };
}

/**
 * The examples at `indices` (or the whole set) as one pair of tensors, for evaluation and
 * prediction of evaluation-sized sets (10,000 28×28 images are 31 MB of float32).
 *
 * @param set the images and labels
 * @param indices the examples to include, in that order; all when omitted
 * @param options input and target format (`indices` in options is ignored here)
 * @returns new tensors `{xs, ys}` the caller disposes
 * @throws {RangeError} for an index out of range or an unknown `normalize`
 */
export function toTensors(
  set: ImageSet,
  indices?: ArrayLike<number>,
  options: Omit<ImageSourceOptions, "indices"> = {},
): Batch {
  const table = lookupTable(checkNormalize(options.normalize ?? "unit"));
  const rows = indices ?? Int32Array.from({ length: set.count }, (_, i) => i);
  return buildBatch(set, rows, table, options.flatten ?? false, options.oneHot ?? true);
}

/**
 * The labels of the examples at `indices` (or all), as a new array: what metrics compare
 * predictions with.
 *
 * @param set the image set
 * @param indices the examples, in order; all when omitted
 * @returns a new `Int32Array` of labels
 */
export function labelsAt(set: ImageSet, indices?: ArrayLike<number>): Int32Array {
  if (!indices) return Int32Array.from(set.labels);
  return Int32Array.from({ length: indices.length }, (_, i) => set.labels[indices[i]]);
}

/**
 * The input values of a few examples of a source, read back as one flat array (the tensors are
 * disposed), e.g. to show what a source feeds a network or to check its pixel range.
 *
 * @param source the source
 * @param indices the examples, in order
 * @returns the inputs of those examples, concatenated
 * @example
 * ```ts
 * import { batchInputs, imageSource } from "./source.ts";
 * const images = new Uint8Array([0, 51, 102, 255]);
 * const set = { images, labels: new Uint8Array([3]), count: 1, height: 2, width: 2, classNames: [] };
 * await batchInputs(imageSource(set), [0]); // Float32Array [0, 0.2, 0.4, 1]
 * ```
 */
export async function batchInputs(
  source: ExampleSource,
  indices: ArrayLike<number>,
): Promise<Float32Array> {
  const { xs, ys } = source.batch(Int32Array.from(indices));
  try {
    return Float32Array.from(await xs.data());
  } finally {
    xs.dispose();
    ys.dispose();
  }
}
