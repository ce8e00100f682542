/**
 * `Tile` for the wasm backend, replacing its element-by-element loop (batch norm's gradient tiles
 * per-channel vectors over whole feature maps): blocks are copied, then doubled with
 * `copyWithin`, so the work is a few memory passes.
 * @module
 */
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Tile,
  type TileAttrs,
} from "@tensorflow/tfjs-core";
import { type KernelArgs, runWasm, sizeOf, type WasmBackend } from "./_kernel_utils.ts";
import { runEltwise } from "./elementwise.ts";

type Numeric = Float32Array | Int32Array | Uint8Array;

/** Repeats dst[start, start+len) `times` times in a row (the first copy already there). */
function repeatBlock(dst: Numeric, start: number, len: number, times: number): void {
  let filled = len;
  const total = len * times;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    dst.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

/**
 * Tiles `x` by `reps` (one repetition count per axis).
 * @param backend the wasm backend
 * @param x the input (any dtype but string)
 * @param reps repetitions per axis
 * @returns a new `TensorInfo`
 */
export function tileWasm(backend: WasmBackend, x: TensorInfo, reps: number[]): TensorInfo {
  if (x.dtype === "string" || x.dtype === "complex64") {
    return runWasm(backend, "Tile", { x }, { reps });
  }
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (
    x.dtype === "float32" && rank > 0 && reps[rank - 1] === 1 &&
    x.shape.slice(0, -1).every((d) => d === 1)
  ) {
    // One row repeated (a per-channel value broadcast over an image batch, as the gradients
    // of Mean and Sum make): SIMD stores split over the pool's threads.
    runEltwise(backend, "broadcast", undefined, x, out, sizeOf(outShape), {
      bmode: "channel",
      c: x.shape[rank - 1],
    });
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as Numeric;
  const dst = backend.typedArrayFromHeap(out) as Numeric;
  if (dst.length === 0) return out;
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  // Strides of x and of the output.
  const xs = new Array<number>(rank), os = new Array<number>(rank);
  xs[rank - 1] = 1, os[rank - 1] = 1;
  for (let a = rank - 2; a >= 0; a--) {
    xs[a] = xs[a + 1] * x.shape[a + 1];
    os[a] = os[a + 1] * outShape[a + 1];
  }
  // Fills the output block of axis `a` at `o` from the input block at `i`.
  const fill = (a: number, i: number, o: number): void => {
    const n = x.shape[a];
    if (a === rank - 1) {
      dst.set(src.subarray(i, i + n), o);
    } else {
      for (let j = 0; j < n; j++) fill(a + 1, i + j * xs[a], o + j * os[a]);
    }
    repeatBlock(dst, o, n * os[a], reps[a]);
  };
  fill(0, 0, 0);
  return out;
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  return tileWasm(backend, inputs.x!, (attrs as unknown as TileAttrs).reps);
}

/** The kernel config registered for backend `wasm` (replacing its loop). */
export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: "wasm",
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
