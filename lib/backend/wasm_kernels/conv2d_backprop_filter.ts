/**
 * `Conv2DBackpropFilter` for the wasm backend (which has none): the gradient of a conv2d with
 * respect to its filter, as a SIMD sum of outer products in kernels.c.
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
  // The padded image must hold every window; without padding, windows must fit in x.
  const hp = (oh - 1) * sh + (kh - 1) * dh + 1, wp = (ow - 1) * sw + (kw - 1) * dw + 1;
  const usePad = pt > 0 || pl > 0 || hp > h || wp > w;
  const pad = makeOutput(backend, [usePad ? hp * wp * ci : 1]);
  const native = nativeKernels(backend);
  const acc = makeOutput(backend, [native.conv2d_bp_filter_acc_floats(kh * kw * ci, co)]);
  native.conv2d_bp_filter(
    addressOf(backend, x),
    addressOf(backend, dy),
    addressOf(backend, dwOut),
    addressOf(backend, pad),
    addressOf(backend, acc),
    n,
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
  );
  free(backend, pad, acc);
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
