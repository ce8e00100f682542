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
