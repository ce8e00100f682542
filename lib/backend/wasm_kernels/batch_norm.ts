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
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";

// Below this many elements one thread does it all.
const THREADED_SIZE = 1 << 15;

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
  const rows = sizeOf(x!.shape) / channels;
  const at = (t: TensorInfo | undefined) => addressOf(backend, t);
  const pool = kernelPool(backend);
  if (pool === undefined || rows * channels < THREADED_SIZE) {
    const coef = makeOutput(backend, [2 * channels]);
    nativeKernels(backend).batch_norm(
      at(x),
      at(mean),
      at(variance),
      at(offset),
      at(scale),
      at(out),
      at(coef),
      rows,
      channels,
      attrs.varianceEpsilon,
    );
    free(backend, coef);
    return out;
  }
  // Rows split over the pool's threads; each thread its own coefficients.
  const parts = splitRange(rows, pool.threads);
  const block = makeOutput(backend, [parts.length * (16 + 2 * channels)]);
  const memory = backendMemory(backend);
  const eps = new Int32Array(new Float32Array([attrs.varianceEpsilon]).buffer)[0];
  const params = parts.map(([r0, r1], i) => {
    const p = at(block) + 4 * i * (16 + 2 * channels);
    new Int32Array(memory.buffer, p, 12).set([
      0,
      at(x),
      at(mean),
      at(variance),
      at(offset),
      at(scale),
      at(out),
      p + 64,
      r0,
      r1,
      channels,
      eps,
    ]);
    return [p];
  });
  try {
    pool.run("batch_norm_job", params);
  } finally {
    free(backend, block);
  }
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
