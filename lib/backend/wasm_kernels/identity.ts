/**
 * `Identity` and same-dtype `Cast` for the wasm backend, wrapping its own: they share the input's
 * memory (a reference count, as the cpu backend and wasm's own `Reshape` do) instead of copying
 * it. TF.js never writes into a tensor's memory after making it, so sharing is safe. Training
 * clones many gradients (`tf.clone` in the engine), so this saves a copy of each.
 * @module
 */
import {
  Cast,
  type CastAttrs,
  Identity,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { type KernelArgs, runWasm, type WasmBackend } from "./_kernel_utils.ts";

/**
 * A new reference to `x`'s memory.
 * @param backend the wasm backend
 * @param x the tensor
 * @returns a `TensorInfo` sharing x's data (freed when both are disposed)
 */
export function shareWasm(backend: WasmBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** The `Identity` config registered for backend `wasm` (replacing its copy). */
export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: "wasm",
  kernelFunc:
    (({ inputs, backend }: KernelArgs) =>
      inputs.x!.dtype === "string"
        ? runWasm(backend, Identity, inputs)
        : shareWasm(backend, inputs.x!)) as unknown as KernelFunc,
};

/**
 * Casts `x` to `dtype`: same dtype shares memory; to bool tests `!= 0` (the wasm backend's own
 * Cast stores -2 as 254, true, but not 1); anything else goes to the wasm backend.
 * @param backend the wasm backend
 * @param x the tensor
 * @param dtype the target dtype
 * @returns a new `TensorInfo`
 */
export function castWasm(
  backend: WasmBackend,
  x: TensorInfo,
  dtype: CastAttrs["dtype"],
): TensorInfo {
  if (x.dtype === dtype && x.dtype !== "string") return shareWasm(backend, x);
  if (dtype === "bool" && (x.dtype === "float32" || x.dtype === "int32")) {
    const out = backend.makeOutput(x.shape, "bool");
    const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const dst = backend.typedArrayFromHeap(out) as Uint8Array;
    for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return out;
  }
  return runWasm(backend, Cast, { x }, { dtype });
}

/** The `Cast` config registered for backend `wasm` (wrapping its own). */
export const castConfig: KernelConfig = {
  kernelName: Cast,
  backendName: "wasm",
  kernelFunc:
    (({ inputs, backend, attrs }: KernelArgs) =>
      castWasm(backend, inputs.x!, (attrs as unknown as CastAttrs).dtype)) as unknown as KernelFunc,
};
