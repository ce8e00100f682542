/**
 * `Transpose` for the wasm backend, wrapping its own: a permutation that amounts to swapping two
 * blocks of axes (a matrix transpose, possibly batched) runs as a cache-blocked SIMD transpose in
 * kernels.c; any other goes to the wasm backend's loop.
 * @module
 */
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  type TransposeAttrs,
} from "@tensorflow/tfjs-core";
import { addressOf, type KernelArgs, runWasm, type WasmBackend } from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";

/**
 * Simplifies a transpose: drops axes of size 1 and merges axes that stay adjacent and in order.
 * @param shape the input shape
 * @param perm the permutation
 * @returns the reduced input shape and permutation (same data movement)
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * // [N, H, W, C] → [C, H, W, N]: no merge; [2, 3, 4] with [0, 2, 1] stays a batched transpose
 * assertEquals(reduceTranspose([6, 1, 4, 5], [1, 2, 3, 0]), { shape: [6, 20], perm: [1, 0] });
 * ```
 */
export function reduceTranspose(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  const keep = perm.filter((a) => shape[a] !== 1);
  // Groups of consecutive input axes that appear consecutively in the permutation.
  const groups: number[][] = [];
  for (const a of keep) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[last.length - 1] + 1 === a) last.push(a);
    else groups.push([a]);
  }
  const order = [...groups].sort((g, h) => g[0] - h[0]);
  return {
    shape: order.map((g) => g.reduce((p, a) => p * shape[a], 1)),
    perm: groups.map((g) => order.indexOf(g)),
  };
}

/**
 * Transposes `x` by `perm`.
 * @param backend the wasm backend
 * @param x the input
 * @param perm the permutation
 * @returns a new `TensorInfo`
 */
export function transposeWasm(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  const r = reduceTranspose(x.shape, perm);
  const isMatrix = r.perm.length === 2 && r.perm[0] === 1;
  const isBatched = r.perm.length === 3 && r.perm[0] === 0 && r.perm[1] === 2;
  // Bytes (bool) and strings cannot move as 32-bit words.
  if (x.dtype !== "float32" && x.dtype !== "int32" || (!isMatrix && !isBatched)) {
    return runWasm(backend, "Transpose", { x }, { perm });
  }
  const [b, rows, cols] = isMatrix ? [1, r.shape[0], r.shape[1]] : r.shape;
  const out = backend.makeOutput(perm.map((a) => x.shape[a]), x.dtype);
  nativeKernels(backend).transpose2d(addressOf(backend, x), addressOf(backend, out), b, rows, cols);
  return out;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return transposeWasm(backend, inputs.x!, (attrs as unknown as TransposeAttrs).perm);
}

/** The kernel config registered for backend `wasm` (wrapping its own). */
export const transposeConfig: KernelConfig = {
  kernelName: Transpose,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
