/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend, wrapping its own. The wasm backend runs
 * a product on XNNPACK only when neither operand is transposed and the batch is 1, packing the
 * second operand anew whenever it is a new tensor (every step, for a trained weight), and falls
 * back to a plain triple loop otherwise; a dense layer's gradients are exactly those transposed
 * products (dW = xᵀ·dy, dx = dy·Wᵀ). Batch-1 float32 products run on gemm.c instead, which reads
 * either operand in either orientation while packing its blocks, with the bias and a linear, relu
 * or leaky relu activation fused. Batched products keep the wasm backend's kernel, with
 * transposes made explicit (a blocked SIMD transpose) so that it takes its fast path when it can.
 * @module
 */
import {
  _FusedMatMul,
  BatchMatMul,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
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
import { runGemm } from "./_gemm.ts";
import { transposeWasm } from "./transpose.ts";

function swapLastTwo(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 1], perm[rank - 2]] = [perm[rank - 2], perm[rank - 1]];
  return transposeWasm(backend, t, perm);
}

/**
 * Runs a product: on gemm.c when it can, else the wasm kernel `kernelName` (BatchMatMul or
 * _FusedMatMul), with transposes made explicit when both operands have batch size 1.
 * @param backend the wasm backend
 * @param kernelName `BatchMatMul` or `_FusedMatMul`
 * @param inputs a, b (and bias, preluActivationWeights)
 * @param attrs transposeA, transposeB (and activation, leakyreluAlpha)
 * @returns the product, a new `TensorInfo`
 */
export function matMulWasm(
  backend: WasmBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo | undefined>,
  attrs: NamedAttrMap,
): TensorInfo {
  const a = inputs.a!, b = inputs.b!;
  const transposeA = attrs.transposeA === true, transposeB = attrs.transposeB === true;
  const batchA = sizeOf(a.shape.slice(0, -2)), batchB = sizeOf(b.shape.slice(0, -2));
  const ours = gemmMatMul(backend, inputs, attrs);
  if (ours !== undefined) return ours;
  if ((!transposeA && !transposeB) || batchA !== 1 || batchB !== 1 || a.dtype !== "float32") {
    return runWasm(backend, kernelName, inputs, attrs);
  }
  const a2 = transposeA ? swapLastTwo(backend, a) : a;
  const b2 = transposeB ? swapLastTwo(backend, b) : b;
  const out = runWasm(backend, kernelName, { ...inputs, a: a2, b: b2 }, {
    ...attrs,
    transposeA: false,
    transposeB: false,
  });
  if (a2 !== a) free(backend, a2);
  if (b2 !== b) free(backend, b2);
  return out;
}

/**
 * The product on gemm.c, when it can: batch 1, float32, and for `_FusedMatMul` a bias over the
 * last axis (or none) and a linear, relu or leaky relu activation.
 */
function gemmMatMul(
  backend: WasmBackend,
  inputs: Record<string, TensorInfo | undefined>,
  attrs: NamedAttrMap,
): TensorInfo | undefined {
  const a = inputs.a!, b = inputs.b!, bias = inputs.bias;
  const transposeA = attrs.transposeA === true, transposeB = attrs.transposeB === true;
  const activation = (attrs.activation as string | undefined) ?? "linear";
  if (
    sizeOf(a.shape.slice(0, -2)) !== 1 || sizeOf(b.shape.slice(0, -2)) !== 1 ||
    a.dtype !== "float32" || b.dtype !== "float32" || inputs.preluActivationWeights !== undefined ||
    !["linear", "relu", "leakyrelu"].includes(activation)
  ) return undefined;
  const ra = a.shape.length, rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (bias !== undefined && (bias.dtype !== "float32" || sizeOf(bias.shape) !== n)) {
    return undefined;
  }
  const rank = Math.max(ra, rb);
  const out = makeOutput(backend, [...Array(rank - 2).fill(1), m, n]);
  runGemm(backend, {
    m,
    n,
    k,
    a: transposeA
      ? { kind: "mat", ptr: addressOf(backend, a), rs: 1, cs: m }
      : { kind: "mat", ptr: addressOf(backend, a), rs: k, cs: 1 },
    b: transposeB
      ? { kind: "mat", ptr: addressOf(backend, b), rs: 1, cs: k }
      : { kind: "mat", ptr: addressOf(backend, b), rs: n, cs: 1 },
    c: { kind: "mat", ptr: addressOf(backend, out), ld: n },
    bias: bias === undefined ? undefined : addressOf(backend, bias),
    activation: activation as "linear" | "relu" | "leakyrelu",
    alpha: (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
  });
  return out;
}

/** The `BatchMatMul` config registered for backend `wasm` (wrapping its own). */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: "wasm",
  kernelFunc:
    (({ inputs, backend, attrs }: KernelArgs) =>
      matMulWasm(backend, BatchMatMul, inputs, attrs)) as unknown as KernelFunc,
};

/** The `_FusedMatMul` config registered for backend `wasm` (wrapping its own). */
export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: "wasm",
  kernelFunc:
    (({ inputs, backend, attrs }: KernelArgs) =>
      matMulWasm(backend, _FusedMatMul, inputs, attrs)) as unknown as KernelFunc,
};
