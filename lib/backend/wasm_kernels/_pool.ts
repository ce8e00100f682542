/**
 * Runs our kernels on several threads when the wasm backend is the threaded build (its memory is
 * a SharedArrayBuffer): worker threads instantiate kernels.c against the same memory and wait on
 * a shared control block; a job hands each thread its slice (e.g. a range of images), the main
 * thread runs the first slice, then waits with `Atomics.wait` until the others are done (a round
 * trip costs about 15 µs, against milliseconds of work).
 * @module
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { CTRL, CTRL_SLOTS, POOL_FUNCTIONS, type PoolFunction } from "./_pool_layout.ts";
import { backendMemory, isShared, kernelsModule, nativeKernels } from "./_native.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

/** Threads that run kernels.c functions on slices of a job. */
export class KernelPool {
  readonly #ctrl: Int32Array;
  readonly #workers: Worker[];
  readonly #main: Record<string, (...args: number[]) => void>;

  private constructor(
    ctrl: Int32Array,
    workers: Worker[],
    main: Record<string, (...a: number[]) => void>,
  ) {
    this.#ctrl = ctrl;
    this.#workers = workers;
    this.#main = main;
  }

  /** Threads in the pool, the main thread included. */
  get threads(): number {
    return this.#workers.length + 1;
  }

  /**
   * Starts `threads - 1` workers on the backend's shared memory.
   * @param backend the threaded wasm backend
   * @param threads threads wanted, the main thread included (2..16)
   * @returns the pool, ready
   * @throws {Error} when the backend's memory is not shared
   */
  static async start(backend: WasmBackend, threads: number): Promise<KernelPool> {
    const memory = backendMemory(backend);
    if (!isShared(memory)) {
      throw new Error("Cannot start a kernel pool as the wasm backend's memory is not shared");
    }
    const count = Math.max(1, Math.min(CTRL.maxWorkers, threads - 1));
    const sab = new SharedArrayBuffer(CTRL_SLOTS * 4);
    const ctrl = new Int32Array(sab);
    const module = kernelsModule(true);
    const script = fileURLToPath(new URL("./_pool_worker.ts", import.meta.url));
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const worker = new Worker(script, { workerData: { memory, module, ctrl: sab, index } });
      ready.push(
        new Promise((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
        }),
      );
      workers.push(worker);
    }
    await Promise.all(ready);
    for (const w of workers) w.unref();
    const main = nativeKernels(backend) as unknown as Record<string, (...a: number[]) => void>;
    return new KernelPool(ctrl, workers, main);
  }

  /**
   * Runs `fn` once per slice, slice 0 on the calling thread, the rest on workers, and returns
   * when all are done.
   * @param fn the kernels.c function
   * @param slices argument lists, at most {@linkcode threads}
   * @throws {RangeError} for too many slices or arguments
   * @throws {Error} when a worker's slice threw
   */
  run(fn: PoolFunction, slices: number[][]): void {
    if (slices.length === 0) return;
    if (slices.length > this.threads) {
      throw new RangeError(
        `Cannot run ${slices.length} slices on a pool of ${this.threads} threads`,
      );
    }
    const ctrl = this.#ctrl;
    const id = POOL_FUNCTIONS.indexOf(fn);
    for (let w = 0; w < this.#workers.length; w++) {
      const args = slices[w + 1];
      if (args === undefined) {
        ctrl[CTRL.fn + w] = CTRL.skip;
        continue;
      }
      if (args.length > CTRL.maxArgs) {
        throw new RangeError(
          `Cannot pass ${args.length} arguments to a pool worker (${CTRL.maxArgs} at most)`,
        );
      }
      ctrl[CTRL.fn + w] = id;
      ctrl[CTRL.argCount + w] = args.length;
      ctrl.set(args, CTRL.args + w * CTRL.maxArgs);
    }
    Atomics.store(ctrl, CTRL.failed, 0);
    Atomics.store(ctrl, CTRL.pending, this.#workers.length);
    Atomics.add(ctrl, CTRL.generation, 1);
    Atomics.notify(ctrl, CTRL.generation);
    try {
      this.#main[fn](...slices[0]);
    } finally {
      let pending: number;
      while ((pending = Atomics.load(ctrl, CTRL.pending)) > 0) {
        Atomics.wait(ctrl, CTRL.pending, pending, 1000);
      }
    }
    if (Atomics.load(ctrl, CTRL.failed) !== 0) {
      throw new Error(`A kernel pool thread failed in ${fn}`);
    }
  }

  /** Stops the workers. */
  stop(): void {
    for (let w = 0; w < this.#workers.length; w++) this.#ctrl[CTRL.fn + w] = CTRL.stop;
    Atomics.add(this.#ctrl, CTRL.generation, 1);
    Atomics.notify(this.#ctrl, CTRL.generation);
  }
}

const pools = new WeakMap<object, KernelPool>();

/**
 * Starts the kernel pool of a threaded wasm backend (once).
 * @param backend the wasm backend (threaded build)
 * @param threads threads, the main thread included
 * @returns the pool
 */
export async function startKernelPool(backend: WasmBackend, threads: number): Promise<KernelPool> {
  let pool = pools.get(backend.wasm);
  if (pool === undefined) {
    pool = await KernelPool.start(backend, threads);
    pools.set(backend.wasm, pool);
  }
  return pool;
}

/**
 * The backend's kernel pool, if one was started.
 * @param backend the wasm backend
 * @returns the pool or undefined (run single-threaded)
 */
export function kernelPool(backend: WasmBackend): KernelPool | undefined {
  return pools.get(backend.wasm);
}

/**
 * Splits `n` items into at most `parts` contiguous ranges of near-equal size.
 * @param n items
 * @param parts ranges wanted
 * @returns [start, end) pairs, none empty
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(splitRange(5, 2), [[0, 2], [2, 5]]);
 * ```
 */
export function splitRange(n: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, n));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const a = Math.floor((i * n) / k), b = Math.floor(((i + 1) * n) / k);
    if (b > a) out.push([a, b]);
  }
  return out;
}
