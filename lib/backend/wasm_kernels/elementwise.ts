/**
 * Element-wise kernels for the wasm backend on our SIMD code (elementwise.c), split over the
 * kernel pool's threads for large tensors (the wasm backend runs its own on one thread):
 * `Relu`, `LeakyRelu`, `Square`, `Floor`, and `Add`, `Sub`, `Multiply`, `RealDiv` of float32
 * tensors of the same shape, or with one value per channel (the last axis, as a bias or a
 * batch-norm statistic is) or a single value (dropout's masks are made of these). Anything else (other dtypes, other broadcasts) goes to the wasm backend's
 * own kernel.
 * @module
 */
import {
  Add,
  Floor,
  type KernelConfig,
  type KernelFunc,
  LeakyRelu,
  type LeakyReluAttrs,
  Multiply,
  RealDiv,
  Relu,
  Square,
  Sub,
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
import { kernelPool } from "./_pool.ts";

/** elementwise.c's operations. */
export const ELTWISE_OPS = {
  relu: 0,
  leakyRelu: 1,
  square: 2,
  add: 3,
  sub: 4,
  mul: 5,
  reluGrad: 6,
  leakyReluGrad: 7,
  broadcast: 8,
  floor: 9,
  div: 10,
} as const;

/** How the second operand lines up with the first. */
export type SecondOperand = "same" | "channel" | "scalar";

const BMODE: Record<SecondOperand, number> = { same: 0, channel: 1, scalar: 2 };
const SLOTS = 16;
// Below this many elements one thread does it all (a pool round trip costs ~15 µs).
const THREADED_SIZE = 1 << 15;

/**
 * Runs one element-wise operation into `out`, split over the pool's threads when large.
 * @param backend the wasm backend
 * @param op the operation
 * @param a the first operand (n floats; absent for `broadcast`)
 * @param b the second operand, if the operation has one
 * @param out the output (n floats)
 * @param n elements
 * @param options how b lines up (`channel`: c values repeated over n / c rows), leaky relu's
 * slope
 */
export function runEltwise(
  backend: WasmBackend,
  op: keyof typeof ELTWISE_OPS,
  a: TensorInfo | undefined,
  b: TensorInfo | undefined,
  out: TensorInfo,
  n: number,
  options: { bmode?: SecondOperand; c?: number; alpha?: number } = {},
): void {
  if (n === 0) return;
  const bmode = options.bmode ?? "same", c = options.c ?? 1;
  const pool = kernelPool(backend);
  // With one value per channel a job takes whole rows.
  const unit = bmode === "channel" ? c : 4;
  const units = Math.ceil(n / unit);
  const parts = pool === undefined || n < THREADED_SIZE ? 1 : Math.min(pool.threads, units);
  const block = makeOutput(backend, [SLOTS * parts]);
  const memory = backendMemory(backend);
  const alphaBits = new Int32Array(new Float32Array([options.alpha ?? 0]).buffer)[0];
  const params: number[][] = [];
  for (let i = 0; i < parts; i++) {
    const p = addressOf(backend, block) + 4 * SLOTS * i;
    const i0 = Math.min(n, Math.floor((i * units) / parts) * unit);
    const i1 = Math.min(n, Math.floor(((i + 1) * units) / parts) * unit);
    new Int32Array(memory.buffer, p, 9).set([
      ELTWISE_OPS[op],
      addressOf(backend, a),
      addressOf(backend, b),
      addressOf(backend, out),
      i0,
      i1,
      BMODE[bmode],
      c,
      alphaBits,
    ]);
    params.push([p]);
  }
  try {
    if (parts === 1) nativeKernels(backend).eltwise_job(params[0][0]);
    else pool!.run("eltwise_job", params);
  } finally {
    free(backend, block);
  }
}

function unary(op: "relu" | "leakyRelu" | "square" | "floor", kernelName: string): KernelFunc {
  return (({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const x = inputs.x!;
    if (x.dtype !== "float32") return runWasm(backend, kernelName, inputs, attrs);
    const out = makeOutput(backend, x.shape);
    const alpha = op === "leakyRelu" ? (attrs as unknown as LeakyReluAttrs).alpha : 0;
    runEltwise(backend, op, x, undefined, out, sizeOf(x.shape), { alpha });
    return out;
  }) as unknown as KernelFunc;
}

/**
 * How `small` lines up with `big` (whose shape the result has), or undefined when it does not in
 * one of our ways: the same shape, one value, or one value per channel of the last axis.
 */
function lineUp(big: TensorInfo, small: TensorInfo): SecondOperand | undefined {
  const bs = big.shape, ss = small.shape;
  if (ss.length > bs.length) return undefined;
  if (ss.length === bs.length && ss.every((d, i) => d === bs[i])) return "same";
  if (sizeOf(ss) === 1) return "scalar";
  const c = bs[bs.length - 1];
  if (ss[ss.length - 1] === c && sizeOf(ss) === c && bs.length > 0) return "channel";
  return undefined;
}

function binary(op: "add" | "sub" | "mul" | "div", kernelName: string): KernelFunc {
  return (({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    let a = inputs.a!, b = inputs.b!;
    if (a.dtype !== "float32" || b.dtype !== "float32") {
      return runWasm(backend, kernelName, inputs, attrs);
    }
    let mode = lineUp(a, b);
    if (mode === undefined && (op === "add" || op === "mul")) {
      // a + b = b + a, a · b = b · a: the smaller one goes second.
      const swapped = lineUp(b, a);
      if (swapped !== undefined) [a, b, mode] = [b, a, swapped];
    }
    if (mode === undefined || sizeOf(a.shape) === 0) {
      return runWasm(backend, kernelName, inputs, attrs);
    }
    const out = makeOutput(backend, a.shape);
    runEltwise(backend, op, a, b, out, sizeOf(a.shape), {
      bmode: mode,
      c: a.shape[a.shape.length - 1],
    });
    return out;
  }) as unknown as KernelFunc;
}

/** The kernel configs registered for backend `wasm` (wrapping its own). */
export const ELEMENTWISE_CONFIGS: readonly KernelConfig[] = [
  { kernelName: Relu, backendName: "wasm", kernelFunc: unary("relu", Relu) },
  { kernelName: LeakyRelu, backendName: "wasm", kernelFunc: unary("leakyRelu", LeakyRelu) },
  { kernelName: Square, backendName: "wasm", kernelFunc: unary("square", Square) },
  { kernelName: Add, backendName: "wasm", kernelFunc: binary("add", Add) },
  { kernelName: Sub, backendName: "wasm", kernelFunc: binary("sub", Sub) },
  { kernelName: Multiply, backendName: "wasm", kernelFunc: binary("mul", Multiply) },
  { kernelName: RealDiv, backendName: "wasm", kernelFunc: binary("div", RealDiv) },
  { kernelName: Floor, backendName: "wasm", kernelFunc: unary("floor", Floor) },
];
