/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering (winograd.c): the forward pass, the
 * input gradient (the forward pass of dy with the filter turned 180° and its channels swapped)
 * and the filter gradient. Two tile sizes: F(2×2, 3×3) (4×4 input tiles, 16 products per 4
 * outputs) and F(4×4, 3×3) (6×6 tiles, 36 products per 16 outputs); {@linkcode winogradTile}
 * picks the one with fewer products for the output's size, counting the tiles that overhang its
 * edges. Tiles are split among the kernel pool's threads.
 * @module
 */
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { addressOf, free, makeOutput, type WasmBackend } from "./_kernel_utils.ts";
import { backendMemory, type NativeKernels, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import { GEMM_ACTIVATIONS } from "./_gemm.ts";

/** Output tile size: 2 for F(2×2, 3×3), 4 for F(4×4, 3×3). */
export type WinogradTile = 2 | 4;

/**
 * The tile size with fewer products over an `oh × ow` output (F(4×4) also costs more per tile
 * to transform, which the 1.15 weighs in).
 * @param oh output height
 * @param ow output width
 * @returns 2 or 4
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(winogradTile(24, 24), 4); // 36 tiles × 36 against 144 × 16
 * assertEquals(winogradTile(3, 3), 2);
 * ```
 */
export function winogradTile(oh: number, ow: number): WinogradTile {
  const f2 = Math.ceil(oh / 2) * Math.ceil(ow / 2) * 16;
  const f4 = Math.ceil(oh / 4) * Math.ceil(ow / 4) * 36;
  return 1.15 * f4 < f2 ? 4 : 2;
}

/** winograd.c's functions for one tile size. */
interface Variant {
  filterFloats(k: number, n: number): number;
  filter(w: number, up: number, ci: number, co: number, flip: number): void;
  fwdWorkFloats(c: number, co: number): number;
  fwdJob: "wino_fwd_job" | "wino4_fwd_job";
  dwFloats(c: number, co: number): number;
  dwWorkFloats(c: number, co: number): number;
  dwJob: "wino_dw_job" | "wino4_dw_job";
  dwFinal(du: number, dw: number, c: number, co: number): void;
}

function variant(native: NativeKernels, tile: WinogradTile): Variant {
  return tile === 2
    ? {
      filterFloats: native.wino_filter_floats,
      filter: native.wino_filter,
      fwdWorkFloats: native.wino_fwd_work_floats,
      fwdJob: "wino_fwd_job",
      dwFloats: native.wino_dw_floats,
      dwWorkFloats: native.wino_dw_work_floats,
      dwJob: "wino_dw_job",
      dwFinal: native.wino_dw_final,
    }
    : {
      filterFloats: native.wino4_filter_floats,
      filter: native.wino4_filter,
      fwdWorkFloats: native.wino4_fwd_work_floats,
      fwdJob: "wino4_fwd_job",
      dwFloats: native.wino4_dw_floats,
      dwWorkFloats: native.wino4_dw_work_floats,
      dwJob: "wino4_dw_job",
      dwFinal: native.wino4_dw_final,
    };
}

/** Runs `job` over parameter blocks, on the pool's threads when there are several. */
function runJobs(
  backend: WasmBackend,
  job: Variant["fwdJob"] | Variant["dwJob"],
  addresses: number[],
): void {
  const pool = kernelPool(backend);
  if (pool === undefined || addresses.length === 1) {
    const fn = nativeKernels(backend)[job];
    for (const a of addresses) fn(a);
  } else {
    pool.run(job, addresses.map((a) => [a]));
  }
}

const FWD_SLOTS = 24;

/** What {@linkcode winogradConv} computes. */
export interface WinogradConv {
  /** the input `[N, H, W, C]` */
  x: TensorInfo;
  /** the filter `[3, 3, CI, CO]` */
  filter: TensorInfo;
  /** false: out = conv(x, filter) with C = CI; true: the input gradient's conv, C = CO */
  flip: boolean;
  /** the output's height and width */
  oh: number;
  /** output width */
  ow: number;
  /** padding before the first row and column */
  pt: number;
  /** padding before the first column */
  pl: number;
  /** `[outChannels]` bias, if any */
  bias?: TensorInfo;
  /** activation after the bias */
  activation?: keyof typeof GEMM_ACTIVATIONS;
  /** leaky relu's slope */
  alpha?: number;
  /** the tile size (default: {@linkcode winogradTile}) */
  tile?: WinogradTile;
}

/**
 * Runs a 3×3 stride-1 convolution by Winograd.
 * @param backend the wasm backend
 * @param job the convolution
 * @returns the output `[N, oh, ow, outChannels]`
 */
export function winogradConv(backend: WasmBackend, job: WinogradConv): TensorInfo {
  const native = nativeKernels(backend);
  const [n, h, w, c] = job.x.shape;
  const [, , ci, co] = job.filter.shape;
  const outC = job.flip ? ci : co;
  const out = makeOutput(backend, [n, job.oh, job.ow, outC]);
  const tile = job.tile ?? winogradTile(job.oh, job.ow);
  const tiles = n * Math.ceil(job.oh / tile) * Math.ceil(job.ow / tile);
  if (tiles === 0 || outC === 0) return out;
  const v = variant(native, tile);
  const up = makeOutput(backend, [v.filterFloats(c, outC)]);
  v.filter(addressOf(backend, job.filter), addressOf(backend, up), ci, co, job.flip ? 1 : 0);
  const parts = splitRange(tiles, kernelPool(backend)?.threads ?? 1);
  const work = v.fwdWorkFloats(c, outC);
  const blocks = parts.map(() => makeOutput(backend, [FWD_SLOTS + work]));
  const addresses = blocks.map((b) => addressOf(backend, b));
  const memory = backendMemory(backend);
  const alphaBits = new Int32Array(new Float32Array([job.alpha ?? 0]).buffer)[0];
  for (const [i, [t0, t1]] of parts.entries()) {
    new Int32Array(memory.buffer, addresses[i], FWD_SLOTS).set([
      addressOf(backend, job.x),
      n,
      h,
      w,
      c,
      job.oh,
      job.ow,
      outC,
      job.pt,
      job.pl,
      addressOf(backend, up),
      addressOf(backend, job.bias),
      GEMM_ACTIVATIONS[job.activation ?? "linear"],
      alphaBits,
      addressOf(backend, out),
      t0,
      t1,
      addresses[i] + 4 * FWD_SLOTS,
    ]);
  }
  try {
    runJobs(backend, v.fwdJob, addresses);
  } finally {
    free(backend, up, ...blocks);
  }
  return out;
}

const DW_SLOTS = 16;

/**
 * The filter gradient of a 3×3 stride-1 convolution by Winograd: each thread sums its tiles'
 * transformed products into its own accumulator; the accumulators are added and transformed
 * back.
 * @param backend the wasm backend
 * @param x the conv input `[N, H, W, CI]`
 * @param dy the output gradient `[N, OH, OW, CO]`
 * @param pt padding before the first row
 * @param pl padding before the first column
 * @param tile the tile size (default: {@linkcode winogradTile} of dy's size)
 * @returns dw `[3, 3, CI, CO]`
 */
export function winogradFilterGrad(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  pt: number,
  pl: number,
  tile?: WinogradTile,
): TensorInfo {
  const native = nativeKernels(backend);
  const [n, h, w, c] = x.shape;
  const [, oh, ow, co] = dy.shape;
  const size = tile ?? winogradTile(oh, ow);
  const v = variant(native, size);
  const dw = makeOutput(backend, [3, 3, c, co]);
  const tiles = n * Math.ceil(oh / size) * Math.ceil(ow / size);
  const parts = splitRange(Math.max(tiles, 1), kernelPool(backend)?.threads ?? 1);
  const accFloats = v.dwFloats(c, co);
  const work = v.dwWorkFloats(c, co);
  const blocks = parts.map(() => makeOutput(backend, [DW_SLOTS + accFloats + work]));
  const addresses = blocks.map((b) => addressOf(backend, b));
  const memory = backendMemory(backend);
  for (const [i, [t0, t1]] of parts.entries()) {
    new Int32Array(memory.buffer, addresses[i], DW_SLOTS).set([
      addressOf(backend, x),
      n,
      h,
      w,
      c,
      oh,
      ow,
      co,
      pt,
      pl,
      addressOf(backend, dy),
      addresses[i] + 4 * DW_SLOTS,
      Math.min(t0, tiles),
      Math.min(t1, tiles),
      addresses[i] + 4 * (DW_SLOTS + accFloats),
    ]);
  }
  try {
    runJobs(backend, v.dwJob, addresses);
    const acc0 = addresses[0] + 4 * DW_SLOTS;
    for (let i = 1; i < addresses.length; i++) {
      native.add_into(acc0, addresses[i] + 4 * DW_SLOTS, accFloats);
    }
    v.dwFinal(acc0, addressOf(backend, dw), c, co);
  } finally {
    free(backend, ...blocks);
  }
  return dw;
}
