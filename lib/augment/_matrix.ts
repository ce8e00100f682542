/**
 * Small dense linear algebra for 3×3 projective matrices (row-major, `m[row][col]`).
 * @module
 */

/** A 3×3 matrix, row-major. */
export type Mat3 = [[number, number, number], [number, number, number], [number, number, number]];

/** The 3×3 identity. */
export function identity3(): Mat3 {
  return [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
}

/** `a · b`. */
export function mul3(a: Mat3, b: Mat3): Mat3 {
  const r = identity3();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
    }
  }
  return r;
}

/** The inverse of `m`; throws RangeError when it is singular. */
export function inv3(m: Mat3): Mat3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new RangeError(`Cannot invert a transform as its matrix is singular: determinant ${det}`);
  }
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

/** Applies `m` to the point (x, y) with the projective division. */
export function apply3(m: Mat3, x: number, y: number): [number, number] {
  const k = m[2][0] * x + m[2][1] * y + m[2][2];
  return [(m[0][0] * x + m[0][1] * y + m[0][2]) / k, (m[1][0] * x + m[1][1] * y + m[1][2]) / k];
}

/** Solves `a · x = b` by Gaussian elimination with partial pivoting (a is n×n; copies made). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    }
    if (Math.abs(m[pivot][col]) < 1e-12) {
      throw new RangeError(
        `Cannot solve for a perspective transform as its points are degenerate: pivot ${
          m[pivot][col]
        }`,
      );
    }
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      if (f === 0) continue;
      for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}
