/**
 * Loads our WebAssembly SIMD kernels (kernels.c, built into kernels_wasm.ts) into the wasm
 * backend's own memory, so that they read and write tensors in place.
 * @module
 */
import {
  KERNELS_WASM_RELAXED,
  KERNELS_WASM_RELAXED_SHARED,
  KERNELS_WASM_SIMD,
  KERNELS_WASM_SIMD_SHARED,
} from "./kernels_wasm.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

/** The functions exported by kernels.c; every pointer is a byte address in the backend's heap. */
export interface NativeKernels {
  /** Conv2DBackpropFilter, NHWC; see kernels.c for the scratch sizes. */
  conv2d_bp_filter(
    x: number,
    dy: number,
    dw: number,
    pad: number,
    acc: number,
    n: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    pt: number,
    pl: number,
    usePad: number,
  ): void;
  /** The floats `conv2d_bp_filter` needs in `acc` for k = KH*KW*CI taps and co channels. */
  conv2d_bp_filter_acc_floats(k: number, co: number): number;
  /** MaxPoolGrad, NHWC, with the cpu backend's first-maximum rule. */
  max_pool_grad(
    x: number,
    dy: number,
    dx: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  /** out[c] = sum over rows p of x[p, c]. */
  sum_rows(x: number, out: number, rows: number, cols: number): void;
  /** Batched 2-d transpose: out[b, c, r] = x[b, r, c]. */
  transpose2d(x: number, out: number, b: number, r: number, c: number): void;
  /** Batch normalisation over the last axis (scale, offset may be 0); coef: 2·c floats. */
  batch_norm(
    x: number,
    mean: number,
    variance: number,
    offset: number,
    scale: number,
    out: number,
    coef: number,
    p: number,
    c: number,
    eps: number,
  ): void;
  /** Conv2DBackpropInput for fewer than 4 input channels, NHWC. */
  conv2d_bp_input_few(
    dy: number,
    w: number,
    dx: number,
    n: number,
    h: number,
    wd: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    pt: number,
    pl: number,
  ): void;
  /** Conv2D forward, NHWC, optional bias (0) and relu (act 1). */
  conv2d_fwd(
    x: number,
    w: number,
    bias: number,
    out: number,
    pad: number,
    n: number,
    h: number,
    wd: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dwl: number,
    pt: number,
    pl: number,
    usePad: number,
    act: number,
  ): void;
  /** The gradient of batch norm over the last axis (see kernels.c); outputs may be 0. */
  batch_norm_grad(
    dy: number,
    x: number,
    mean: number,
    variance: number,
    scale: number,
    dx: number,
    dmean: number,
    dvar: number,
    dscale: number,
    doffset: number,
    work: number,
    p: number,
    c: number,
    eps: number,
  ): void;
  /** The floats of scratch one `gemm_job` needs. */
  gemm_work_floats(): number;
  /** One matrix product described by a parameter block (see gemm.c and _gemm.ts). */
  gemm_job(params: number): void;
  /** Floats of the packed filter transform for K input and N output channels. */
  wino_filter_floats(k: number, n: number): number;
  /** Winograd F(2×2, 3×3) filter transform, packed; flip for the input gradient's filter. */
  wino_filter(w: number, up: number, ci: number, co: number, flip: number): void;
  /** Floats of scratch one `wino_fwd_job` needs. */
  wino_fwd_work_floats(c: number, co: number): number;
  /** One range of tiles of a Winograd convolution (see winograd.c and _winograd.ts). */
  wino_fwd_job(params: number): void;
  /** Floats of the Winograd filter-gradient accumulator for C inputs and CO outputs. */
  wino_dw_floats(c: number, co: number): number;
  /** Floats of scratch one `wino_dw_job` needs. */
  wino_dw_work_floats(c: number, co: number): number;
  /** One range of tiles of a Winograd filter gradient, into its own accumulator. */
  wino_dw_job(params: number): void;
  /** The filter gradient from the (summed) accumulator. */
  wino_dw_final(du: number, dw: number, c: number, co: number): void;
  /** `reps` passes of the 6×8 tile kernel over kc steps of L1-resident operands. */
  peak_job(a: number, b: number, c: number, kc: number, reps: number): void;
  /** One Adam step of one variable (see kernels.c). */
  adam_update(
    w: number,
    m: number,
    v: number,
    g: number,
    c1: number,
    c2: number,
    w2: number,
    m2: number,
    v2: number,
    n: number,
    beta1: number,
    beta2: number,
    ob1: number,
    ob2: number,
    eps: number,
    lr: number,
  ): void;
  /** adam_update with its arguments in an int32 block (floats as bits), for the pool. */
  adam_job(params: number): void;
  /** One range of an element-wise operation (see elementwise.c and elementwise.ts). */
  eltwise_job(params: number): void;
  /** Column sums of rows [r0, r1) of an [rows, C] matrix: params x, out, r0, r1, C. */
  sum_rows_job(params: number): void;
  /** wino_filter_floats for F(4×4, 3×3) (36 points). */
  wino4_filter_floats(k: number, n: number): number;
  /** wino_filter for F(4×4, 3×3). */
  wino4_filter(w: number, up: number, ci: number, co: number, flip: number): void;
  /** wino_fwd_work_floats for F(4×4, 3×3). */
  wino4_fwd_work_floats(c: number, co: number): number;
  /** wino_fwd_job for F(4×4, 3×3) (4×4 output tiles). */
  wino4_fwd_job(params: number): void;
  /** wino_dw_floats for F(4×4, 3×3). */
  wino4_dw_floats(c: number, co: number): number;
  /** wino_dw_work_floats for F(4×4, 3×3). */
  wino4_dw_work_floats(c: number, co: number): number;
  /** wino_dw_job for F(4×4, 3×3). */
  wino4_dw_job(params: number): void;
  /** wino_dw_final for F(4×4, 3×3). */
  wino4_dw_final(du: number, dw: number, c: number, co: number): void;
  /** Batch norm's gradient, part 1: column totals of dy and dy·(x − mean) into work. */
  batch_norm_grad_sums(
    dy: number,
    x: number,
    mean: number,
    work: number,
    p: number,
    c: number,
  ): void;
  /** Part 2: per-channel results; work[0, C) becomes the factor of dx. */
  batch_norm_grad_finish(
    variance: number,
    scale: number,
    dmean: number,
    dvar: number,
    dscale: number,
    doffset: number,
    work: number,
    c: number,
    eps: number,
  ): void;
  /** Part 3: dx = dy · factor. */
  batch_norm_grad_dx(dy: number, factor: number, dx: number, p: number, c: number): void;
  /** A row range of batch norm or of its gradient's parts 1 and 3, for the pool. */
  batch_norm_job(params: number): void;
  /** dst[i] += src[i] for i < n. */
  add_into(dst: number, src: number, n: number): void;
}

interface EmscriptenModuleLike {
  asm?: Record<string, unknown>;
  wasmMemory?: WebAssembly.Memory;
}

const loaded = new WeakMap<object, NativeKernels>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Whether a memory is shared (a SharedArrayBuffer underneath).
 * @param memory the memory
 * @returns true for the threaded backend's memory
 */
export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * The kernels module's bytes for a memory: relaxed SIMD (fused multiply-add) where the engine
 * has it (V8 11.4+), else plain SIMD; the shared-memory build for a shared memory.
 * @param shared whether the memory is shared (the threaded wasm backend)
 * @returns the module's bytes
 */
export function kernelsModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const relaxed = decodeBase64(shared ? KERNELS_WASM_RELAXED_SHARED : KERNELS_WASM_RELAXED);
  if (WebAssembly.validate(relaxed)) return relaxed;
  return decodeBase64(shared ? KERNELS_WASM_SIMD_SHARED : KERNELS_WASM_SIMD);
}

const compiled = new Map<boolean, WebAssembly.Module>();

/**
 * The kernels module, compiled once per process for each kind of memory. The kernel pool's
 * threads instantiate this same module (it is sent to them), so that they share its compiled
 * code and V8 optimises each function once for all threads instead of once per thread.
 * @param shared whether the memory is shared (the threaded wasm backend)
 * @returns the compiled module
 */
export function kernelsModule(shared: boolean): WebAssembly.Module {
  let module = compiled.get(shared);
  if (module === undefined) {
    module = new WebAssembly.Module(kernelsModuleBytes(shared));
    compiled.set(shared, module);
  }
  return module;
}

/**
 * The wasm backend's memory.
 * @param backend the wasm backend
 * @returns its `WebAssembly.Memory`
 * @throws {Error} when it cannot be found
 */
export function backendMemory(backend: WasmBackend): WebAssembly.Memory {
  const module = backend.wasm as unknown as EmscriptenModuleLike;
  const memory = module.wasmMemory ?? (module.asm?.memory as WebAssembly.Memory | undefined);
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error(
      "Cannot load the wasm training kernels as the wasm backend's memory was not found — is @tensorflow/tfjs-backend-wasm 4.22?",
    );
  }
  return memory;
}

/**
 * Our kernels, instantiated once per wasm backend instance against its memory.
 * @param backend the wasm backend
 * @returns the kernel functions
 * @throws {Error} when the backend's memory cannot be found
 */
export function nativeKernels(backend: WasmBackend): NativeKernels {
  const module = backend.wasm as unknown as EmscriptenModuleLike;
  let kernels = loaded.get(module);
  if (kernels !== undefined) return kernels;
  const memory = backendMemory(backend);
  const instance = new WebAssembly.Instance(kernelsModule(isShared(memory)), { env: { memory } });
  kernels = instance.exports as unknown as NativeKernels;
  loaded.set(module, kernels);
  return kernels;
}
