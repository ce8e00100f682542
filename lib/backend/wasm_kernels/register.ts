/**
 * Registers our training kernels for backend `wasm`, replacing or wrapping the wasm backend's own
 * where it has none or runs a plain loop.
 * @module
 */
import "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {
  getKernel,
  type KernelConfig,
  registerKernel,
  unregisterKernel,
} from "@tensorflow/tfjs-core";
import { rememberOriginal } from "./_kernel_utils.ts";
import { batchMatMulConfig, fusedMatMulConfig } from "./batch_mat_mul.ts";
import { conv2dBackpropFilterConfig } from "./conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./conv2d_backprop_input.ts";
import { maxPoolGradConfig } from "./max_pool_grad.ts";
import { meanConfig, sumConfig } from "./sum.ts";
import { batchNormConfig } from "./batch_norm.ts";
import { tileConfig } from "./tile.ts";
import { conv2dConfig, fusedConv2dConfig } from "./conv2d.ts";
import { castConfig, identityConfig } from "./identity.ts";
import { sliceConfig, splitVConfig } from "./slice.ts";
import {
  leakyReluGradConfig,
  registerActivationGradients,
  reluGradConfig,
} from "./activation_grads.ts";
import { batchNormGradConfig, registerBatchNormGradient } from "./batch_norm_grad.ts";
import { transposeConfig } from "./transpose.ts";
import { unsortedSegmentSumConfig } from "./unsorted_segment_sum.ts";
import { registerReductionGradients } from "./reduce_grads.ts";
import { adamConfig, registerFusedAdam } from "./adam.ts";
import { ELEMENTWISE_CONFIGS } from "./elementwise.ts";

const CONFIGS: readonly KernelConfig[] = [
  conv2dConfig,
  fusedConv2dConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  sumConfig,
  meanConfig,
  batchNormConfig,
  tileConfig,
  transposeConfig,
  identityConfig,
  castConfig,
  sliceConfig,
  splitVConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  unsortedSegmentSumConfig,
  reluGradConfig,
  leakyReluGradConfig,
  batchNormGradConfig,
  adamConfig,
  ...ELEMENTWISE_CONFIGS,
];

/** The kernels {@linkcode registerWasmTrainingKernels} registers for backend `wasm`. */
export const WASM_TRAINING_KERNELS: readonly string[] = CONFIGS.map((c) => c.kernelName);

/**
 * Registers our kernels for backend `wasm` (once; later calls do nothing). Call it before or
 * after `tf.setBackend("wasm")`: the wasm backend's own set-up of a replaced kernel is kept.
 * Also replaces the gradients of Relu, LeakyRelu, FusedBatchNorm, Mean and Sum by ones that use
 * our kernels or fewer passes when the active backend is wasm (and the original gradient
 * otherwise), and makes Adam take one kernel per variable on wasm.
 *
 * @returns the names of the kernels now ours
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerWasmTrainingKernels } from "./register.ts";
 * registerWasmTrainingKernels();
 * await tf.setBackend("wasm");
 * const w = tf.variable(tf.ones([3, 3, 1, 2]));
 * const x = tf.ones([1, 5, 5, 1]) as tf.Tensor4D;
 * const g = tf.grad((f) => tf.conv2d(x, f as tf.Tensor4D, 1, "valid").sum())(w);
 * console.log(g.shape); // [3, 3, 1, 2]
 * ```
 */
export function registerWasmTrainingKernels(): readonly string[] {
  registerActivationGradients();
  registerBatchNormGradient();
  registerReductionGradients();
  registerFusedAdam();
  for (const config of CONFIGS) {
    const existing = getKernel(config.kernelName, "wasm");
    if (existing?.kernelFunc === config.kernelFunc) continue;
    rememberOriginal(config.kernelName);
    if (existing !== undefined) unregisterKernel(config.kernelName, "wasm");
    registerKernel({
      ...config,
      setupFunc: existing?.setupFunc,
      disposeFunc: existing?.disposeFunc,
    });
  }
  return WASM_TRAINING_KERNELS;
}
