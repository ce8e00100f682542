/**
 * Is this code running inside the Deno Jupyter kernel, and sending display messages there.
 * @module
 */

/** A Jupyter MIME bundle: MIME type → data (strings, or JSON objects for `application/*json`). */
export type MimeBundle = Record<string, string | object>;

/** Options of {@linkcode displayBundle}. */
export interface DisplayBundleOptions {
  /** the display's id, so that later displays with `update: true` replace it */
  displayId?: string;
  /** replace the display with `displayId` instead of adding one */
  update?: boolean;
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
 * @returns resolves once the message is sent; await it so outputs keep their order
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
}
