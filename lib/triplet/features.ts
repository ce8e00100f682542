/**
 * Feature vectors for evaluation: the raw-pixel baseline, and the embedding a network computes,
 * on D's input normalisation.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ImageSet } from "../data/mod.ts";
import type { Features } from "./distances.ts";
import { capExamples } from "../config/max_steps.ts";

/** The MNIST pixel mean D normalised with (after scaling to [0, 1]). */
export const MNIST_MEAN = 0.1307;
/** The MNIST pixel standard deviation D normalised with. */
export const MNIST_STD = 0.3081;

function rowsOrAll(set: ImageSet, indices?: ArrayLike<number>): ArrayLike<number> {
  const rows = indices ?? Int32Array.from({ length: set.count }, (_, i) => i);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(Number.isInteger(r) && r >= 0 && r < set.count)) {
      throw new RangeError(
        `Cannot take image ${r} of a set of ${set.count}: indices must be in 0..${set.count - 1}`,
      );
    }
  }
  return rows;
}

/**
 * The raw-pixel baseline's features: each image's pixels scaled to [0, 1], one row per image.
 * Nearest neighbours on these are what the learned embedding has to beat.
 *
 * @param set the images
 * @param indices which images, in order; all when omitted
 * @returns `height·width` values per image, with the images' labels
 * @throws {RangeError} for an index out of range
 *
 * @example
 * ```ts
 * import { pixelFeatures } from "./features.ts";
 * const set = { images: Uint8Array.of(0, 255), labels: Uint8Array.of(3), count: 1,
 *   height: 1, width: 2, classNames: ["0", "1", "2", "3"] };
 * pixelFeatures(set).data; // [0, 1]
 * ```
 */
export function pixelFeatures(set: ImageSet, indices?: ArrayLike<number>): Features {
  const rows = rowsOrAll(set, indices);
  const dim = set.height * set.width;
  const data = new Float32Array(rows.length * dim);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const src = set.images.subarray(rows[i] * dim, (rows[i] + 1) * dim);
    for (let j = 0; j < dim; j++) data[i * dim + j] = src[j] / 255;
    labels[i] = set.labels[rows[i]];
  }
  return { data, dim, labels };
}

/** How images are shaped for an embedding network. */
export interface EmbeddingInputOptions {
  /** the side the images are resized to (bilinear) @default the set's height */
  size?: number;
  /** grey repeated over this many channels (D repeated it 3 times) @default 1 */
  channels?: number;
}

/**
 * Images as a network input: scaled to [0, 1], normalised with D's `(x − 0.1307) / 0.3081`,
 * resized to `size × size` (D: 224) and the grey channel repeated `channels` times (D: 3).
 *
 * @param set the images
 * @param indices which images, in order
 * @param options size and channels
 * @returns `[n, size, size, channels]`, a new tensor the caller disposes
 * @throws {RangeError} for an index out of range or a size/channel count that is not a positive
 *   integer
 */
export function embeddingInput(
  set: ImageSet,
  indices: ArrayLike<number>,
  options: EmbeddingInputOptions = {},
): tf.Tensor4D {
  const rows = rowsOrAll(set, indices);
  const size = options.size ?? set.height;
  const channels = options.channels ?? 1;
  for (const [name, v] of [["size", size], ["channels", channels]] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new RangeError(`Cannot shape images with ${name} ${v}: it must be a positive integer`);
    }
  }
  const dim = set.height * set.width;
  const data = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) {
    const src = set.images.subarray(rows[i] * dim, (rows[i] + 1) * dim);
    for (let j = 0; j < dim; j++) data[i * dim + j] = (src[j] / 255 - MNIST_MEAN) / MNIST_STD;
  }
  return tf.tidy(() => {
    let x: tf.Tensor4D = tf.tensor4d(data, [rows.length, set.height, set.width, 1]);
    if (size !== set.height || size !== set.width) x = tf.image.resizeBilinear(x, [size, size]);
    if (channels !== 1) x = tf.tile(x, [1, 1, 1, channels]);
    return x;
  });
}

/** Options of {@linkcode embedImages}. */
export interface EmbedOptions extends EmbeddingInputOptions {
  /** images per forward pass @default 256 */
  batchSize?: number;
}

/**
 * Runs `model` (in inference mode) over images and collects its outputs as features, one flat
 * row per image (so a sub-model ending at a conv block works too).
 *
 * Under `NOTEBOOK_MAX_STEPS=N` (a run that only checks that the code runs) it embeds the first N
 * batches of images only.
 *
 * @param model an embedding network whose input matches `size` and `channels`
 * @param set the images
 * @param indices which images, in order; all when omitted
 * @param options input shape and batch size
 * @returns a Promise of one embedding row per image, with the images' labels (read back
 *   asynchronously, so it works on webgpu); leaves no tensors behind
 * @throws {RangeError} for an index out of range or a bad batch size (the Promise rejects)
 */
export async function embedImages(
  model: tf.LayersModel,
  set: ImageSet,
  indices?: ArrayLike<number>,
  options: EmbedOptions = {},
): Promise<Features> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`Cannot embed in batches of ${batchSize}: use a positive integer`);
  }
  const all = rowsOrAll(set, indices);
  // under NOTEBOOK_MAX_STEPS, a check that the code runs: the first batches only
  const kept = capExamples(all.length, batchSize);
  const rows = kept === all.length ? all : Array.from({ length: kept }, (_, i) => all[i]);
  // an output of any rank (e.g. a conv block's feature maps) becomes one flat row per image
  const dim = model.outputs[0].shape.slice(1).reduce((a: number, b) => a * (b as number), 1);
  const data = new Float32Array(rows.length * dim);
  for (let start = 0; start < rows.length; start += batchSize) {
    const end = Math.min(rows.length, start + batchSize);
    const part = Array.from({ length: end - start }, (_, i) => rows[start + i]);
    const out = tf.tidy(() => model.predict(embeddingInput(set, part, options)) as tf.Tensor);
    try {
      data.set(await out.data() as Float32Array, start * dim);
    } finally {
      out.dispose();
    }
  }
  const labels = Int32Array.from({ length: rows.length }, (_, i) => set.labels[rows[i]]);
  return { data, dim, labels };
}

/**
 * All squared Euclidean distances from the rows of `a` to the rows of `b`, computed with the
 * backend's matrix product (`‖x‖² − 2x·y + ‖y‖²`, clipped at 0) in chunks of `a`'s rows: for
 * one-shot evaluation of many queries against a pool of references.
 *
 * @param a `n` rows
 * @param b `m` rows of the same dimension
 * @param chunk rows of `a` per matrix product @default 2048
 * @returns a Promise of the row-major `[n, m]` distances (read back asynchronously, so it works
 *   on webgpu); leaves no tensors behind
 * @throws {RangeError} when the dimensions differ (the Promise rejects)
 *
 * @example
 * ```ts
 * import { squaredDistanceMatrix } from "./features.ts";
 * const a = { data: Float32Array.of(0, 0, 3, 4), dim: 2, labels: Int32Array.of(0, 1) };
 * await squaredDistanceMatrix(a, a); // [0, 25, 25, 0]
 * ```
 */
export async function squaredDistanceMatrix(
  a: Features,
  b: Features,
  chunk = 2048,
): Promise<Float32Array> {
  if (a.dim !== b.dim) {
    throw new RangeError(`Cannot measure distances between rows of ${a.dim} and ${b.dim} values`);
  }
  const n = a.labels.length, m = b.labels.length, dim = a.dim;
  const out = new Float32Array(n * m);
  const bt = tf.tensor2d(b.data, [m, dim]);
  const bNorm = tf.tidy(() => tf.sum(tf.square(bt), 1).reshape([1, m]));
  try {
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const part = tf.tidy(() => {
        const at = tf.tensor2d(a.data.subarray(start * dim, (start + rows) * dim), [rows, dim]);
        const aNorm = tf.sum(tf.square(at), 1, true);
        const dots = tf.matMul(at, bt, false, true);
        return tf.relu(tf.add(tf.sub(aNorm, tf.mul(dots, 2)), bNorm));
      });
      try {
        out.set(await part.data() as Float32Array, start * m);
      } finally {
        part.dispose();
      }
    }
  } finally {
    tf.dispose([bt, bNorm]);
  }
  return out;
}

/**
 * How long a network's forward pass takes per image: one warm-up pass over a batch of zeros,
 * then one timed pass, waited for until its output is read back.
 *
 * @param net the network (its input shape fixes the image size)
 * @param batchSize the images of the timed batch (default 8)
 * @returns milliseconds per image, to one decimal
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { msPerImage } from "./features.ts";
 * const net = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
 * (await msPerImage(net)) >= 0; // true
 * net.dispose();
 * ```
 */
export async function msPerImage(net: tf.LayersModel, batchSize = 8): Promise<number> {
  const x = tf.zeros([batchSize, ...(net.inputs[0].shape.slice(1) as number[])]);
  const pass = async () => {
    const y = tf.tidy(() => net.predict(x) as tf.Tensor);
    await y.data();
    y.dispose();
  };
  try {
    await pass(); // warm-up
    const t0 = performance.now();
    await pass();
    return Math.round((performance.now() - t0) / batchSize * 10) / 10;
  } finally {
    x.dispose();
  }
}
