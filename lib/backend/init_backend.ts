/**
 * Choosing and initialising the TF.js backend: the one call every notebook makes first.
 *
 * Automatic order, fastest first: native `tensorflow` (tfjs-node-gpu, then tfjs-node, when
 * installed), `webgpu` on a hardware GPU adapter, `wasm` with our training kernels, `cpu`.
 * `TFJS_BACKEND=<name>` forces one; `TFJS_WASM_THREADS=<n>` sets the wasm thread count.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import { loadNativeBackend } from "./native.ts";
import { activateWebGpu, probeWebGpu } from "./webgpu.ts";
import { initWasmWithThreads } from "./wasm_threads.ts";
import { registerWasmTrainingKernels } from "./wasm_kernels/mod.ts";
import { guardWasmHeap } from "./wasm_memory.ts";
import {
  BACKEND_NAMES,
  type BackendName,
  parseWasmThreads,
  type WasmThreadsSetting,
  wasmThreadsSetting,
} from "./settings.ts";

/** A backend that was considered and not used, and why. */
export interface SkippedBackend {
  /** the backend's name */
  name: string;
  /** why it was not used */
  why: string;
}

/** The outcome of {@linkcode initBackend}. */
export interface BackendChoice {
  /** the backend now active, e.g. `wasm` */
  name: string;
  /** why it was chosen, and what it runs on */
  reason: string;
  /** the faster backends that were skipped, and why */
  skipped: SkippedBackend[];
  /** for `wasm`: the XNNPACK thread count */
  threads?: number;
}

export { BACKEND_NAMES, type BackendName } from "./settings.ts";

/** Options of {@linkcode initBackend}. */
export interface InitBackendOptions {
  /**
   * Forces a backend (overrides `TFJS_BACKEND`).
   * @default the TFJS_BACKEND environment variable, else automatic
   */
  backend?: string;
  /**
   * XNNPACK threads for `wasm` (1 = single-threaded). Only the first initialisation of the
   * wasm backend in a process decides it.
   * @default TFJS_WASM_THREADS, else the number of CPU cores (at most 4)
   */
  wasmThreads?: number;
}

function env(name: string): string | undefined {
  try {
    const v = Deno.env.get(name);
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  } catch {
    return undefined;
  }
}

/**
 * The wasm thread count: `TFJS_WASM_THREADS`, else the core count capped at 4.
 * @returns a count from 1 to 8 (`MAX_WASM_THREADS`)
 * @throws {RangeError} when TFJS_WASM_THREADS is not a whole number from 1 to 8
 */
export function defaultWasmThreads(): number {
  return wasmThreadsSetting().threads;
}

interface Attempt {
  ok: boolean;
  /** why it was used (ok) or skipped */
  detail: string;
  threads?: number;
}

async function tryTensorflow(): Promise<Attempt> {
  const r = await loadNativeBackend();
  return { ok: r.ok, detail: r.detail };
}

async function tryWebGpu(allowSoftware: boolean): Promise<Attempt> {
  const probe = await probeWebGpu();
  if (!probe.available) return { ok: false, detail: probe.why ?? "no WebGPU adapter" };
  if (probe.software && !allowSoftware) {
    return {
      ok: false,
      detail: `only a software adapter (${probe.adapter}): it runs on the CPU, slower than wasm`,
    };
  }
  try {
    if (!(await activateWebGpu())) {
      return { ok: false, detail: `adapter ${probe.adapter} failed to initialise` };
    }
  } catch (e) {
    return { ok: false, detail: `webgpu failed on ${probe.adapter}: ${(e as Error).message}` };
  }
  const adapter = `${probe.adapter}${probe.software ? " (software adapter, on the CPU)" : ""}`;
  return {
    ok: true,
    detail: `WebGPU on ${adapter}; the library reads tensors asynchronously (await data()), ` +
      `so it works on webgpu, which has no dataSync() under Deno`,
  };
}

async function tryWasm(threads: number, why: string): Promise<Attempt> {
  registerWasmTrainingKernels();
  let r;
  try {
    r = await initWasmWithThreads(threads);
  } catch (e) {
    return { ok: false, detail: `wasm failed to initialise: ${(e as Error).message}` };
  }
  if (!r.ok) return { ok: false, detail: "wasm failed to initialise" };
  guardWasmHeap(tf.backend()); // a full heap throws instead of hanging (see wasm_memory.ts)
  const kept = r.threads === threads ? why : `${threads} asked (${why}), ${r.threads} in use`;
  const how = `${r.threads} thread${r.threads > 1 ? "s" : ""} (${kept}${
    r.note ? `; ${r.note}` : ""
  })`;
  return {
    ok: true,
    detail: `XNNPACK SIMD with our training kernels, ${how}`,
    threads: r.threads,
  };
}

async function tryCpu(): Promise<Attempt> {
  return (await tf.setBackend("cpu"))
    ? { ok: true, detail: "plain JavaScript (slow)" }
    : { ok: false, detail: "cpu failed to initialise" };
}

async function attempt(
  name: BackendName,
  forced: boolean,
  threads: WasmThreadsSetting,
): Promise<Attempt> {
  switch (name) {
    case "tensorflow":
      return await tryTensorflow();
    case "webgpu":
      return await tryWebGpu(forced);
    case "wasm":
      return await tryWasm(threads.threads, threads.why);
    case "cpu":
      return await tryCpu();
  }
}

/**
 * Picks and activates the fastest working backend, or the one named by `TFJS_BACKEND`.
 *
 * @param options `backend` forces one (overrides `TFJS_BACKEND`); `wasmThreads`
 * @returns which backend is active, why, and why the faster ones were skipped
 * @throws {RangeError} when the forced name is unknown or that backend cannot be used
 * @example
 * ```ts
 * import { initBackend } from "./init_backend.ts";
 * const choice = await initBackend({ backend: "cpu" });
 * console.log(choice.name); // "cpu"
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  const forced = options.backend ?? env("TFJS_BACKEND");
  const source = options.backend !== undefined ? "options.backend" : "TFJS_BACKEND";
  const threads: WasmThreadsSetting = options.wasmThreads !== undefined
    ? {
      threads: parseWasmThreads(String(options.wasmThreads), "options.wasmThreads"),
      why: `options.wasmThreads = ${options.wasmThreads}`,
    }
    : wasmThreadsSetting();
  if (forced !== undefined) {
    const name = forced.toLowerCase();
    if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
      throw new RangeError(
        `Cannot use ${source} '${forced}' as a backend: it must be one of ${
          BACKEND_NAMES.join(", ")
        } — unset it to choose automatically`,
      );
    }
    const r = await attempt(name as BackendName, true, threads);
    if (!r.ok) {
      throw new RangeError(
        `Cannot use ${source} '${forced}' as that backend is unavailable: ${r.detail} — unset it or pick another of ${
          BACKEND_NAMES.join(", ")
        }`,
      );
    }
    return {
      name,
      reason: `forced by ${source}: ${r.detail}`,
      skipped: [],
      ...(r.threads !== undefined ? { threads: r.threads } : {}),
    };
  }
  const skipped: SkippedBackend[] = [];
  for (const name of BACKEND_NAMES) {
    const r = await attempt(name, false, threads);
    if (r.ok) {
      return {
        name,
        reason: r.detail,
        skipped,
        ...(r.threads !== undefined ? { threads: r.threads } : {}),
      };
    }
    skipped.push({ name, why: r.detail });
  }
  throw new Error(
    `Cannot initialise any TF.js backend: ${skipped.map((s) => `${s.name}: ${s.why}`).join("; ")}`,
  );
}
