/**
 * The matrix product of gemm.c, C = A·B (+ C) (+ bias, activation), as used by the kernels:
 * operands are described (a matrix with strides, or the patches of an NHWC image), the job is
 * written into parameter blocks on the wasm heap, and the kernel pool's threads each compute a
 * disjoint range of C's rows or columns.
 * @module
 */
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { addressOf, free, makeOutput, type WasmBackend } from "./_kernel_utils.ts";
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool } from "./_pool.ts";

/** A matrix: element (r, c) at float index `r * rs + c * cs` from byte address `ptr`. */
export interface MatOperand {
  /** `mat` */
  kind: "mat";
  /** byte address of element (0, 0) */
  ptr: number;
  /** row stride in floats */
  rs: number;
  /** column stride in floats */
  cs: number;
}

/** Conv geometry of an NHWC image read as a matrix of patches (see gemm.c). */
export interface ConvGeometry {
  /** image height, width and channels */
  h: number;
  /** image width */
  w: number;
  /** channels */
  c: number;
  /** output height (patch rows per image) */
  oh: number;
  /** output width */
  ow: number;
  /** filter width (taps per row) */
  kw: number;
  /** strides */
  sh: number;
  /** stride along the width */
  sw: number;
  /** dilations */
  dh: number;
  /** dilation along the width */
  dw: number;
  /** padding before the first row and column */
  pt: number;
  /** padding before the first column */
  pl: number;
}

/**
 * The patches of an NHWC image at byte address `ptr`: `im2col` has one row per output pixel and
 * one column per tap (kh, kw, ci); `im2col_t` is its transpose.
 */
export interface PatchOperand extends ConvGeometry {
  /** which way round */
  kind: "im2col" | "im2col_t";
  /** byte address of the image batch */
  ptr: number;
}

/** Where C goes: a matrix with leading dimension `ld`, row m at `ptr + 4 * m * ld`. */
export interface MatDest {
  /** `mat` */
  kind: "mat";
  /** byte address of C[0, 0] */
  ptr: number;
  /** floats between rows */
  ld: number;
}

/**
 * Where C goes for one sub-pixel phase of a strided transposed convolution: row m is pixel
 * (n, u, v) of a `qh × qw` grid per image and lands at pixel (n, u·sh + r0h, v·sw + r0w) of an
 * NHWC `[h, w, c]` image (dropped outside it); column n is the channel.
 */
export interface PhaseDest {
  /** `phase` */
  kind: "phase";
  /** byte address of the image batch */
  ptr: number;
  /** image height */
  h: number;
  /** image width */
  w: number;
  /** channels (floats per pixel) */
  c: number;
  /** grid rows per image */
  qh: number;
  /** grid columns */
  qw: number;
  /** row step in the image */
  sh: number;
  /** column step */
  sw: number;
  /** image row of grid row 0 */
  r0h: number;
  /** image column of grid column 0 */
  r0w: number;
}

/** Activations gemm.c applies after the bias. */
export const GEMM_ACTIVATIONS = { linear: 0, relu: 1, leakyrelu: 2 } as const;

/** One product C[m, n] = Σ_k A[m, k]·B[k, n]. */
export interface GemmJob {
  /** rows of C */
  m: number;
  /** columns of C */
  n: number;
  /** the inner dimension */
  k: number;
  /** A: a matrix or image patches */
  a: MatOperand | PatchOperand;
  /** B: a matrix */
  b: MatOperand;
  /** where C goes */
  c: MatDest | PhaseDest;
  /** add to C instead of overwriting it */
  accumulate?: boolean;
  /** byte address of a bias `[n]`, added to every row */
  bias?: number;
  /** the activation after the bias */
  activation?: keyof typeof GEMM_ACTIVATIONS;
  /** leaky relu's slope */
  alpha?: number;
}

// The parameter block's layout: gemm.c's G_*, S_*, D_* slots.
const SLOTS = 64;
const G = { m: 0, n: 1, k: 2, m0: 3, m1: 4, n0: 5, n1: 6, beta: 7, act: 8, alpha: 9 } as const;
const G_BIAS = 10, G_WORK = 11, G_A = 16, G_B = 32, G_C = 48;
const MR = 6, NR = 8;

function writeOperand(v: Int32Array, at: number, s: MatOperand | PatchOperand): void {
  if (s.kind === "mat") {
    v.set([0, s.ptr, s.rs, s.cs], at);
    return;
  }
  v.set([
    s.kind === "im2col" ? 1 : 2,
    s.ptr,
    s.h,
    s.w,
    s.c,
    s.oh,
    s.ow,
    s.kw,
    s.sh,
    s.sw,
    s.dh,
    s.dw,
    s.pt,
    s.pl,
  ], at);
}

function writeDest(v: Int32Array, at: number, d: MatDest | PhaseDest): void {
  if (d.kind === "mat") {
    v.set([0, d.ptr, d.ld], at);
    return;
  }
  v.set([1, d.ptr, d.h, d.w, d.c, d.qh, d.qw, d.sh, d.sw, d.r0h, d.r0w], at);
}

/**
 * Splits C among `threads` threads: along the rows or the columns, whichever makes the threads
 * repeat less packing (splitting rows makes every thread pack all of B, splitting columns all of
 * A; patches cost about twice as much to pack as a matrix).
 * @param job the product
 * @param threads threads available
 * @returns [m0, m1, n0, n1] per thread
 */
export function splitGemm(job: GemmJob, threads: number): [number, number, number, number][] {
  const { m, n, k } = job;
  const rowTiles = Math.ceil(m / MR), colTiles = Math.ceil(n / NR);
  const aCost = (job.a.kind === "mat" ? 1 : 2) * m * k, bCost = k * n;
  const byRows = rowTiles >= threads && (bCost <= aCost || colTiles < threads);
  const tiles = byRows ? rowTiles : colTiles;
  const parts = Math.max(1, Math.min(threads, tiles));
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const t0 = Math.floor((i * tiles) / parts), t1 = Math.floor(((i + 1) * tiles) / parts);
    if (byRows) out.push([t0 * MR, Math.min(m, t1 * MR), 0, n]);
    else out.push([0, m, t0 * NR, Math.min(n, t1 * NR)]);
  }
  return out;
}

/**
 * Runs one product on the kernel pool's threads (or this thread alone).
 * @param backend the wasm backend
 * @param job the product
 */
export function runGemm(backend: WasmBackend, job: GemmJob): void {
  if (job.m === 0 || job.n === 0) return;
  const native = nativeKernels(backend);
  const pool = kernelPool(backend);
  const parts = splitGemm(job, pool?.threads ?? 1);
  const workFloats = native.gemm_work_floats();
  const blocks: TensorInfo[] = parts.map(() => makeOutput(backend, [SLOTS + workFloats]));
  const memory = backendMemory(backend);
  const addresses = blocks.map((b) => addressOf(backend, b));
  const alphaBits = new Int32Array(new Float32Array([job.alpha ?? 0]).buffer)[0];
  for (const [i, [m0, m1, n0, n1]] of parts.entries()) {
    const v = new Int32Array(memory.buffer, addresses[i], SLOTS);
    v.fill(0);
    v[G.m] = job.m, v[G.n] = job.n, v[G.k] = job.k;
    v[G.m0] = m0, v[G.m1] = m1, v[G.n0] = n0, v[G.n1] = n1;
    v[G.beta] = job.accumulate ? 1 : 0;
    v[G.act] = GEMM_ACTIVATIONS[job.activation ?? "linear"];
    v[G.alpha] = alphaBits;
    v[G_BIAS] = job.bias ?? 0;
    v[G_WORK] = addresses[i] + 4 * SLOTS;
    writeOperand(v, G_A, job.a);
    writeOperand(v, G_B, job.b);
    writeDest(v, G_C, job.c);
  }
  try {
    if (pool === undefined || parts.length === 1) {
      for (const a of addresses) native.gemm_job(a);
    } else {
      pool.run("gemm_job", addresses.map((a) => [a]));
    }
  } finally {
    free(backend, ...blocks);
  }
}
