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
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";

// Below this many elements one thread does it all.
const THREADED_SIZE = 1 << 15;
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
    const at = (t: TensorInfo | undefined) => addressOf(backend, t);
    const rows = sizeOf(x!.shape) / c;
    const eps = (attrs as unknown as FusedBatchNormAttrs).varianceEpsilon;
    const native = nativeKernels(backend);
    const pool = kernelPool(backend);
    const parts = pool === undefined || rows * c < THREADED_SIZE
      ? [[0, rows]]
      : splitRange(rows, pool.threads);
    // Per part: 16 parameter slots and 4·c floats of sums (the first part's become the totals).
    const stride = 16 + 4 * c;
    const block = makeOutput(backend, [parts.length * stride]);
    const work = (i: number) => at(block) + 4 * (i * stride + 16);
    try {
      if (parts.length === 1) {
        native.batch_norm_grad(
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
          work(0),
          rows,
          c,
          eps,
        );
      } else {
        const memory = backendMemory(backend);
        const params = (kind: 1 | 2) =>
          parts.map(([r0, r1], i) => {
            const p = at(block) + 4 * i * stride;
            new Int32Array(memory.buffer, p, 8).set(
              kind === 1
                ? [1, at(dy), at(x), at(mean), work(i), r0, r1, c]
                : [2, at(dy), work(0), at(dx), r0, r1, c],
            );
            return [p];
          });
        pool!.run("batch_norm_job", params(1));
        // The totals of every part into the first part's.
        for (let i = 1; i < parts.length; i++) {
          native.add_into(work(0) + 8 * c, work(i) + 8 * c, 2 * c);
        }
        native.batch_norm_grad_finish(
          at(variance),
          at(scale),
          at(dmean),
          at(dvar),
          at(dscale),
          at(doffset),
          work(0),
          c,
          eps,
        );
        pool!.run("batch_norm_job", params(2));
      }
    } finally {
      free(backend, block);
    }
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
