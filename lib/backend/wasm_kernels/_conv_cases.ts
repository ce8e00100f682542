/**
 * Conv2d shapes the kernel tests run: strides 1 and 2 (and 3, and unequal), same, valid and
 * explicit padding, odd sizes, batch 1 and more, 1 and more channels, channel counts that
 * exercise every SIMD tail of the kernels and each of their paths (Winograd, the matrix
 * product, the few-channel kernels), and two real layers (small sizes keep the cpu reference
 * fast).
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** One conv2d configuration. */
export interface ConvCase {
  /** the conv input shape [N, H, W, CI] */
  x: [number, number, number, number];
  /** the filter shape [KH, KW, CI, CO] */
  filter: [number, number, number, number];
  /** strides */
  strides: number | [number, number];
  /** padding */
  pad: "same" | "valid" | [[number, number], [number, number], [number, number], [number, number]];
}

/** The cases. */
export const CONV_CASES: readonly ConvCase[] = [
  { x: [1, 7, 7, 1], filter: [3, 3, 1, 1], strides: 1, pad: "valid" },
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 8], strides: 1, pad: "same" },
  { x: [3, 11, 7, 5], filter: [3, 2, 5, 13], strides: 2, pad: "valid" },
  { x: [2, 10, 10, 4], filter: [4, 4, 4, 9], strides: 2, pad: "same" },
  { x: [1, 8, 9, 7], filter: [5, 5, 7, 3], strides: 2, pad: "same" },
  { x: [4, 6, 6, 2], filter: [1, 1, 2, 4], strides: 1, pad: "valid" },
  { x: [2, 13, 5, 6], filter: [3, 3, 6, 16], strides: [2, 1], pad: "same" },
  { x: [1, 12, 12, 3], filter: [2, 2, 3, 5], strides: 3, pad: "valid" },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 6], strides: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [1, 7, 6, 1], filter: [3, 3, 1, 1], strides: 2, pad: "same" },
  { x: [1, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: "valid" },
  // Winograd (3×3, stride 1, ≥ 4 channels): channel counts off multiples of 4 and 8, odd
  // sizes, batch 1, one output channel, explicit padding.
  { x: [2, 7, 9, 5], filter: [3, 3, 5, 7], strides: 1, pad: "same" },
  { x: [1, 6, 5, 4], filter: [3, 3, 4, 1], strides: 1, pad: "valid" },
  { x: [2, 8, 7, 6], filter: [3, 3, 6, 9], strides: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  // The matrix product with more channels: 4×4 stride 2 (the cDCGAN's layers).
  { x: [1, 5, 5, 8], filter: [4, 4, 8, 6], strides: 2, pad: "valid" },
  { x: [2, 84, 28, 1], filter: [4, 4, 1, 32], strides: 2, pad: "same" },
];

/**
 * The conv output shape of a case.
 * @param c the case
 * @returns [N, OH, OW, CO]
 */
export function outShapeOf(c: ConvCase): [number, number, number, number] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

/**
 * A short label for a case.
 * @param c the case
 * @returns e.g. "x 2x9x8x3 f 3x3x3x8 s1 same"
 */
export function labelOf(c: ConvCase): string {
  const pad = typeof c.pad === "string" ? c.pad : "explicit";
  return `x ${c.x.join("x")} f ${c.filter.join("x")} s${c.strides} ${pad}`;
}
