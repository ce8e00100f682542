/**
 * `Slice` and `SplitV` for the wasm backend, replacing its own, which first copies the whole
 * input out of the heap (`readSync`) for every slice: ours copies each contiguous run of the
 * slice straight from heap to heap (cutting 84×84 images into thirds, splitting a batch).
 * @module
 */
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  Slice,
  slice_util,
  type SliceAttrs,
  SplitV,
  type SplitVAttrs,
  type TensorInfo,
  util,
} from "@tensorflow/tfjs-core";
import { type KernelArgs, runWasm, type WasmBackend } from "./_kernel_utils.ts";

type Numeric = Float32Array | Int32Array | Uint8Array;

/**
 * Copies the box `begin`..`begin + size` of `x` into a new tensor.
 * @param backend the wasm backend
 * @param x the input (any dtype but string)
 * @param begin the first index per axis
 * @param size the extent per axis (resolved, no -1)
 * @returns a new `TensorInfo`
 */
export function sliceWasm(
  backend: WasmBackend,
  x: TensorInfo,
  begin: number[],
  size: number[],
): TensorInfo {
  if (x.dtype === "string" || x.dtype === "complex64") {
    return runWasm(backend, Slice, { x }, { begin, size });
  }
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) === 0) return out;
  const src = backend.typedArrayFromHeap(x) as Numeric;
  const dst = backend.typedArrayFromHeap(out) as Numeric;
  const rank = x.shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const strides = util.computeStrides(x.shape);
  // The innermost axes the slice covers whole merge into one contiguous run.
  let k = rank - 1;
  while (k > 0 && begin[k] === 0 && size[k] === x.shape[k]) k--;
  const run = size[k] * (k === rank - 1 ? 1 : strides[k]);
  const stride = (a: number) => (a === rank - 1 ? 1 : strides[a]);
  let o = 0;
  const copy = (a: number, offset: number): void => {
    if (a === k) {
      const from = offset + begin[k] * stride(k);
      dst.set(src.subarray(from, from + run), o);
      o += run;
      return;
    }
    for (let i = 0; i < size[a]; i++) copy(a + 1, offset + (begin[a] + i) * stride(a));
  };
  copy(0, 0);
  return out;
}

/** The `Slice` config registered for backend `wasm` (replacing its own). */
export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
    const x = inputs.x!;
    const { begin, size } = attrs as unknown as SliceAttrs;
    const [b, s] = slice_util.parseSliceParams(x, begin, size);
    slice_util.assertParamsValid(x, b, s);
    return sliceWasm(backend, x, b, s);
  }) as unknown as KernelFunc,
};

/** The `SplitV` config registered for backend `wasm` (replacing its own). */
export const splitVConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
    const x = inputs.x!;
    const { numOrSizeSplits, axis } = attrs as unknown as SplitVAttrs;
    const a = util.parseAxisParam(axis, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, a);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[a] = s;
      const part = sliceWasm(backend, x, [...begin], size);
      begin[a] += s;
      return part;
    });
  }) as unknown as KernelFunc,
};
