/**
 * Choosing and initialising the TF.js backend.
 *
 * Every notebook calls {@linkcode initBackend} first. `TFJS_BACKEND=<name>` forces a backend.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

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
  /** why it was chosen */
  reason: string;
  /** the faster backends that were skipped, and why */
  skipped: SkippedBackend[];
}

/** The backends this project knows, fastest first. */
export const BACKEND_NAMES = ["wasm", "cpu"] as const;

/**
 * Picks and activates the fastest working backend, or the one named by `TFJS_BACKEND`.
 *
 * @param options `backend` forces one (overrides `TFJS_BACKEND`)
 * @returns which backend is active and why
 * @throws {RangeError} when the forced name is unknown or cannot be initialised
 */
export async function initBackend(options: { backend?: string } = {}): Promise<BackendChoice> {
  let forced = options.backend;
  if (forced === undefined) {
    try {
      forced = Deno.env.get("TFJS_BACKEND") || undefined;
    } catch {
      forced = undefined;
    }
  }
  if (forced !== undefined) {
    if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
      throw new RangeError(
        `Cannot use TFJS_BACKEND '${forced}' as it must be one of ${BACKEND_NAMES.join(", ")}`,
      );
    }
    if (!(await tf.setBackend(forced))) {
      throw new RangeError(`Cannot use TFJS_BACKEND '${forced}': it failed to initialise`);
    }
    return { name: forced, reason: "forced by TFJS_BACKEND", skipped: [] };
  }
  const skipped: SkippedBackend[] = [];
  for (const name of BACKEND_NAMES) {
    if (await tf.setBackend(name)) {
      return { name, reason: "fastest backend that initialised", skipped };
    }
    skipped.push({ name, why: "failed to initialise" });
  }
  throw new Error("No TF.js backend could be initialised");
}
