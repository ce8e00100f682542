import { assert, assertAlmostEquals, assertThrows } from "@std/assert";
import { Rng } from "../random/mod.ts";
import { pca2d } from "./pca.ts";

Deno.test("pca2d() finds the axes of an axis-aligned Gaussian cloud in 5-d", () => {
  // standard deviations 5, 2, 0.5, 0.3, 0.1 along the 5 axes, then a fixed rotation of the
  // first two axes by 30°: the main direction is (cos 30°, sin 30°, 0, 0, 0)
  const rng = new Rng(1);
  const n = 4000, dim = 5, sd = [5, 2, 0.5, 0.3, 0.1];
  const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const z = sd.map((v) => v * rng.normal());
    data[i * dim] = c * z[0] - s * z[1] + 3; // shifted mean
    data[i * dim + 1] = s * z[0] + c * z[1] - 1;
    for (let j = 2; j < dim; j++) data[i * dim + j] = z[j];
  }
  const fit = pca2d(data, dim);
  const [u, w] = fit.components;
  assertAlmostEquals(Math.abs(u[0]), c, 0.01);
  assertAlmostEquals(Math.abs(u[1]), s, 0.01);
  assertAlmostEquals(Math.abs(w[0]), s, 0.01);
  assertAlmostEquals(Math.abs(w[1]), c, 0.01);
  assertAlmostEquals(fit.variance[0], 25, 1.5);
  assertAlmostEquals(fit.variance[1], 4, 0.3);
  const total = 25 + 4 + 0.25 + 0.09 + 0.01;
  assertAlmostEquals(fit.explainedRatio[0], 25 / total, 0.02);
  assertAlmostEquals(fit.mean[0], 3, 0.2);
  // unit, orthogonal, sign fixed (largest entry positive)
  let uu = 0, uw = 0;
  for (let j = 0; j < dim; j++) {
    uu += u[j] * u[j];
    uw += u[j] * w[j];
  }
  assertAlmostEquals(uu, 1, 1e-9);
  assertAlmostEquals(uw, 0, 1e-9);
  assert(u[0] > 0 && w[1] > 0);
  // projected points have the variances of the components and mean 0
  let m0 = 0, v0 = 0;
  for (let i = 0; i < n; i++) m0 += fit.points[2 * i] / n;
  for (let i = 0; i < n; i++) v0 += (fit.points[2 * i] - m0) ** 2 / (n - 1);
  assertAlmostEquals(m0, 0, 1e-3);
  assertAlmostEquals(v0, fit.variance[0], 0.01);
});

Deno.test("pca2d() is deterministic and handles a degenerate line", () => {
  const line = Float32Array.of(0, 0, 1, 2, 2, 4, 3, 6);
  const a = pca2d(line, 2);
  const b = pca2d(line, 2);
  assertAlmostEquals(a.explainedRatio[0], 1, 1e-9);
  assertAlmostEquals(a.components[0][0], 1 / Math.sqrt(5), 1e-9);
  assertAlmostEquals(a.components[0][1], 2 / Math.sqrt(5), 1e-9);
  for (let i = 0; i < 8; i++) assertAlmostEquals(a.points[i], b.points[i], 0);
  for (let i = 0; i < 4; i++) assertAlmostEquals(a.points[2 * i + 1], 0, 1e-6);
  const flat = pca2d(new Float32Array(6), 3); // no variance
  assertAlmostEquals(flat.explainedRatio[0], 0, 0);
});

Deno.test("pca2d() rejects data that is not rows of at least 2 values", () => {
  assertThrows(() => pca2d(new Float32Array(5), 2), RangeError, "5 values as rows of 2");
  assertThrows(() => pca2d(new Float32Array(2), 2), RangeError, "at least 2 rows");
  assertThrows(() => pca2d(new Float32Array(4), 1), RangeError, "rows of 1");
});
