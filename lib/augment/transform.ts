/**
 * Augmentation parameters as projective matrices, and the inverse map that
 * `tf.image.transform` wants (output pixel → input pixel).
 * @module
 */
import { inv3, type Mat3, mul3, solve } from "./_matrix.ts";
import type { AugmentParams, Corners } from "./params.ts";

export type { Mat3 } from "./_matrix.ts";

/**
 * The forward affine map (input pixel → output pixel) of torchvision's `affine`: rotation,
 * scale and shear about the image centre, then translation:
 * `M = T(translate) · C · R(angle)·S(scale)·SHy(shearY)·SHx(shearX) · C⁻¹`.
 *
 * @param params angle, translation, scale and shears (the perspective field is ignored)
 * @param size `[height, width]`; the centre is `((width-1)/2, (height-1)/2)` in pixel coordinates
 * @returns a 3×3 row-major matrix acting on `[x, y, 1]`
 *
 * @example
 * ```ts
 * import { affineMatrix } from "./transform.ts";
 * import { IDENTITY_PARAMS } from "./params.ts";
 * affineMatrix({ ...IDENTITY_PARAMS, translateX: 3 }, [8, 8])[0][2]; // 3
 * ```
 */
export function affineMatrix(params: AugmentParams, size: [number, number]): Mat3 {
  const [h, w] = size;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const rad = Math.PI / 180;
  const a = params.angle * rad, sx = params.shearX * rad, sy = params.shearY * rad;
  const s = params.scale;
  const m00 = s * Math.cos(a - sy) / Math.cos(sy);
  const m01 = s * (-Math.cos(a - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(a));
  const m10 = s * Math.sin(a - sy) / Math.cos(sy);
  const m11 = s * (-Math.sin(a - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(a));
  const rss: Mat3 = [[m00, m01, 0], [m10, m11, 0], [0, 0, 1]];
  const toCentre: Mat3 = [[1, 0, cx + params.translateX], [0, 1, cy + params.translateY], [
    0,
    0,
    1,
  ]];
  const fromCentre: Mat3 = [[1, 0, -cx], [0, 1, -cy], [0, 0, 1]];
  return mul3(mul3(toCentre, rss), fromCentre);
}

/**
 * The homography that maps each `from` corner onto the matching `to` corner.
 *
 * @param from four source points
 * @param to four destination points
 * @returns a 3×3 matrix normalised so that its bottom-right entry is 1
 * @throws {RangeError} when three of the points are collinear
 */
export function homography(from: Corners, to: Corners): Mat3 {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i];
    const [u, v] = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  const c = solve(a, b);
  return [[c[0], c[1], c[2]], [c[3], c[4], c[5]], [c[6], c[7], 1]];
}

/**
 * The forward map of one draw (input pixel → output pixel): the affine step, then the perspective step.
 *
 * @param params one draw
 * @param size `[height, width]`
 * @returns a 3×3 matrix
 */
export function forwardMatrix(params: AugmentParams, size: [number, number]): Mat3 {
  const affine = affineMatrix(params, size);
  if (params.perspective === null) return affine;
  return mul3(homography(params.perspective.start, params.perspective.end), affine);
}

/**
 * The 8 coefficients `[a0, a1, a2, b0, b1, b2, c0, c1]` that `tf.image.transform` takes for one
 * draw: the inverse of {@linkcode forwardMatrix}, mapping each output pixel to the input point it
 * samples. Both steps are composed into one resampling (torchvision resamples twice).
 *
 * @param params one draw
 * @param size `[height, width]`
 * @returns 8 numbers
 * @throws {RangeError} when the draw is degenerate (e.g. scale 0)
 *
 * @example
 * ```ts
 * import { inverseTransformCoefficients } from "./transform.ts";
 * import { IDENTITY_PARAMS } from "./params.ts";
 * inverseTransformCoefficients(IDENTITY_PARAMS, [84, 84]); // [1, 0, 0, 0, 1, 0, 0, 0]
 * ```
 */
export function inverseTransformCoefficients(
  params: AugmentParams,
  size: [number, number],
): number[] {
  const m = inv3(forwardMatrix(params, size));
  const k = m[2][2];
  const out = [m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1]].map((v) =>
    v / k
  );
  // Tidy -0 and round-off so that the identity is exactly the identity.
  return out.map((v) => Math.abs(v) < 1e-12 ? 0 : Math.abs(v - 1) < 1e-12 ? 1 : v);
}
