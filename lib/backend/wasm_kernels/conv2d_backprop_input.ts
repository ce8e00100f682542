/**
 * `Conv2DBackpropInput` for the wasm backend, replacing its plain loop: the gradient of a conv2d
 * with respect to its input, which is also the forward pass of `conv2dTranspose`.
 *
 * - 3×3, stride 1: the "full" convolution of dy with the filter turned 180° and its channels
 *   swapped, by Winograd F(2×2, 3×3) (winograd.c).
 * - Otherwise, s×s sub-pixel phases (s the stride): the dx pixels whose (row + pad) % s is the
 *   same are reached by the same filter taps, so each phase is a stride-1 convolution of dy with
 *   a smaller filter, run as one implicit GEMM (gemm.c) that writes its pixels straight into
 *   their places in dx. No multiply is wasted on the zeros a strided transposed convolution
 *   inserts, and a phase that no tap reaches gets zeros.
 * - With fewer than 4 input channels (an image's gradient, a generator's last layer), kernels.c
 *   computes dx directly: dot products over the output channels (a GEMM's tiles would be mostly
 *   empty).
 * @module
 */
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  assertFloat32,
  f32View,
  free,
  type KernelArgs,
  makeOutput,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import { runGemm } from "./_gemm.ts";
import { winogradConv } from "./_winograd.ts";

/** One sub-pixel phase along one axis: which taps reach it and which rows it covers. */
interface Phase {
  /** the residue r = (i + pad) mod stride of the dx rows in this phase */
  r: number;
  /** the number of filter taps r, r+s, r+2s, … below the filter size */
  taps: number;
  /** the first phase row q (dx row i = q*s + r - pad) */
  q0: number;
  /** the number of phase rows that land inside dx */
  count: number;
  /** padding of dy before the phase convolution (negative: crop) */
  padBefore: number;
  /** padding of dy after it (negative: crop) */
  padAfter: number;
}

function phaseOf(
  r: number,
  k: number,
  s: number,
  pad: number,
  size: number,
  dySize: number,
): Phase {
  const taps = r < k ? Math.ceil((k - r) / s) : 0;
  const q0 = Math.max(0, Math.ceil((pad - r) / s));
  const q1 = Math.floor((size - 1 + pad - r) / s);
  const count = Math.max(0, q1 - q0 + 1);
  return { r, taps, q0, count, padBefore: taps - 1 - q0, padAfter: q1 - dySize + 1 };
}

/**
 * The phase filter: fSub[th, tw, co, ci] = f[rh + (Jh-1-th)*sh, rw + (Jw-1-tw)*sw, ci, co].
 */
function phaseFilter(
  backend: WasmBackend,
  filter: TensorInfo,
  ph: Phase,
  pw: Phase,
  sh: number,
  sw: number,
): TensorInfo {
  const [, kw, ci, co] = filter.shape;
  const out = makeOutput(backend, [ph.taps, pw.taps, co, ci]);
  const src = f32View(backend, filter);
  const dst = f32View(backend, out);
  let o = 0;
  for (let th = 0; th < ph.taps; th++) {
    const fh = ph.r + (ph.taps - 1 - th) * sh;
    for (let tw = 0; tw < pw.taps; tw++) {
      const fw = pw.r + (pw.taps - 1 - tw) * sw;
      const base = (fh * kw + fw) * ci * co;
      for (let c = 0; c < co; c++) {
        for (let i = 0; i < ci; i++) dst[o++] = src[base + i * co + c];
      }
    }
  }
  return out;
}

/**
 * One phase as an implicit GEMM written straight into dx: its pixels (rows) are the stride-1
 * convolution of dy with the phase filter, landing at every s-th row and column of dx. A phase
 * that no tap reaches gets zeros (a product over nothing).
 */
function phaseGemm(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  dx: TensorInfo,
  ph: Phase,
  pw: Phase,
  sh: number,
  sw: number,
  pt: number,
  pl: number,
): void {
  if (ph.count === 0 || pw.count === 0) return;
  const [n, oh, ow, co] = dy.shape;
  const [, h, w, ci] = dx.shape;
  const taps = ph.taps * pw.taps;
  const sub = taps > 0 ? phaseFilter(backend, filter, ph, pw, sh, sw) : undefined;
  try {
    runGemm(backend, {
      m: n * ph.count * pw.count,
      n: ci,
      k: taps * co,
      a: {
        kind: "im2col",
        ptr: addressOf(backend, dy),
        h: oh,
        w: ow,
        c: co,
        oh: ph.count,
        ow: pw.count,
        kw: pw.taps,
        sh: 1,
        sw: 1,
        dh: 1,
        dw: 1,
        pt: ph.padBefore,
        pl: pw.padBefore,
      },
      b: { kind: "mat", ptr: sub === undefined ? 0 : addressOf(backend, sub), rs: ci, cs: 1 },
      c: {
        kind: "phase",
        ptr: addressOf(backend, dx),
        h,
        w,
        c: ci,
        qh: ph.count,
        qw: pw.count,
        sh,
        sw,
        r0h: ph.q0 * sh + ph.r - pt,
        r0w: pw.q0 * sw + pw.r - pl,
      },
    });
  } finally {
    if (sub !== undefined) free(backend, sub);
  }
}

/**
 * Computes dx = ∂L/∂x of `conv2d(x, filter)` from dy = ∂L/∂output (NHWC).
 * @param backend the wasm backend
 * @param dy the output gradient `[N, OH, OW, CO]`
 * @param filter the filter `[KH, KW, CI, CO]`
 * @param attrs strides, pad, dimRoundingMode and inputShape `[N, H, W, CI]`
 * @returns dx, a new `TensorInfo` of shape inputShape
 * @throws {TypeError} for non-float32 inputs or NCHW data
 */
export function conv2dBackpropInputWasm(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: Conv2DBackpropInputAttrs,
): TensorInfo {
  assertFloat32("Conv2DBackpropInput", "dy", dy);
  assertFloat32("Conv2DBackpropInput", "filter", filter);
  if (attrs.dataFormat === "NCHW") {
    throw new TypeError(
      "Cannot run Conv2DBackpropInput on the wasm backend with dataFormat 'NCHW' — use NHWC",
    );
  }
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [n, h, w, ci] = inputShape;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const [, oh, ow] = dy.shape;
  const pt = info.padInfo.top, pl = info.padInfo.left;
  if (ci < 4) {
    // Few output channels (an image's gradient, a generator's last layer): a GEMM's tiles would
    // be mostly empty; kernels.c gathers each dx value as dot products over CO. Images are
    // split over the pool's threads.
    const dx = makeOutput(backend, [n, h, w, ci]);
    const co = dy.shape[3];
    const pool = kernelPool(backend);
    const args = (pool === undefined ? [[0, n]] : splitRange(n, pool.threads)).map(([a, b]) => [
      addressOf(backend, dy) + 4 * a * oh * ow * co,
      addressOf(backend, filter),
      addressOf(backend, dx) + 4 * a * h * w * ci,
      b - a,
      h,
      w,
      ci,
      oh,
      ow,
      co,
      kh,
      kw,
      sh,
      sw,
      pt,
      pl,
    ]);
    if (pool === undefined || args.length === 1) {
      (nativeKernels(backend).conv2d_bp_input_few as (...a: number[]) => void)(...args[0]);
    } else {
      pool.run("conv2d_bp_input_few", args);
    }
    return dx;
  }
  if (kh === 3 && kw === 3 && sh === 1 && sw === 1) {
    // dx is the "full" convolution of dy with the filter turned 180°, channels swapped.
    return winogradConv(backend, {
      x: dy,
      filter,
      flip: true,
      oh: h,
      ow: w,
      pt: 2 - pt,
      pl: 2 - pl,
    });
  }
  const rowPhases = Array.from({ length: sh }, (_, r) => phaseOf(r, kh, sh, pt, h, oh));
  const colPhases = Array.from({ length: sw }, (_, r) => phaseOf(r, kw, sw, pl, w, ow));
  const dx = makeOutput(backend, [n, h, w, ci]);
  for (const ph of rowPhases) {
    for (const pw of colPhases) phaseGemm(backend, dy, filter, dx, ph, pw, sh, sw, pt, pl);
  }
  return dx;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return conv2dBackpropInputWasm(
    backend,
    inputs.dy!,
    inputs.filter!,
    attrs as unknown as Conv2DBackpropInputAttrs,
  );
}

/** The kernel config registered for backend `wasm` (replacing its loop). */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
