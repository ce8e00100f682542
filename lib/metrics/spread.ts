/**
 * The spread of a figure over repeated runs (seeds): mean and sample standard deviation.
 * @module
 */

/** Mean and sample standard deviation of some values. */
export interface MeanSd {
  /** the mean */
  mean: number;
  /** the sample standard deviation (n − 1); 0 for one value */
  sd: number;
  /** how many values */
  n: number;
}

/**
 * The mean and sample standard deviation.
 *
 * @param values at least one number
 * @returns `{ mean, sd, n }`
 * @throws {RangeError} when `values` is empty
 * @example
 * ```ts
 * import { meanSd } from "./spread.ts";
 * meanSd([0.9, 0.92, 0.94]); // { mean: 0.92, sd: 0.02, n: 3 } (to rounding)
 * ```
 */
export function meanSd(values: readonly number[]): MeanSd {
  if (values.length === 0) {
    throw new RangeError("Cannot take the mean of no values: expected at least one run's figure");
  }
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, sd, n };
}
