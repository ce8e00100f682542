/**
 * One-pass gradients of `Relu` and `LeakyRelu` on the wasm backend. TF.js's gradients are
 * global (one per kernel, for every backend), so we register replacements that call our wasm
 * kernels (`_WasmReluGrad`, `_WasmLeakyReluGrad`) when the active backend is `wasm` and the
 * tensors are float32, and otherwise call the original gradient function unchanged.
 * @module
 */
import {
  engine,
  type KernelConfig,
  type KernelFunc,
  LeakyRelu,
  type LeakyReluAttrs,
  type NamedAttrMap,
  Relu,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { replaceGradientOnWasm } from "./_replace_gradient.ts";
import { assertFloat32, type KernelArgs, makeOutput, sizeOf } from "./_kernel_utils.ts";
import { runEltwise } from "./elementwise.ts";

/** Our relu-gradient kernel, wasm only. */
export const WASM_RELU_GRAD = "_WasmReluGrad";
/** Our leaky-relu-gradient kernel, wasm only. */
export const WASM_LEAKY_RELU_GRAD = "_WasmLeakyReluGrad";

/** The `_WasmReluGrad` kernel: inputs dy, x. */
export const reluGradConfig: KernelConfig = {
  kernelName: WASM_RELU_GRAD,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend }: KernelArgs): TensorInfo => {
    const { dy, x } = inputs;
    assertFloat32(WASM_RELU_GRAD, "dy", dy!);
    const out = makeOutput(backend, x!.shape);
    runEltwise(backend, "reluGrad", dy, x, out, sizeOf(x!.shape));
    return out;
  }) as unknown as KernelFunc,
};

/** The `_WasmLeakyReluGrad` kernel: inputs dy, x; attribute alpha. */
export const leakyReluGradConfig: KernelConfig = {
  kernelName: WASM_LEAKY_RELU_GRAD,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const { dy, x } = inputs;
    assertFloat32(WASM_LEAKY_RELU_GRAD, "dy", dy!);
    const out = makeOutput(backend, x!.shape);
    const { alpha } = attrs as unknown as LeakyReluAttrs;
    runEltwise(backend, "leakyReluGrad", dy, x, out, sizeOf(x!.shape), { alpha });
    return out;
  }) as unknown as KernelFunc,
};

function oneInputGradient(wasmKernel: string) {
  return (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const x = saved[0];
    const d = dy as Tensor;
    if (d.dtype !== "float32" || x.dtype !== "float32") return undefined;
    return { x: () => engine().runKernel(wasmKernel, { dy: d, x }, attrs) as Tensor };
  };
}

/**
 * Replaces the gradients of `Relu` and `LeakyRelu` (once) by ones that use our kernels on wasm.
 * Needs the gradients registered first (`import "@tensorflow/tfjs"`).
 */
export function registerActivationGradients(): void {
  replaceGradientOnWasm(Relu, oneInputGradient(WASM_RELU_GRAD));
  replaceGradientOnWasm(LeakyRelu, oneInputGradient(WASM_LEAKY_RELU_GRAD));
}
