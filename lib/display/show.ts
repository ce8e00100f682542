/**
 * `show(figure)`: a figure in the notebook, or its spec outside one.
 * @module
 */
import type { Figure } from "../plot/mod.ts";
import { figureBundle } from "./figure_html.ts";
import { displayBundle, isKernel } from "./kernel.ts";

const LIBRARY_SENT = Symbol.for("digits.display.plotlyLibrarySent");

function librarySent(): boolean {
  return (globalThis as Record<symbol, unknown>)[LIBRARY_SENT] === true;
}

/**
 * Forgets that plotly.js was inlined in this kernel session, so the next figure inlines it
 * again (e.g. after clearing all outputs).
 */
export function resetPlotlyLibrary(): void {
  (globalThis as Record<symbol, unknown>)[LIBRARY_SENT] = false;
}

/**
 * Shows a figure. In the Jupyter kernel it displays Plotly's MIME type and an HTML twin (the
 * first figure of the session also inlines plotly.js) and resolves to `undefined`, so that
 * `await show(fig)` as a cell's last line prints nothing more. Outside the kernel it displays
 * nothing and resolves to the figure itself; it never fails there.
 *
 * @param figure a figure from `lib/plot`
 * @returns `undefined` in the kernel, else `figure`
 * @example
 * ```ts
 * import { show } from "./show.ts";
 * const spec = await show({ data: [], layout: {} }); // outside a kernel: the spec back
 * ```
 */
export async function show(figure: Figure): Promise<Figure | undefined> {
  if (!isKernel()) return figure;
  const first = !librarySent();
  let bundle;
  let included = first;
  try {
    bundle = figureBundle(figure, { includeLibrary: first });
  } catch (e) {
    included = false;
    // plotly.js is missing: still show the figure to front ends that render Plotly JSON
    bundle = figureBundle(figure, { includeLibrary: false });
    bundle["text/html"] =
      `<p style="color:#d62728">${String(e instanceof Error ? e.message : e)}</p>` +
      bundle["text/html"];
  }
  await displayBundle(bundle);
  if (included) (globalThis as Record<symbol, unknown>)[LIBRARY_SENT] = true;
  return undefined;
}
