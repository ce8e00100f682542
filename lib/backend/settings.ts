/**
 * The backend settings a user can give (`TFJS_BACKEND`, `TFJS_WASM_THREADS`), parsed without
 * loading TF.js, so that `./lab report` can check them before it starts a kernel.
 * @module
 */

/** The backends this project knows, fastest first. */
export const BACKEND_NAMES = ["tensorflow", "webgpu", "wasm", "cpu"] as const;

/** One of {@linkcode BACKEND_NAMES}. */
export type BackendName = typeof BACKEND_NAMES[number];

/**
 * The most wasm threads: the threaded build of `@tensorflow/tfjs-backend-wasm` starts a pool of 8
 * pthread workers, and XNNPACK silently uses at most that many whatever is asked.
 */
export const MAX_WASM_THREADS = 8;

/** The automatic thread count's cap: beyond 4, our kernels gain little on a laptop. */
const AUTO_MAX_THREADS = 4;

/** A wasm thread count and why it is that. */
export interface WasmThreadsSetting {
  /** the thread count, 1 to {@linkcode MAX_WASM_THREADS} */
  threads: number;
  /** where it comes from, e.g. "TFJS_WASM_THREADS=2" or "one per core: 2 cores, at most 4" */
  why: string;
}

/** The number of CPU cores this process may use (at least 1). */
export function cpuCores(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

/**
 * Parses a wasm thread count.
 *
 * @param text the text, e.g. the value of `TFJS_WASM_THREADS`
 * @param name what the text is, for the message
 * @returns a whole number from 1 to {@linkcode MAX_WASM_THREADS}
 * @throws {RangeError} when `text` is not such a number
 * @example
 * ```ts
 * import { parseWasmThreads } from "./settings.ts";
 * parseWasmThreads("2"); // 2
 * ```
 */
export function parseWasmThreads(text: string, name = "TFJS_WASM_THREADS"): number {
  const v = text.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > MAX_WASM_THREADS) {
    throw new RangeError(
      `Cannot use ${name} '${v}' as a thread count: it must be a whole number from 1 to ` +
        `${MAX_WASM_THREADS} (the wasm build's most), and at most the ${cpuCores()} cores here ` +
        `to be of use — e.g. ${name}=${Math.min(cpuCores(), AUTO_MAX_THREADS)}, or unset it for ` +
        `one per core`,
    );
  }
  return n;
}

/**
 * The wasm thread count of this process: `TFJS_WASM_THREADS` when set, else one per core (at
 * most 4), and why.
 *
 * @param env reads an environment variable
 * @returns the count and where it comes from
 * @throws {RangeError} when `TFJS_WASM_THREADS` is not a whole number from 1 to 8
 * @example
 * ```ts
 * import { wasmThreadsSetting } from "./settings.ts";
 * wasmThreadsSetting(() => "2"); // { threads: 2, why: "TFJS_WASM_THREADS=2" }
 * ```
 */
export function wasmThreadsSetting(
  env: (name: string) => string | undefined = readEnv,
): WasmThreadsSetting {
  const text = env("TFJS_WASM_THREADS");
  const cores = cpuCores();
  if (text !== undefined && text.trim() !== "") {
    const threads = parseWasmThreads(text);
    return {
      threads,
      why: `TFJS_WASM_THREADS=${threads}${
        threads > cores ? `, more than the ${cores} cores here: slower than ${cores}` : ""
      }`,
    };
  }
  const threads = Math.min(AUTO_MAX_THREADS, cores);
  return { threads, why: `one per core: ${cores} cores, at most ${AUTO_MAX_THREADS}` };
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
