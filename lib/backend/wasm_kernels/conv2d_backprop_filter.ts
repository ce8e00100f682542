/**
 * `Conv2DBackpropFilter` for the wasm backend (which has none): the gradient of a conv2d with
 * respect to its filter.
 * - 3×3, stride 1, at least 4 input channels: Winograd F(2×2, 3×3) (winograd.c);
 * - fewer than 4 input channels (a first layer): a SIMD sum of outer products over output
 *   pixels (kernels.c), whose 6 taps × 8 channels tile suits a filter of few taps;
 * - otherwise: one matrix product (gemm.c), dw[tap, co] = Σ over pixels of patches(x)[pixel,
 *   tap] · dy[pixel, co], the patches read from x while packing.
 * @module
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  assertFloat32,
  free,
  type KernelArgs,
  makeOutput,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import { runGemm } from "./_gemm.ts";
import { winogradFilterGrad } from "./_winograd.ts";

/**
 * dw as one matrix product: dw[tap, co] = Σ over pixels p of patches[p, tap] · dy[p, co], with
 * the patches read straight from x (gemm.c's `im2col_t` operand).
 */
function backpropFilterGemm(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  dwOut: TensorInfo,
  info: backend_util.Conv2DInfo,
): void {
  const [n, h, w, ci] = x.shape;
  const { outHeight: oh, outWidth: ow, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  runGemm(backend, {
    m: kh * kw * ci,
    n: co,
    k: n * oh * ow,
    a: {
      kind: "im2col_t",
      ptr: addressOf(backend, x),
      h,
      w,
      c: ci,
      oh,
      ow,
      kw,
      sh: info.strideHeight,
      sw: info.strideWidth,
      dh: info.dilationHeight,
      dw: info.dilationWidth,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
    },
    b: { kind: "mat", ptr: addressOf(backend, dy), rs: co, cs: 1 },
    c: { kind: "mat", ptr: addressOf(backend, dwOut), ld: co },
  });
}

/**
 * Computes dw = ∂L/∂filter of `conv2d(x, filter)` from `x` and `dy` = ∂L/∂output (NHWC).
 * @param backend the wasm backend
 * @param x the conv input `[N, H, W, CI]`
 * @param dy the output gradient `[N, OH, OW, CO]`
 * @param attrs strides, pad, dimRoundingMode and filterShape `[KH, KW, CI, CO]`
 * @returns dw, a new `TensorInfo` of shape filterShape
 * @throws {TypeError} for non-float32 inputs or NCHW data
 */
export function conv2dBackpropFilterWasm(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo {
  assertFloat32("Conv2DBackpropFilter", "x", x);
  assertFloat32("Conv2DBackpropFilter", "dy", dy);
  if (attrs.dataFormat === "NCHW") {
    throw new TypeError(
      "Cannot run Conv2DBackpropFilter on the wasm backend with dataFormat 'NCHW' — use NHWC",
    );
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [n, h, w, ci] = x.shape;
  const { outHeight: oh, outWidth: ow, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top, pl = info.padInfo.left;
  const dwOut = makeOutput(backend, [kh, kw, ci, co]);
  if (n * oh * ow === 0 || kh * kw * ci * co === 0) {
    backend.typedArrayFromHeap(dwOut).fill(0);
    return dwOut;
  }
  if (ci >= 4) {
    if (kh === 3 && kw === 3 && sh === 1 && sw === 1 && dh === 1 && dw === 1) {
      free(backend, dwOut);
      return winogradFilterGrad(backend, x, dy, pt, pl);
    }
    backpropFilterGemm(backend, x, dy, dwOut, info);
    return dwOut;
  }
  // The padded image must hold every window; without padding, windows must fit in x.
  const hp = (oh - 1) * sh + (kh - 1) * dh + 1, wp = (ow - 1) * sw + (kw - 1) * dw + 1;
  const usePad = pt > 0 || pl > 0 || hp > h || wp > w;
  const native = nativeKernels(backend);
  const taps = kh * kw * ci;
  // One slice of images per thread; each thread sums into its own dw, added up at the end.
  const pool = kernelPool(backend);
  const slices = pool === undefined ? [[0, n]] : splitRange(n, pool.threads);
  const scratch = slices.map((_, i) => ({
    pad: makeOutput(backend, [usePad ? hp * wp * ci : 1]),
    acc: makeOutput(backend, [native.conv2d_bp_filter_acc_floats(taps, co)]),
    dw: i === 0 ? dwOut : makeOutput(backend, [taps * co]),
  }));
  const args = slices.map(([a, b], i) => [
    addressOf(backend, x) + 4 * a * h * w * ci,
    addressOf(backend, dy) + 4 * a * oh * ow * co,
    addressOf(backend, scratch[i].dw),
    addressOf(backend, scratch[i].pad),
    addressOf(backend, scratch[i].acc),
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
    dh,
    dw,
    pt,
    pl,
    usePad ? 1 : 0,
  ]);
  if (pool === undefined || args.length === 1) {
    (native.conv2d_bp_filter as (...a: number[]) => void)(...args[0]);
  } else {
    pool.run("conv2d_bp_filter", args);
  }
  for (let i = 1; i < scratch.length; i++) {
    native.add_into(addressOf(backend, dwOut), addressOf(backend, scratch[i].dw), taps * co);
  }
  for (const [i, s] of scratch.entries()) {
    free(backend, s.pad, s.acc);
    if (i > 0) free(backend, s.dw);
  }
  return dwOut;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return conv2dBackpropFilterWasm(
    backend,
    inputs.x!,
    inputs.dy!,
    attrs as unknown as Conv2DBackpropFilterAttrs,
  );
}

/** The kernel config registered for backend `wasm`. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
