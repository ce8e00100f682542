/**
 * `show(figure)`: a figure in the notebook, or its spec outside one; and
 * `showFigureLibrary()`, the output that lets every figure of the page draw (see
 * `figure_html.ts` for the design).
 * @module
 */
import type { Figure } from "../plot/mod.ts";
import { figureBundle, libraryHtml } from "./figure_html.ts";
import { displayBundle, isKernel, type MimeBundle } from "./kernel.ts";
import { plotlyBuildFor } from "./plotly_library.ts";
import { escapeHtml } from "./_html.ts";

const LIBRARY_SHOWN = Symbol.for("digits.display.figureLibraryShown");

function libraryShown(): boolean {
  return (globalThis as Record<symbol, unknown>)[LIBRARY_SHOWN] === true;
}

/**
 * Displays the library output: the figure runtime and plotly.js packed small (0.63 MB), showing
 * nothing. `setupNotebook` calls it at the top of every notebook, on every run, so the page
 * always holds one copy that every figure below (and above) it draws with. Outside the kernel
 * it does nothing. When plotly.js is not installed it shows the reason instead.
 *
 * @returns resolves once the output is published
 * @example
 * ```ts
 * import { showFigureLibrary } from "./show.ts";
 * await showFigureLibrary(); // outside a kernel: nothing
 * ```
 */
export async function showFigureLibrary(): Promise<void> {
  if (!isKernel()) return;
  let bundle: MimeBundle;
  try {
    bundle = { "text/html": libraryHtml("cartesian") };
  } catch (e) {
    bundle = {
      "text/html": `<p style="color:#d62728">${escapeHtml(message(e))}</p>`,
      "text/plain": message(e),
    };
  }
  await displayBundle(bundle);
  (globalThis as Record<symbol, unknown>)[LIBRARY_SHOWN] = true;
}

function message(e: unknown): string {
  return `Figures cannot be drawn in this page: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Shows a figure. In the Jupyter kernel it displays Plotly's MIME type and an HTML twin, and
 * resolves to `undefined`, so that `await show(fig)` as a cell's last line prints nothing more.
 * The twin draws with the library output of `setupNotebook`; in a kernel where that was never
 * shown (a notebook of your own that does not call it), and for a figure that needs the full
 * plotly.js build, the figure carries a packed library in its own output instead. Outside the
 * kernel it displays nothing and resolves to the figure itself; it never fails there.
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
  const carry = !libraryShown() || plotlyBuildFor(figure) === "full";
  let bundle: MimeBundle;
  try {
    bundle = figureBundle(figure, { includeLibrary: carry });
  } catch (e) {
    // plotly.js is missing: still show the figure to front ends that render Plotly JSON
    bundle = figureBundle(figure);
    bundle["text/html"] = `<p style="color:#d62728">${escapeHtml(message(e))}</p>` +
      bundle["text/html"];
  }
  await displayBundle(bundle);
  return undefined;
}
