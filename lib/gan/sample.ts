/**
 * Drawing Triple-MNIST images of requested numbers from a trained conditional GAN.
 *
 * - A GAN of whole images (A's cDCGAN, `digits: 3`) draws each 84×84 image in one go.
 * - A GAN of single digits (`digitGan`, `digits: 1`) draws the three digits of each number and
 *   places them as the data set is made: digit l in columns [28l, 28l + 28) at a random height
 *   in [0, 56), on black.
 *
 * Every random choice (noise, heights) comes from one seeded stream, image after image: the same
 * seed gives the same images, and the first k images do not depend on how many are drawn. Using
 * one seed after every epoch is what "fixed noise" means.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import {
  digitsOf,
  MAX_DIGIT_OFFSET,
  placeDigits,
  TRIPLE_MNIST_PIXELS,
} from "../triple_mnist/mod.ts";
import type { ConditionalGenerator } from "../models/gan_types.ts";

/** Options of {@linkcode sampleTriples}. */
export interface SampleTriplesOptions {
  /** seed of the noise and the digit heights */
  seed: number;
  /**
   * generator inputs per forward pass
   * @default 256
   */
  batchSize?: number;
}

/** Generator output in [-1, 1] as bytes 0–255 (black background = 0). */
function toBytes(values: Float32Array | Int32Array | Uint8Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = Math.max(0, Math.min(255, Math.round((values[i] + 1) * 127.5)));
  }
  return out;
}

async function generate(
  gan: ConditionalGenerator,
  noise: Float32Array,
  labels: Int32Array,
  batchSize: number,
): Promise<Uint8Array> {
  const n = labels.length / gan.digits;
  const pixels = gan.imageSize * gan.imageSize;
  const out = new Uint8Array(n * pixels);
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const z = tf.tensor2d(noise.subarray(start * gan.latentDim, (start + b) * gan.latentDim), [
        b,
        gan.latentDim,
      ]);
      const y = tf.tensor2d(labels.subarray(start * gan.digits, (start + b) * gan.digits), [
        b,
        gan.digits,
      ], "int32");
      return gan.generator.apply([z, y], { training: false }) as tf.Tensor;
    });
    try {
      out.set(toBytes(await values.data() as Float32Array), start * pixels);
    } finally {
      values.dispose();
    }
  }
  return out;
}

/**
 * Draws one 84×84 image of each requested number.
 *
 * @param gan a trained conditional GAN: whole images (`digits: 3`, 84×84) or single digits
 *   (`digits: 1`, 28×28)
 * @param numbers the numbers int(ddd) to draw, in [0, 1000)
 * @param options seed and forward-pass size
 * @returns a Promise of `numbers.length × 84 × 84` grey bytes (0 = black), row-major, read back
 *   asynchronously (so it works on webgpu)
 * @throws {RangeError} when a number is outside [0, 1000) (the Promise rejects)
 * @throws {TypeError} when the GAN draws neither whole images nor single digits (the Promise
 *   rejects)
 * @example
 * ```ts ignore
 * const images = await sampleTriples(gan, [42, 907], { seed: 1 }); // two images: "042" and "907"
 * ```
 */
export async function sampleTriples(
  gan: ConditionalGenerator,
  numbers: ArrayLike<number>,
  options: SampleTriplesOptions,
): Promise<Uint8Array> {
  const n = numbers.length;
  const rng = new Rng(options.seed);
  const batchSize = options.batchSize ?? 256;
  const digits = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) digits.set(digitsOf(numbers[i]), 3 * i);
  if (gan.digits === 3 && gan.imageSize === 84) {
    const noise = new Float32Array(n * gan.latentDim);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
    return await generate(gan, noise, digits, batchSize);
  }
  if (gan.digits !== 1 || gan.imageSize !== 28) {
    throw new TypeError(
      `Cannot draw Triple-MNIST images with GAN '${gan.name}' as it must draw 84×84 images of ` +
        `3 digits or 28×28 images of 1: it draws ${gan.imageSize}×${gan.imageSize} of ${gan.digits}`,
    );
  }
  // per image: the noise of its three digits, then their three heights
  const noise = new Float32Array(3 * n * gan.latentDim);
  const heights = new Int32Array(3 * n);
  const per = 3 * gan.latentDim;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < per; k++) noise[i * per + k] = rng.normal();
    for (let l = 0; l < 3; l++) heights[3 * i + l] = rng.int(MAX_DIGIT_OFFSET);
  }
  const drawn = await generate(gan, noise, digits, 3 * batchSize);
  const images = new Uint8Array(n * TRIPLE_MNIST_PIXELS);
  for (let i = 0; i < n; i++) {
    const three = [0, 1, 2].map((l) => drawn.subarray((3 * i + l) * 784, (3 * i + l + 1) * 784));
    placeDigits(images, i * TRIPLE_MNIST_PIXELS, three, heights.subarray(3 * i, 3 * i + 3));
  }
  return images;
}
