/**
 * `FusedBatchNorm` for the wasm backend, wrapping its own loop: when the statistics and
 * parameters are per-channel vectors (the layers' case), one SIMD pass in kernels.c computes
 * x·a + b with a = scale/√(var+ε) and b = offset − mean·a.
 * @module
 */
import {
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  free,
  type KernelArgs,
  makeOutput,
  runWasm,
  sizeOf,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";

/**
 * Batch-normalises `x` over its last axis.
 * @param backend the wasm backend
 * @param inputs x, mean, variance, and optional offset and scale
 * @param attrs varianceEpsilon
 * @returns a new `TensorInfo` shaped like x
 */
export function batchNormWasm(
  backend: WasmBackend,
  inputs: Record<string, TensorInfo | undefined>,
  attrs: FusedBatchNormAttrs,
): TensorInfo {
  const { x, mean, variance, offset, scale } = inputs;
  const channels = x!.shape[x!.shape.length - 1];
  const perChannel = [mean, variance, offset, scale].every((t) =>
    t === undefined || (t.dtype === "float32" && sizeOf(t.shape) === channels)
  );
  if (x!.dtype !== "float32" || !perChannel || x!.shape.length === 0) {
    return runWasm(backend, FusedBatchNorm, inputs, attrs as unknown as Record<string, number>);
  }
  const out = makeOutput(backend, x!.shape);
  const coef = makeOutput(backend, [2 * channels]);
  const at = (t: TensorInfo | undefined) => addressOf(backend, t);
  nativeKernels(backend).batch_norm(
    at(x),
    at(mean),
    at(variance),
    at(offset),
    at(scale),
    at(out),
    at(coef),
    sizeOf(x!.shape) / channels,
    channels,
    attrs.varianceEpsilon,
  );
  free(backend, coef);
  return out;
}

/** The kernel config registered for backend `wasm` (wrapping its own). */
export const batchNormConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs) =>
    batchNormWasm(
      backend,
      inputs,
      attrs as unknown as FusedBatchNormAttrs,
    )) as unknown as KernelFunc,
};
