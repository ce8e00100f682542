/**
 * `Sum` and `Mean` for the wasm backend, wrapping its own: a reduction over every axis but the
 * last (a bias gradient, batch norm's statistics and beta gradient) runs as one SIMD column sum
 * in kernels.c instead of a transpose followed by a row reduction. Every other reduction goes to
 * the wasm backend's kernel.
 * @module
 */
import {
  type KernelConfig,
  type KernelFunc,
  Mean,
  type MeanAttrs,
  Sum,
  type SumAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  f32View,
  free,
  type KernelArgs,
  makeOutput,
  runWasm,
  sizeOf,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";

/**
 * Whether `axis` names every axis of a rank-`rank` tensor except the last, in any order.
 * @param axis the reduction axes (negative counts from the end)
 * @param rank the input's rank
 * @returns true for [0, …, rank-2]
 */
export function isAllButLast(axis: number | number[], rank: number): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  if (rank < 2 || axes.length !== rank - 1) return false;
  const seen = new Set(axes);
  for (let a = 0; a < rank - 1; a++) if (!seen.has(a)) return false;
  return true;
}

/**
 * Sums `x` over the given axes.
 * @param backend the wasm backend
 * @param x the input
 * @param attrs axis and keepDims
 * @returns a new `TensorInfo`
 */
export function sumWasm(backend: WasmBackend, x: TensorInfo, attrs: SumAttrs): TensorInfo {
  return reduceWasm(backend, x, attrs, "Sum");
}

/**
 * Averages `x` over the given axes.
 * @param backend the wasm backend
 * @param x the input
 * @param attrs axis and keepDims
 * @returns a new `TensorInfo`
 */
export function meanWasm(backend: WasmBackend, x: TensorInfo, attrs: MeanAttrs): TensorInfo {
  return reduceWasm(backend, x, attrs, "Mean");
}

/** Column sums of x seen as [rows, cols] into out, rows split over the pool's threads. */
function sumRows(
  backend: WasmBackend,
  x: TensorInfo,
  out: TensorInfo,
  rows: number,
  cols: number,
): void {
  const native = nativeKernels(backend);
  const pool = kernelPool(backend);
  if (pool === undefined || rows * cols < 1 << 15 || rows < 2 * pool.threads) {
    native.sum_rows(addressOf(backend, x), addressOf(backend, out), rows, cols);
    return;
  }
  // Each thread sums its rows into its own partial (the first into out); then they are added.
  const parts = splitRange(rows, pool.threads);
  const block = makeOutput(backend, [parts.length * (8 + cols)]);
  const base = addressOf(backend, block);
  const partial = (i: number) =>
    i === 0 ? addressOf(backend, out) : base + 4 * (8 * parts.length + i * cols);
  const memory = backendMemory(backend);
  const params = parts.map(([r0, r1], i) => {
    const p = base + 32 * i;
    new Int32Array(memory.buffer, p, 5).set([addressOf(backend, x), partial(i), r0, r1, cols]);
    return [p];
  });
  try {
    pool.run("sum_rows_job", params);
    for (let i = 1; i < parts.length; i++) native.add_into(partial(0), partial(i), cols);
  } finally {
    free(backend, block);
  }
}

function reduceWasm(
  backend: WasmBackend,
  x: TensorInfo,
  attrs: SumAttrs | MeanAttrs,
  kernelName: "Sum" | "Mean",
): TensorInfo {
  const rank = x.shape.length;
  if (x.dtype !== "float32" || !isAllButLast(attrs.axis, rank) || sizeOf(x.shape) === 0) {
    return runWasm(backend, kernelName, { x }, attrs as unknown as Record<string, number[]>);
  }
  const cols = x.shape[rank - 1];
  const rows = sizeOf(x.shape) / cols;
  const shape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), cols] : [cols];
  const out = makeOutput(backend, shape);
  sumRows(backend, x, out, rows, cols);
  if (kernelName === "Mean") {
    const v = f32View(backend, out);
    for (let c = 0; c < cols; c++) v[c] /= rows;
  }
  return out;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return sumWasm(backend, inputs.x!, attrs as unknown as SumAttrs);
}

/** The `Mean` config registered for backend `wasm` (wrapping its own). */
export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: "wasm",
  kernelFunc:
    (({ inputs, backend, attrs }: KernelArgs) =>
      meanWasm(backend, inputs.x!, attrs as unknown as MeanAttrs)) as unknown as KernelFunc,
};

/** The `Sum` config registered for backend `wasm` (wrapping its own). */
export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
