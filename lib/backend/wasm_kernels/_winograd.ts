/**
 * 3×3 stride-1 convolutions by Winograd's F(2×2, 3×3) (winograd.c): the forward pass, and the
 * input gradient as the forward pass of dy with the filter turned 180° and its channels
 * swapped. Tiles of 2×2 outputs are split among the kernel pool's threads.
 * @module
 */
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { addressOf, free, makeOutput, type WasmBackend } from "./_kernel_utils.ts";
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import { GEMM_ACTIVATIONS } from "./_gemm.ts";

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
}

/**
 * Runs a 3×3 stride-1 convolution by Winograd F(2×2, 3×3).
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
  const tiles = n * Math.ceil(job.oh / 2) * Math.ceil(job.ow / 2);
  if (tiles === 0 || outC === 0) return out;
  const up = makeOutput(backend, [native.wino_filter_floats(c, outC)]);
  native.wino_filter(
    addressOf(backend, job.filter),
    addressOf(backend, up),
    ci,
    co,
    job.flip ? 1 : 0,
  );
  const pool = kernelPool(backend);
  const parts = splitRange(tiles, pool?.threads ?? 1);
  const work = native.wino_fwd_work_floats(c, outC);
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
    if (pool === undefined || parts.length === 1) {
      for (const a of addresses) native.wino_fwd_job(a);
    } else {
      pool.run("wino_fwd_job", addresses.map((a) => [a]));
    }
  } finally {
    free(backend, up, ...blocks);
  }
  return out;
}

const DW_SLOTS = 16;

/**
 * The filter gradient of a 3×3 stride-1 convolution by Winograd F(2×2, 3×3): each thread sums
 * its tiles' transformed products into its own accumulator; the accumulators are added and
 * transformed back.
 * @param backend the wasm backend
 * @param x the conv input `[N, H, W, CI]`
 * @param dy the output gradient `[N, OH, OW, CO]`
 * @param pt padding before the first row
 * @param pl padding before the first column
 * @returns dw `[3, 3, CI, CO]`
 */
export function winogradFilterGrad(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  pt: number,
  pl: number,
): TensorInfo {
  const native = nativeKernels(backend);
  const [n, h, w, c] = x.shape;
  const [, oh, ow, co] = dy.shape;
  const dw = makeOutput(backend, [3, 3, c, co]);
  const tiles = n * Math.ceil(oh / 2) * Math.ceil(ow / 2);
  const pool = kernelPool(backend);
  const parts = splitRange(Math.max(tiles, 1), pool?.threads ?? 1);
  const accFloats = native.wino_dw_floats(c, co);
  const work = native.wino_dw_work_floats(c, co);
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
    if (pool === undefined || parts.length === 1) {
      for (const a of addresses) native.wino_dw_job(a);
    } else {
      pool.run("wino_dw_job", addresses.map((a) => [a]));
    }
    const acc0 = addresses[0] + 4 * DW_SLOTS;
    for (let i = 1; i < addresses.length; i++) {
      native.add_into(acc0, addresses[i] + 4 * DW_SLOTS, accFloats);
    }
    native.wino_dw_final(acc0, addressOf(backend, dw), c, co);
  } finally {
    free(backend, ...blocks);
  }
  return dw;
}
