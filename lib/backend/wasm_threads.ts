/**
 * Multi-threaded XNNPACK for the `wasm` backend under Deno.
 *
 * `@tensorflow/tfjs-backend-wasm` ships a threaded SIMD build (pthreads on SharedArrayBuffer),
 * but out of the box it never runs under Deno, for three reasons this module works around while
 * the backend initialises:
 * 1. TF.js turns `WASM_HAS_MULTITHREAD_SUPPORT` off whenever it thinks it runs on Node (Deno's
 *    `process` makes it think so): we set the flag ourselves after checking SharedArrayBuffer and
 *    wasm atomics.
 * 2. Emscripten's Node path starts its pthread workers with `node:worker_threads` from a
 *    `blob:` URL, which Deno's `Worker` refuses ("must be an absolute path"): we write the
 *    worker script to a temporary `.cjs` file and hand out its path instead, with two fixes in
 *    it (it assigns the read-only `location` global, and it loads the main script from a Blob).
 * 3. TF.js caps the thread count at half of `os.cpus().length` (it assumes hyper-threading), so a
 *    2-core machine gets one thread: we report twice the requested count while it initialises.
 * The workers are then `unref()`ed so that a script can exit with the pool still alive, and our
 * own kernels (kernels.c) get a pool of as many threads on the same shared memory.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";
import os from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKernelPool } from "./wasm_kernels/_pool.ts";
import type { WasmBackend } from "./wasm_kernels/_kernel_utils.ts";

/** What {@linkcode initWasmWithThreads} did. */
export interface WasmThreadsResult {
  /** whether `tf.setBackend("wasm")` succeeded */
  ok: boolean;
  /** XNNPACK threads in use (1 when single-threaded) */
  threads: number;
  /** why threads are not in use, when `threads` is 1 */
  note?: string;
}

const WORKER_LOAD_NEEDLE =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}' +
  "else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);" +
  "URL.revokeObjectURL(objectUrl)}";
const WORKER_LOCATION_NEEDLE = "location:{href:__filename},";

/**
 * Whether this runtime can run wasm threads: SharedArrayBuffer and wasm atomics.
 * @returns true when both are there
 */
export function wasmThreadsSupported(): boolean {
  try {
    if (typeof SharedArrayBuffer === "undefined") return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    // A module with a shared memory and an atomic.notify (wasm-feature-detect's test).
    return WebAssembly.validate(
      new Uint8Array([
        0,
        97,
        115,
        109,
        1,
        0,
        0,
        0,
        1,
        4,
        1,
        96,
        0,
        0,
        3,
        2,
        1,
        0,
        5,
        4,
        1,
        3,
        1,
        1,
        10,
        11,
        1,
        9,
        0,
        65,
        0,
        254,
        16,
        2,
        0,
        26,
        11,
      ]),
    );
  } catch {
    return false;
  }
}

/** Builds the patched pthread worker script; throws when the package's script changed. */
function patchedWorkerScript(): string {
  const packageMain = fileURLToPath(import.meta.resolve("@tensorflow/tfjs-backend-wasm"));
  const wasmOut = join(dirname(packageMain), "..", "wasm-out");
  const require = createRequire(packageMain);
  const source: string =
    require(join(wasmOut, "tfjs-backend-wasm-threaded-simd.worker.js")).wasmWorkerContents;
  if (!source.includes(WORKER_LOAD_NEEDLE) || !source.includes(WORKER_LOCATION_NEEDLE)) {
    throw new Error("the threaded worker script of @tensorflow/tfjs-backend-wasm is not 4.22's");
  }
  const glue = join(wasmOut, "tfjs-backend-wasm-threaded-simd.js");
  return source
    .replace(WORKER_LOAD_NEEDLE, `importScripts(${JSON.stringify(glue)});`)
    .replace(WORKER_LOCATION_NEEDLE, "")
    // TF.js does the same before making its Blob: newlines inside string literals.
    .replace(/\n/g, "\\n");
}

interface PThreadLike {
  runningWorkers: { unref?: () => void }[];
  unusedWorkers: { unref?: () => void }[];
}

/**
 * Initialises the `wasm` backend, with `threads` XNNPACK threads when the runtime allows it.
 * Must run before anything else initialises the wasm backend; afterwards it only reports.
 *
 * @param threads the XNNPACK thread count wanted (1 = the single-threaded SIMD build)
 * @returns whether the backend initialised, and with how many threads
 */
export async function initWasmWithThreads(threads: number): Promise<WasmThreadsResult> {
  if (tf.engine().registry.wasm !== undefined) {
    const ok = await tf.setBackend("wasm");
    return { ok, threads: ok ? currentThreads() : 1, note: "the wasm backend was already set up" };
  }
  if (threads <= 1) return { ok: await tf.setBackend("wasm"), threads: 1, note: "1 thread asked" };
  if (!wasmThreadsSupported()) {
    return {
      ok: await tf.setBackend("wasm"),
      threads: 1,
      note: "this runtime has no SharedArrayBuffer or wasm atomics",
    };
  }
  let workerPath: string;
  try {
    workerPath = Deno.makeTempFileSync({ prefix: "tfjs-wasm-pthread-", suffix: ".cjs" });
    Deno.writeTextFileSync(workerPath, patchedWorkerScript());
  } catch (e) {
    return {
      ok: await tf.setBackend("wasm"),
      threads: 1,
      note: `cannot write the pthread worker script: ${(e as Error).message}`,
    };
  }
  const savedCreateObjectURL = URL.createObjectURL;
  const savedCpus = os.cpus;
  const savedWorker = globalThis.Worker;
  let ok = false;
  try {
    URL.createObjectURL = ((obj: Blob) =>
      obj instanceof Blob && obj.type === "application/javascript"
        ? workerPath
        : savedCreateObjectURL(obj)) as typeof URL.createObjectURL;
    (os as { cpus: () => os.CpuInfo[] }).cpus = () => {
      const real = savedCpus();
      return Array.from({ length: 2 * threads }, (_, i) =>
        real[i % real.length]);
    };
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
    tfwasm.setThreadsCount(threads);
    ok = await tf.setBackend("wasm");
  } finally {
    URL.createObjectURL = savedCreateObjectURL;
    (os as { cpus: () => os.CpuInfo[] }).cpus = savedCpus;
    globalThis.Worker = savedWorker;
    try {
      Deno.removeSync(workerPath);
    } catch { /* already gone */ }
  }
  if (!ok) {
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    tfwasm.setThreadsCount(1);
    return {
      ok: await tf.setBackend("wasm"),
      threads: 1,
      note: "the threaded wasm build failed to start",
    };
  }
  const pthread = (tf.findBackend("wasm") as unknown as { wasm: { PThread?: PThreadLike } }).wasm
    .PThread;
  for (const w of [...(pthread?.runningWorkers ?? []), ...(pthread?.unusedWorkers ?? [])]) {
    w.unref?.();
  }
  const actual = currentThreads();
  if (actual <= 1) return { ok, threads: actual, note: "XNNPACK kept 1" };
  try {
    // Our own kernels get as many threads, on the same shared memory.
    await startKernelPool(tf.findBackend("wasm") as unknown as WasmBackend, actual);
  } catch (e) {
    return { ok, threads: actual, note: `our kernels run on 1 thread: ${(e as Error).message}` };
  }
  return { ok, threads: actual };
}

function currentThreads(): number {
  try {
    return tfwasm.getThreadsCount();
  } catch {
    return 1;
  }
}
