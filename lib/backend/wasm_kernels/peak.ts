/**
 * The floating-point peak of our wasm SIMD tile kernel on this machine: the 6×8 register tile of
 * the matrix product (kernels.h) run over operands that stay in L1, on one thread and on the
 * kernel pool's threads. The profile of `deno task bench --profile` divides achieved rates by it.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { TensorInfo } from "@tensorflow/tfjs-core";
import { addressOf, free, makeOutput, type WasmBackend } from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { kernelPool } from "./_pool.ts";

/** What {@linkcode measureWasmPeak} found. */
export interface WasmPeak {
  /** GFLOP/s of one thread */
  oneThread: number;
  /** GFLOP/s of all the pool's threads together (= oneThread without a pool) */
  allThreads: number;
  /** the pool's threads (1 without a pool) */
  threads: number;
}

const KC = 256;

/**
 * Measures the tile kernel's peak: the best of `trials` short runs of about `seconds` each
 * (short, so that on a shared machine some run is not interrupted).
 * @param options trials and the length of each
 * @returns GFLOP/s on one thread and on all the pool's threads
 * @throws {Error} when the wasm backend is not initialised
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerWasmTrainingKernels } from "./register.ts";
 * import { measureWasmPeak } from "./peak.ts";
 * registerWasmTrainingKernels();
 * await tf.setBackend("wasm");
 * const peak = measureWasmPeak({ seconds: 0.01 });
 * console.log(peak.oneThread > 0); // true
 * ```
 */
export function measureWasmPeak(
  options: { trials?: number; seconds?: number } = {},
): WasmPeak {
  if (tf.engine().registry.wasm === undefined) {
    throw new Error("Cannot measure the wasm peak as the wasm backend is not initialised");
  }
  const backend = tf.findBackend("wasm") as unknown as WasmBackend;
  const native = nativeKernels(backend);
  const pool = kernelPool(backend);
  const threads = pool?.threads ?? 1;
  const trials = options.trials ?? 40, seconds = options.seconds ?? 0.004;
  // One set of operands per thread, each in its own allocation (no false sharing of c).
  const buffers: TensorInfo[] = Array.from(
    { length: threads },
    () => makeOutput(backend, [(6 + 8) * KC + 48 + 16]),
  );
  try {
    for (const b of buffers) backend.typedArrayFromHeap(b).fill(1e-3);
    const args = buffers.map((b) => {
      const a = addressOf(backend, b);
      return [a, a + 4 * 6 * KC, a + 4 * 14 * KC, KC];
    });
    // Calibrate the repetitions to about `seconds` on one thread (after a warm-up).
    let reps = 64;
    native.peak_job(args[0][0], args[0][1], args[0][2], KC, reps);
    for (;;) {
      const t0 = performance.now();
      native.peak_job(args[0][0], args[0][1], args[0][2], KC, reps);
      const ms = performance.now() - t0;
      if (ms > 1000 * seconds / 4 || reps > 1 << 24) {
        reps = Math.max(1, Math.round(reps * (1000 * seconds) / Math.max(ms, 1e-3)));
        break;
      }
      reps *= 4;
    }
    const flops = 96 * KC * reps;
    const best = (run: () => void, parallel: number) => {
      let ms = Infinity;
      for (let t = 0; t < trials; t++) {
        const t0 = performance.now();
        run();
        ms = Math.min(ms, performance.now() - t0);
      }
      return (parallel * flops) / (ms * 1e6);
    };
    const oneThread = best(() => native.peak_job(args[0][0], args[0][1], args[0][2], KC, reps), 1);
    const allThreads = pool === undefined ? oneThread : best(
      () => pool.run("peak_job", args.map((a) => [...a, reps])),
      threads,
    );
    return { oneThread, allThreads, threads };
  } finally {
    free(backend, ...buffers);
  }
}
