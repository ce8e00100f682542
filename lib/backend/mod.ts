/**
 * Choosing and initialising the TF.js backend, and our training kernels for `wasm`. The
 * training-throughput benchmark, which trains models, lives above in `lib/bench`.
 *
 * Every notebook calls {@linkcode initBackend} first (through `setupNotebook`).
 * `TFJS_BACKEND=<name>` forces a backend; `TFJS_WASM_THREADS=<n>` sets wasm's thread count.
 * @module
 */
export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendName,
  defaultWasmThreads,
  initBackend,
  type InitBackendOptions,
  type SkippedBackend,
} from "./init_backend.ts";
export {
  cpuCores,
  MAX_WASM_THREADS,
  parseWasmThreads,
  type WasmThreadsSetting,
  wasmThreadsSetting,
} from "./settings.ts";
export {
  explainHeapFailure,
  guardWasmHeap,
  stepMemoryBudget,
  WASM_HEAP_MAX_BYTES,
  WASM_STEP_BUDGET_BYTES,
  WasmHeapFullError,
} from "./wasm_memory.ts";
export {
  initWasmWithThreads,
  type WasmThreadsResult,
  wasmThreadsSupported,
} from "./wasm_threads.ts";
export {
  measureWasmPeak,
  registerWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
  type WasmPeak,
} from "./wasm_kernels/mod.ts";
export {
  findNativeInstall,
  loadNativeBackend,
  NATIVE_PACKAGES,
  type NativeInstall,
  type NativeLoad,
  type NativePackage,
  pickNapiVersion,
} from "./native.ts";
export { activateWebGpu, isSoftwareAdapter, probeWebGpu, type WebGpuProbe } from "./webgpu.ts";
