/**
 * Training kernels for TF.js's `wasm` backend: the kernels that training needs and the wasm
 * backend lacks (`Conv2DBackpropFilter`, `UnsortedSegmentSum`) or runs as a plain loop
 * (`Conv2DBackpropInput`, `MaxPoolGrad`, transposed `BatchMatMul`, `Tile`, `FusedBatchNorm`,
 * `Transpose`, `Slice`, per-channel `Sum` and `Mean`), built on the backend's XNNPACK
 * convolutions and matrix products and on our own WebAssembly SIMD code (kernels.c), which runs
 * in the backend's memory; plus one-pass gradients of Relu, LeakyRelu and batch norm.
 *
 * Each kernel's file exports its `…Wasm` function (on `TensorInfo`s) for tests and reuse.
 * @module
 */
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from "./register.ts";
export {
  registerActivationGradients,
  WASM_LEAKY_RELU_GRAD,
  WASM_RELU_GRAD,
} from "./activation_grads.ts";
export { registerBatchNormGradient, WASM_BATCH_NORM_GRAD } from "./batch_norm_grad.ts";
export { registerReductionGradients } from "./reduce_grads.ts";
export { registerFusedAdam, WASM_ADAM } from "./adam.ts";
export { reduceTranspose } from "./transpose.ts";
export { isAllButLast } from "./sum.ts";
export { measureWasmPeak, type WasmPeak } from "./peak.ts";
