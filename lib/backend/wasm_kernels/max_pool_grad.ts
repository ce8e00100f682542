/**
 * `MaxPoolGrad` for the wasm backend, replacing its scalar loop: a SIMD pass in kernels.c that
 * finds each window's first maximum (the cpu backend's rule) and routes dy there.
 * @module
 */
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  assertFloat32,
  type KernelArgs,
  makeOutput,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";

/**
 * Computes dx = ∂L/∂x of `maxPool(x)` from dy (NHWC).
 * @param backend the wasm backend
 * @param dy the output gradient `[N, OH, OW, C]`
 * @param input the pooled input x `[N, H, W, C]`
 * @param attrs filterSize, strides, pad, dimRoundingMode
 * @returns dx, a new `TensorInfo` shaped like x
 * @throws {TypeError} for non-float32 inputs
 */
export function maxPoolGradWasm(
  backend: WasmBackend,
  dy: TensorInfo,
  input: TensorInfo,
  attrs: MaxPoolGradAttrs,
): TensorInfo {
  assertFloat32("MaxPoolGrad", "dy", dy);
  assertFloat32("MaxPoolGrad", "input", input);
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [n, h, w, c] = input.shape;
  const dx = makeOutput(backend, [n, h, w, c]);
  const { outHeight: oh, outWidth: ow } = info;
  const pool = kernelPool(backend);
  const args = (pool === undefined ? [[0, n]] : splitRange(n, pool.threads)).map(([a, b]) => [
    addressOf(backend, input) + 4 * a * h * w * c,
    addressOf(backend, dy) + 4 * a * oh * ow * c,
    addressOf(backend, dx) + 4 * a * h * w * c,
    b - a,
    h,
    w,
    c,
    oh,
    ow,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
  if (pool === undefined || args.length === 1) {
    (nativeKernels(backend).max_pool_grad as (...a: number[]) => void)(...args[0]);
  } else {
    pool.run("max_pool_grad", args);
  }
  return dx;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return maxPoolGradWasm(
    backend,
    inputs.dy!,
    inputs.input!,
    attrs as unknown as MaxPoolGradAttrs,
  );
}

/** The kernel config registered for backend `wasm` (replacing its loop). */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
