/**
 * The gradient of `FusedBatchNorm` on the wasm backend in two passes (kernels.c) instead of the
 * dozen full-size element-wise ops TF.js composes it from, when the statistics are per-channel
 * vectors (batch-norm layers). Registered as kernel `_WasmBatchNormGrad` and as FusedBatchNorm's
 * gradient while wasm is active (the original otherwise).
 * @module
 */
import {
  engine,
  FusedBatchNorm,
  type FusedBatchNormAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { addressOf, free, type KernelArgs, makeOutput, sizeOf } from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { replaceGradientOnWasm } from "./_replace_gradient.ts";

/** Our batch-norm-gradient kernel, wasm only: outputs [dx, dmean, dvariance, dscale, doffset]. */
export const WASM_BATCH_NORM_GRAD = "_WasmBatchNormGrad";

/** The `_WasmBatchNormGrad` kernel: inputs dy, x, mean, variance, scale?; varianceEpsilon. */
export const batchNormGradConfig: KernelConfig = {
  kernelName: WASM_BATCH_NORM_GRAD,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs): TensorInfo[] => {
    const { dy, x, mean, variance, scale } = inputs;
    const c = x!.shape[x!.shape.length - 1];
    const dx = makeOutput(backend, x!.shape);
    const [dmean, dvar, dscale, doffset] = [0, 1, 2, 3].map(() => makeOutput(backend, [c]));
    const work = makeOutput(backend, [4 * c]);
    const at = (t: TensorInfo | undefined) => addressOf(backend, t);
    nativeKernels(backend).batch_norm_grad(
      at(dy),
      at(x),
      at(mean),
      at(variance),
      at(scale),
      at(dx),
      at(dmean),
      at(dvar),
      at(dscale),
      at(doffset),
      at(work),
      sizeOf(x!.shape) / c,
      c,
      (attrs as unknown as FusedBatchNormAttrs).varianceEpsilon,
    );
    free(backend, work);
    return [dx, dmean, dvar, dscale, doffset];
  }) as unknown as KernelFunc,
};

function wasmBatchNormGrad(dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) {
  const [x, mean, variance, scale] = saved;
  const d = dy as Tensor;
  const c = x.shape[x.rank - 1];
  const perChannel = [mean, variance, scale].every((t) =>
    t == null || (t.dtype === "float32" && t.rank === 1 && t.size === c)
  );
  if (d.dtype !== "float32" || x.dtype !== "float32" || !perChannel || x.rank === 0) {
    return undefined;
  }
  const inputs: Record<string, Tensor> = { dy: d, x, mean, variance };
  if (scale != null) inputs.scale = scale;
  const [dx, dmean, dvar, dscale, doffset] = engine().runKernel(
    WASM_BATCH_NORM_GRAD,
    inputs,
    attrs,
  ) as Tensor[];
  return {
    x: () => dx,
    mean: () => dmean,
    variance: () => dvar,
    scale: () => dscale,
    offset: () => doffset,
  };
}

/** Replaces FusedBatchNorm's gradient (once) by one that uses our kernel on wasm. */
export function registerBatchNormGradient(): void {
  replaceGradientOnWasm(FusedBatchNorm, wasmBatchNormGrad);
}
