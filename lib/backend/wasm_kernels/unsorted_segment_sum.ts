/**
 * `UnsortedSegmentSum` for the wasm backend (which has none): the gradient of `gather`, so of
 * an embedding lookup. Rows of x are added into the output row their segment id names; ids
 * outside [0, numSegments) are dropped, as in TensorFlow.
 * @module
 */
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
} from "@tensorflow/tfjs-core";
import { type KernelArgs, sizeOf, type WasmBackend } from "./_kernel_utils.ts";

/**
 * Sums the slices of `x` by segment.
 * @param backend the wasm backend
 * @param x the data, whose leading dims match `segmentIds`' shape
 * @param segmentIds int32 segment ids
 * @param numSegments the number of output rows
 * @returns a new `TensorInfo` of shape `[numSegments, ...x.shape.slice(segmentIds.rank)]`
 * @throws {TypeError} when segmentIds is not int32 or x is neither float32 nor int32
 */
export function unsortedSegmentSumWasm(
  backend: WasmBackend,
  x: TensorInfo,
  segmentIds: TensorInfo,
  numSegments: number,
): TensorInfo {
  if (segmentIds.dtype !== "int32") {
    throw new TypeError(
      `Cannot run UnsortedSegmentSum with segmentIds of dtype ${segmentIds.dtype} as they must be int32 — cast them first`,
    );
  }
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new TypeError(
      `Cannot run UnsortedSegmentSum on x of dtype ${x.dtype} as it must be float32 or int32`,
    );
  }
  const inner = x.shape.slice(segmentIds.shape.length);
  const rowSize = sizeOf(inner);
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  dst.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= numSegments) continue;
    const from = i * rowSize, to = id * rowSize;
    for (let j = 0; j < rowSize; j++) dst[to + j] += src[from + j];
  }
  return out;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  return unsortedSegmentSumWasm(backend, inputs.x!, inputs.segmentIds!, numSegments);
}

/** The kernel config registered for backend `wasm`. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
