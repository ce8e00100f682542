/**
 * The fixed 10×10 grid of numbers A drew after every epoch, and helpers to show such grids.
 * @module
 */

/**
 * The 100 numbers of the 10×10 progress grid: row r, column c shows the number with digits
 * `r`, `c`, `(r + c) mod 10`, so every digit appears ten times in every position and each row
 * and column reads at a glance. (A's own list of 100 combinations is not recorded; this one has
 * the same size and covers every digit evenly.)
 *
 * @example
 * ```ts
 * import { FIXED_NUMBERS } from "./grid.ts";
 * FIXED_NUMBERS[0]; // 0 ("000")
 * FIXED_NUMBERS[23]; // 235 (row 2, column 3: "235")
 * ```
 */
export const FIXED_NUMBERS: readonly number[] = Object.freeze(
  Array.from({ length: 100 }, (_, i) => {
    const r = Math.floor(i / 10);
    const c = i % 10;
    return 100 * r + 10 * c + (r + c) % 10;
  }),
);

/**
 * Shrinks square grey images by an integer factor, averaging each `factor × factor` block (e.g.
 * 84×84 → 42×42, so that an animation of 100 images per frame stays small enough to embed).
 *
 * @param images `count × size × size` grey bytes, row-major
 * @param size the side of each image
 * @param factor the shrink factor; must divide `size`
 * @returns `count × (size/factor)²` bytes
 * @throws {RangeError} when `factor` does not divide `size` or the buffer holds no whole images
 * @example
 * ```ts
 * import { downsampleImages } from "./grid.ts";
 * downsampleImages(Uint8Array.of(0, 255, 255, 255), 2, 2); // Uint8Array [191]
 * ```
 */
export function downsampleImages(images: Uint8Array, size: number, factor: number): Uint8Array {
  if (!Number.isInteger(factor) || factor < 1 || size % factor !== 0) {
    throw new RangeError(
      `Cannot shrink ${size}×${size} images by ${factor} as the factor must be a positive ` +
        `integer dividing ${size} — pass e.g. 2`,
    );
  }
  const px = size * size;
  if (images.length % px !== 0) {
    throw new RangeError(
      `Cannot shrink ${images.length} bytes as ${size}×${size} images as it is not a multiple of ${px}`,
    );
  }
  const count = images.length / px;
  const s = size / factor;
  const out = new Uint8Array(count * s * s);
  const area = factor * factor;
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          const row = n * px + (y * factor + dy) * size + x * factor;
          for (let dx = 0; dx < factor; dx++) sum += images[row + dx];
        }
        out[n * s * s + y * s + x] = Math.round(sum / area);
      }
    }
  }
  return out;
}

/**
 * Which epochs to keep as animation frames: at most `max`, evenly spread, always the first and
 * the last.
 *
 * @param epochs the number of epochs
 * @param max the most frames to keep
 * @returns ascending 1-based epochs
 * @example
 * ```ts
 * import { frameEpochs } from "./grid.ts";
 * frameEpochs(200, 5); // [1, 51, 101, 150, 200]
 * ```
 */
export function frameEpochs(epochs: number, max: number): number[] {
  if (epochs <= max) return Array.from({ length: epochs }, (_, i) => i + 1);
  if (max === 1) return [epochs];
  const set = new Set<number>();
  for (let k = 0; k < max; k++) set.add(Math.round(1 + (k * (epochs - 1)) / (max - 1)));
  return [...set].sort((a, b) => a - b);
}
