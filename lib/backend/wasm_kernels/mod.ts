/**
 * Training kernels for TF.js's `wasm` backend: the kernels that training needs and the wasm
 * backend lacks (`Conv2DBackpropFilter`, `UnsortedSegmentSum`) or runs as a plain loop
 * (`Conv2DBackpropInput`, `MaxPoolGrad`, transposed `BatchMatMul`, `Tile`, `FusedBatchNorm`,
 * `Transpose`, per-channel `Sum` and `Mean`), built on
 * the backend's XNNPACK convolutions and matrix products and on our own WebAssembly SIMD code
 * (kernels.c), which runs in the backend's memory.
 * @module
 */
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from "./register.ts";
export { conv2dNative } from "./conv2d.ts";
export { conv2dBackpropFilterWasm } from "./conv2d_backprop_filter.ts";
export { conv2dBackpropInputWasm } from "./conv2d_backprop_input.ts";
export { maxPoolGradWasm } from "./max_pool_grad.ts";
export { isAllButLast, meanWasm, sumWasm } from "./sum.ts";
export { batchNormWasm } from "./batch_norm.ts";
export { tileWasm } from "./tile.ts";
export { castWasm, shareWasm } from "./identity.ts";
export { sliceWasm } from "./slice.ts";
export {
  registerActivationGradients,
  WASM_LEAKY_RELU_GRAD,
  WASM_RELU_GRAD,
} from "./activation_grads.ts";
export { registerBatchNormGradient, WASM_BATCH_NORM_GRAD } from "./batch_norm_grad.ts";
export { reduceTranspose, transposeWasm } from "./transpose.ts";
export { matMulWasm } from "./batch_mat_mul.ts";
export { unsortedSegmentSumWasm } from "./unsorted_segment_sum.ts";
export type { KernelArgs, WasmBackend } from "./_kernel_utils.ts";
