/**
 * Is this code running inside the Deno Jupyter kernel, and sending display messages there.
 * @module
 */
import { flushIopub } from "./_iopub.ts";

/** A Jupyter MIME bundle: MIME type → data (strings, or JSON objects for `application/*json`). */
export type MimeBundle = Record<string, string | object>;

/** Options of {@linkcode displayBundle}. */
export interface DisplayBundleOptions {
  /** the display's id, so that later displays with `update: true` replace it */
  displayId?: string;
  /** replace the display with `displayId` instead of adding one */
  update?: boolean;
  /**
   * wait until the kernel has published the message (default true); progress updates skip it
   * and flush once at the end
   */
  flush?: boolean;
}

/**
 * Whether `Deno.jupyter` exists, i.e. this code runs in `deno jupyter`. Outside the kernel
 * reading `Deno.jupyter` throws; this function never does.
 *
 * @returns true inside the Deno Jupyter kernel
 * @example
 * ```ts
 * import { isKernel } from "./kernel.ts";
 * isKernel(); // false under `deno test` and `deno run`
 * ```
 */
export function isKernel(): boolean {
  try {
    return typeof Deno.jupyter?.display === "function";
  } catch {
    return false;
  }
}

/**
 * Sends a MIME bundle to the notebook (`Deno.jupyter.display(bundle, {raw: true})`).
 *
 * @param bundle the MIME bundle
 * @param options display id and update flag
 * @returns resolves once the message is on its way; await it so outputs keep their order and
 *   stay in their cell
 * @throws {Error} outside the kernel (check {@linkcode isKernel} first)
 */
export async function displayBundle(
  bundle: MimeBundle,
  options: DisplayBundleOptions = {},
): Promise<void> {
  const opts: Deno.jupyter.DisplayOptions = { raw: true };
  if (options.displayId !== undefined) opts.display_id = options.displayId;
  if (options.update) opts.update = true;
  await Deno.jupyter.display(bundle, opts);
  if (options.flush ?? true) await flushOutputs();
}

/**
 * Waits until the kernel has published every output sent so far (displays and console
 * output). Deno's kernel (2.9) publishes them from a queue and can report a cell idle before
 * they go out, and nbconvert stops reading a cell's outputs at idle; await this at the end of
 * a cell whose last outputs matter. Outside the kernel it resolves at once.
 *
 * @returns true when confirmed, false when it could only wait a while
 */
export async function flushOutputs(): Promise<boolean> {
  if (!isKernel()) return true;
  return await flushIopub();
}
