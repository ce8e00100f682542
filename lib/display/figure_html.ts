/**
 * The MIME bundle of a figure: Plotly's JSON for front ends that render it (VS Code,
 * JupyterLab with the Plotly extension) and an HTML twin that draws the same figure with the
 * inlined plotly.js, which `jupyter nbconvert --to html` keeps (it drops the Plotly MIME type).
 * @module
 */
import type { Figure } from "../plot/mod.ts";
import type { MimeBundle } from "./kernel.ts";
import { plotlyLibrarySource } from "./plotly_library.ts";

/** The MIME type Jupyter front ends render with Plotly. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Options of {@linkcode figureHtml} and {@linkcode figureBundle}. */
export interface FigureHtmlOptions {
  /** inline plotly.js before the figure (once per notebook: the first figure); default false */
  includeLibrary?: boolean;
  /** the element id of the figure's `<div>` (default: a random one) */
  id?: string;
  /** the library source to inline (default: `plotlyLibrarySource()`) */
  library?: string;
}

/**
 * JSON that is safe inside `<script>` and still valid JSON: every `<` written `\u003c` (so no
 * `</script>` or `<!--` can end or confuse the element), U+2028/9 escaped.
 *
 * @param value any JSON value
 * @returns the JSON text
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The plotly.js library as three script elements that hide `window.define` while it loads, so
 * that pages with require.js (classic Jupyter, nbconvert's templates) do not capture it as an
 * anonymous AMD module, and then restore it.
 *
 * @param library the library source (default: `plotlyLibrarySource()`)
 * @returns HTML
 */
export function libraryHtml(library: string = plotlyLibrarySource()): string {
  return `<script type="text/javascript">window.__digitsSavedDefine = window.define; window.define = undefined;</script>\n` +
    `<script type="text/javascript">${library}</script>\n` +
    `<script type="text/javascript">window.define = window.__digitsSavedDefine; delete window.__digitsSavedDefine;</script>\n`;
}

/**
 * The HTML that draws `figure` with plotly.js: a sized `<div>` and a script that calls
 * `Plotly.newPlot` once `window.Plotly` exists (waiting up to 10 s for a library inlined in an
 * earlier output, then saying what to do).
 *
 * @param figure the Plotly figure
 * @param options library inlining and element id
 * @returns HTML
 * @throws {Error} when `includeLibrary` is set and plotly.js-dist is not installed
 * @example
 * ```ts
 * import { figureHtml } from "./figure_html.ts";
 * const html = figureHtml({ data: [], layout: { height: 300 } }, { id: "f1" });
 * html.startsWith('<div id="f1"'); // true
 * ```
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? `plotly-${crypto.randomUUID()}`;
  const h = typeof figure.layout.height === "number" ? `${figure.layout.height}px` : "450px";
  const w = typeof figure.layout.width === "number" ? `${figure.layout.width}px` : "100%";
  const spec = {
    data: figure.data,
    layout: figure.layout,
    config: { responsive: true, displaylogo: false, ...figure.config },
    ...(figure.frames ? { frames: figure.frames } : {}),
  };
  const lib = options.includeLibrary ? libraryHtml(options.library) : "";
  return `${lib}<div id="${id}" class="plotly-graph-div digits-figure" ` +
    `style="height:${h}; width:${w}; max-width:100%;"></div>\n` +
    `<script type="text/javascript">\n(function () {\n` +
    `  var spec = ${scriptJson(spec)};\n` +
    `  var id = ${JSON.stringify(id)};\n` +
    `  function draw() {\n` +
    `    var el = document.getElementById(id);\n` +
    `    if (el) window.Plotly.newPlot(el, spec);\n` +
    `  }\n` +
    `  if (window.Plotly) { draw(); return; }\n` +
    `  var tries = 0;\n` +
    `  var timer = setInterval(function () {\n` +
    `    if (window.Plotly) { clearInterval(timer); draw(); }\n` +
    `    else if (++tries > 200) {\n` +
    `      clearInterval(timer);\n` +
    `      var el = document.getElementById(id);\n` +
    `      if (el) el.textContent = "This figure needs plotly.js, which the notebook's first " +\n` +
    `        "figure output loads: run the notebook from the top.";\n` +
    `    }\n` +
    `  }, 50);\n` +
    `})();\n</script>`;
}

/** A one-line text stand-in for a figure (its title and trace count). */
export function figureText(figure: Figure): string {
  const t = figure.layout.title as { text?: string } | string | undefined;
  const title = typeof t === "string" ? t : t?.text;
  return `<Plotly figure${title ? ` '${title.replace(/<[^>]+>/g, "")}'` : ""}: ` +
    `${figure.data.length} trace${figure.data.length === 1 ? "" : "s"}` +
    `${figure.frames ? `, ${figure.frames.length} frames` : ""}>`;
}

/**
 * The MIME bundle of `figure`: `application/vnd.plotly.v1+json`, its `text/html` twin, and
 * `text/plain`.
 *
 * @param figure the Plotly figure
 * @param options library inlining and element id
 * @returns the bundle
 * @throws {Error} when `includeLibrary` is set and plotly.js-dist is not installed
 * @example
 * ```ts
 * import { figureBundle } from "./figure_html.ts";
 * const bundle = figureBundle({ data: [], layout: {} });
 * Object.keys(bundle); // ["application/vnd.plotly.v1+json", "text/html", "text/plain"]
 * ```
 */
export function figureBundle(figure: Figure, options: FigureHtmlOptions = {}): MimeBundle {
  const json: Record<string, unknown> = { data: figure.data, layout: figure.layout };
  if (figure.config) json.config = figure.config;
  if (figure.frames) json.frames = figure.frames;
  return {
    [PLOTLY_MIME]: json,
    "text/html": figureHtml(figure, options),
    "text/plain": figureText(figure),
  };
}
