/**
 * Principal component analysis down to two dimensions, for drawing 128-d embeddings.
 * @module
 */

/** A two-component PCA of some rows, and the rows projected on it. */
export interface Pca2d {
  /** the projected rows, row-major `[n, 2]` */
  points: Float32Array;
  /** the mean row that was subtracted */
  mean: Float64Array;
  /** the two unit principal directions, each of `dim` values */
  components: [Float64Array, Float64Array];
  /** the variance along each direction */
  variance: [number, number];
  /** the share of the total variance each direction explains */
  explainedRatio: [number, number];
}

/** Options of {@linkcode pca2d}. */
export interface Pca2dOptions {
  /** iterations of the power method @default 300 */
  iterations?: number;
}

function normalize(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  if (n > 0) { for (let i = 0; i < v.length; i++) v[i] /= n; }
  return n;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Projects `n` rows of `dim` values onto their two main directions of variance.
 *
 * Builds the `dim × dim` covariance and finds its two leading eigenvectors by orthogonal
 * (subspace) power iteration from a fixed start, so the result is deterministic. Each direction's
 * sign is fixed so that its largest-magnitude entry is positive.
 *
 * @param data row-major `n × dim` values
 * @param dim values per row
 * @param options iterations
 * @returns the projection and the fit
 * @throws {RangeError} when `data` is not `n × dim` with `n ≥ 2` and `dim ≥ 2`
 *
 * @example
 * ```ts
 * import { pca2d } from "./pca.ts";
 * // points on the line y = 2x: one direction holds all the variance
 * const fit = pca2d(Float32Array.of(0, 0, 1, 2, 2, 4, 3, 6), 2);
 * fit.explainedRatio[0]; // 1 (up to rounding)
 * ```
 */
export function pca2d(data: ArrayLike<number>, dim: number, options: Pca2dOptions = {}): Pca2d {
  if (!Number.isInteger(dim) || dim < 2 || data.length % dim !== 0 || data.length / dim < 2) {
    throw new RangeError(
      `Cannot fit a 2-d PCA to ${data.length} values as rows of ${dim}: need at least 2 rows ` +
        `of at least 2 values`,
    );
  }
  const n = data.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += data[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) row[j] = data[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const o = a * dim;
      for (let b = a; b < dim; b++) cov[o + b] += ra * row[b];
    }
  }
  let total = 0;
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      cov[a * dim + b] /= n - 1;
      cov[b * dim + a] = cov[a * dim + b];
    }
    total += cov[a * dim + a];
  }
  const mul = (v: Float64Array): Float64Array<ArrayBuffer> => {
    const out = new Float64Array(dim);
    for (let a = 0; a < dim; a++) {
      let s = 0;
      const o = a * dim;
      for (let b = 0; b < dim; b++) s += cov[o + b] * v[b];
      out[a] = s;
    }
    return out;
  };
  // fixed, generic start vectors
  let u: Float64Array<ArrayBuffer> = Float64Array.from(
    { length: dim },
    (_, i) => 1 + Math.sin(i + 1),
  );
  let w: Float64Array<ArrayBuffer> = Float64Array.from(
    { length: dim },
    (_, i) => Math.cos(3 * i + 1),
  );
  normalize(u);
  const orthonormalize = () => {
    const c = dot(w, u);
    for (let i = 0; i < dim; i++) w[i] -= c * u[i];
    if (normalize(w) === 0) {
      w = Float64Array.from({ length: dim }, (_, i) => (i === 0 ? -u[1] : i === 1 ? u[0] : 0));
      if (normalize(w) === 0) w[2 % dim] = 1;
    }
  };
  orthonormalize();
  const iterations = options.iterations ?? 300;
  for (let it = 0; it < iterations; it++) {
    u = mul(u);
    w = mul(w);
    if (normalize(u) === 0) break; // no variance at all
    orthonormalize();
  }
  // order the two by variance (subspace iteration may converge with them swapped)
  let v1 = dot(u, mul(u)), v2 = dot(w, mul(w));
  if (v2 > v1) {
    [u, w] = [w, u];
    [v1, v2] = [v2, v1];
  }
  for (const c of [u, w]) {
    let big = 0;
    for (let i = 1; i < dim; i++) if (Math.abs(c[i]) > Math.abs(c[big])) big = i;
    if (c[big] < 0) { for (let i = 0; i < dim; i++) c[i] = -c[i]; }
  }
  const points = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let p = 0, q = 0;
    for (let j = 0; j < dim; j++) {
      const x = data[i * dim + j] - mean[j];
      p += x * u[j];
      q += x * w[j];
    }
    points[2 * i] = p;
    points[2 * i + 1] = q;
  }
  return {
    points,
    mean,
    components: [u, w],
    variance: [v1, v2],
    explainedRatio: total > 0 ? [v1 / total, v2 / total] : [0, 0],
  };
}
