/**
 * Helpers shared by the wasm training kernels: calling the wasm backend's own kernels on
 * `TensorInfo`s, allocating and freeing outputs, and reaching the backend's heap.
 *
 * A kernel function gets `TensorInfo`s, not tensors, and must not call TF.js ops (they would be
 * recorded on the gradient tape). It calls other kernels' functions directly and frees every
 * intermediate it makes with {@linkcode free}.
 * @module
 */
import {
  getKernel,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** The wasm backend, as a kernel function receives it. */
export type WasmBackend = BackendWasm;

/** The arguments TF.js passes to a kernel function. */
export interface KernelArgs {
  /** named input tensors */
  inputs: Record<string, TensorInfo | undefined>;
  /** the wasm backend */
  backend: WasmBackend;
  /** the kernel's attributes */
  attrs: NamedAttrMap;
}

/** The wasm backend's kernel functions as they were before ours replaced any of them. */
const originals = new Map<string, KernelFunc>();

/**
 * Remembers the wasm backend's own function for `kernelName` (before it is replaced).
 * @param kernelName a kernel name such as `Conv2D`
 * @returns the function, or undefined when wasm has no such kernel
 */
export function rememberOriginal(kernelName: string): KernelFunc | undefined {
  let fn = originals.get(kernelName);
  if (fn === undefined) {
    fn = getKernel(kernelName, "wasm")?.kernelFunc;
    if (fn !== undefined) originals.set(kernelName, fn);
  }
  return fn;
}

/**
 * Runs the wasm backend's own kernel `kernelName` on `TensorInfo`s.
 * @param backend the wasm backend
 * @param kernelName e.g. `Transpose`
 * @param inputs named inputs
 * @param attrs the kernel's attributes
 * @returns the output; the caller frees it with {@linkcode free} or returns it
 * @throws {RangeError} when wasm has no such kernel
 */
export function runWasm(
  backend: WasmBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo | undefined>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const fn = rememberOriginal(kernelName);
  if (fn === undefined) {
    throw new RangeError(
      `Cannot run kernel '${kernelName}' as the wasm backend has none — import @tensorflow/tfjs-backend-wasm first`,
    );
  }
  return fn({ inputs, backend, attrs } as Parameters<KernelFunc>[0]) as TensorInfo;
}

/**
 * Frees intermediate outputs.
 * @param backend the wasm backend
 * @param infos outputs made by {@linkcode runWasm} or {@linkcode makeOutput}
 */
export function free(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/**
 * Allocates a float32 output on the wasm heap (contents undefined).
 * @param backend the wasm backend
 * @param shape its shape
 * @returns the new `TensorInfo`
 */
export function makeOutput(backend: WasmBackend, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, "float32");
}

/**
 * A view of `t` with another shape of the same size, sharing its memory (like `Reshape`).
 * @param backend the wasm backend
 * @param t the tensor
 * @param shape the new shape
 * @returns a `TensorInfo` the caller frees with {@linkcode free}
 */
export function reshape(backend: WasmBackend, t: TensorInfo, shape: number[]): TensorInfo {
  return runWasm(backend, "Reshape", { x: t }, { shape });
}

/**
 * The address of a tensor's first element in the wasm heap, or 0 (the C kernels' null) for an
 * optional input that is absent.
 * @param backend the wasm backend
 * @param t the tensor, if any
 * @returns a byte offset into the backend's memory, 0 without a tensor
 */
export function addressOf(backend: WasmBackend, t: TensorInfo | undefined): number {
  return t === undefined ? 0 : backend.getMemoryOffset(t.dataId);
}

/**
 * A Float32Array view of a float32 tensor on the wasm heap. Views go stale when the heap grows:
 * take them after the last allocation.
 * @param backend the wasm backend
 * @param t the tensor
 * @returns the view
 */
export function f32View(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * The number of elements of a shape.
 * @param shape the shape
 * @returns the product of its dimensions (1 for a scalar)
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Throws unless `t` is float32: our kernels handle float32 only.
 * @param kernelName the kernel, for the message
 * @param name the input's name
 * @param t the input
 * @throws {TypeError} for any other dtype
 */
export function assertFloat32(kernelName: string, name: string, t: TensorInfo): void {
  if (t.dtype !== "float32") {
    throw new TypeError(
      `Cannot run ${kernelName} on input '${name}' as it must be float32: found ${t.dtype} — cast it first`,
    );
  }
}
