/**
 * Feature vectors and the distances between them: the plain form every evaluation here works on,
 * so the same functions score a learned embedding and the raw-pixel baseline.
 * @module
 */

/** Feature vectors with labels: `labels.length` rows of `dim` numbers, row-major. */
export interface Features {
  /** `labels.length × dim` values */
  data: Float32Array;
  /** values per row */
  dim: number;
  /** the class of each row */
  labels: Int32Array;
}

/** Summary of a figure over random draws. */
export interface Spread {
  /** the mean */
  mean: number;
  /** the sample standard deviation (0 for one value) */
  std: number;
  /** the smallest value */
  min: number;
  /** the largest value */
  max: number;
  /** every value, in draw order */
  values: number[];
}

export function checkFeatures(f: Features, name: string): number {
  if (!Number.isInteger(f.dim) || f.dim <= 0 || f.data.length !== f.labels.length * f.dim) {
    throw new RangeError(
      `Cannot use features '${name}' as ${f.labels.length} rows of ${f.dim} values: found ` +
        `${f.data.length} values — data must hold labels.length × dim numbers`,
    );
  }
  return f.labels.length;
}

/**
 * Mean, sample standard deviation, min and max of `values`.
 *
 * @param values at least one number
 * @returns the summary (keeping a copy of the values)
 * @throws {RangeError} when `values` is empty
 *
 * @example
 * ```ts
 * import { summarize } from "./distances.ts";
 * summarize([1, 2, 3]).std; // 1
 * ```
 */
export function summarize(values: ArrayLike<number>): Spread {
  if (values.length === 0) {
    throw new RangeError("Cannot summarize no values: give at least one");
  }
  const v = Array.from(values);
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const ss = v.reduce((s, x) => s + (x - mean) ** 2, 0);
  return {
    mean,
    std: v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0,
    min: Math.min(...v),
    max: Math.max(...v),
    values: v,
  };
}

/**
 * Squared Euclidean distances from every row of `features` to every row of `references`.
 *
 * @param features `n` rows of `dim`
 * @param references `k` rows of the same `dim`, row-major
 * @returns row-major `[n, k]` distances
 * @throws {RangeError} when the shapes do not fit
 *
 * @example
 * ```ts
 * import { squaredDistancesTo } from "./distances.ts";
 * const f = { data: Float32Array.of(0, 0, 3, 4), dim: 2, labels: Int32Array.of(0, 1) };
 * squaredDistancesTo(f, Float32Array.of(0, 0)); // [0, 25]
 * ```
 */
export function squaredDistancesTo(features: Features, references: Float32Array): Float32Array {
  const n = checkFeatures(features, "features");
  const dim = features.dim;
  if (references.length % dim !== 0) {
    throw new RangeError(
      `Cannot compare with ${references.length} reference values as rows of ${dim}: ` +
        `the count must be a multiple of ${dim}`,
    );
  }
  const k = references.length / dim;
  const out = new Float32Array(n * k);
  const x = features.data;
  for (let i = 0; i < n; i++) {
    const xo = i * dim;
    for (let r = 0; r < k; r++) {
      const ro = r * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) {
        const d = x[xo + j] - references[ro + j];
        s += d * d;
      }
      out[i * k + r] = s;
    }
  }
  return out;
}

/** The rows of `features` at `positions`, as one row-major array. */
export function rowsOf(features: Features, positions: ArrayLike<number>): Float32Array {
  const dim = features.dim;
  const out = new Float32Array(positions.length * dim);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (!(p >= 0 && p < features.labels.length)) {
      throw new RangeError(
        `Cannot take row ${p} of features with ${features.labels.length} rows`,
      );
    }
    out.set(features.data.subarray(p * dim, (p + 1) * dim), i * dim);
  }
  return out;
}
