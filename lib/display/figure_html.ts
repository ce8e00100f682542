/**
 * The MIME bundle of a figure: Plotly's JSON for front ends that render it (VS Code, JupyterLab
 * with the Plotly extension) and an HTML twin for every other page (classic Jupyter Notebook,
 * JupyterLab, `jupyter nbconvert --to html`, which drops the Plotly MIME type).
 *
 * ## How the HTML twin finds plotly.js
 *
 * A page holds plotly.js **packed**: gzipped and base64-encoded (0.63 MB for the cartesian build,
 * see `plotly_library.ts`) in a *library output* ({@linkcode libraryHtml}), which
 * `setupNotebook` displays at the top of every notebook, on every run. Every figure's HTML
 * carries the same small **runtime** ({@linkcode FIGURE_RUNTIME}, about 3 kB) and asks it to draw
 * the figure. The runtime, defined once per page by whichever output runs first:
 *
 * - waits until the figure's `<div>` is in the document (classic Jupyter runs an output's
 *   scripts before it attaches the output) and until a library is there: `window.Plotly`, or a
 *   registered payload — whichever output brings it, before or after the figure;
 * - unpacks a payload at most once per page (`DecompressionStream("gzip")`, then one injected
 *   `<script>`, with require.js's `define` hidden so plotly.js sets `window.Plotly`), lazily,
 *   when the first figure needs it;
 * - draws; if no library has come after a few seconds it says in the figure's place what to
 *   run, and still draws as soon as one arrives.
 *
 * Why this holds: nothing depends on what an earlier kernel session sent or on the order in
 * which outputs run. A page has the library whenever the notebook's setup cell has its output —
 * after a fresh run, a re-run of any cell (re-running the setup cell re-displays the library), a
 * run from the top, a page reload (the outputs are re-rendered from the saved notebook), a
 * saved notebook reopened with no kernel, and an nbconvert export with or without `--execute`.
 * A figure that needs a trace type outside the cartesian build carries the full build in its own
 * output, so it is self-sufficient too.
 * @module
 */
import type { Figure } from "../plot/mod.ts";
import type { MimeBundle } from "./kernel.ts";
import { escapeHtml } from "./_html.ts";
import { type PlotlyBuild, plotlyBuildFor, plotlyLibraryPayload } from "./plotly_library.ts";

/** The MIME type Jupyter front ends render with Plotly. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Options of {@linkcode figureHtml} and {@linkcode figureBundle}. */
export interface FigureHtmlOptions {
  /**
   * put a packed plotly.js build into this figure's own output, so that it draws with no other
   * output present: `true` for the build the figure needs, or a build's name (default false)
   */
  includeLibrary?: boolean | PlotlyBuild;
  /** the element id of the figure's `<div>` (default: a random one) */
  id?: string;
  /** the packed library to include (default: `plotlyLibraryPayload(build)`), for tests */
  payload?: string;
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
 * The in-page runtime, as JavaScript. It defines `window.__digitsPlotly` once per page (a newer
 * runtime version replaces an older one, keeping its payloads) with `register(build, payload)`
 * and `draw(id, spec, build)`. ES5 syntax apart from Promises, so it parses in any front end.
 */
export const FIGURE_RUNTIME: string = `(function (w) {
  var VERSION = 2;
  var old = w.__digitsPlotly;
  if (old && old.version >= VERSION) return;
  var RANK = { cartesian: 1, full: 2 };
  var payloads = (old && old.payloads) || {};
  var loading = {};
  var loadedRank = 0;
  var pending = [];
  var timer = null;
  if (old && old.stop) old.stop();
  function capable(build) {
    if (!w.Plotly || typeof w.Plotly.newPlot !== "function") return false;
    return loadedRank === 0 || loadedRank >= RANK[build];
  }
  function unpack(b64) {
    if (typeof w.DecompressionStream !== "function") {
      return Promise.reject(new Error("this browser cannot unpack plotly.js (no DecompressionStream): " +
        "use a current Chrome, Edge, Firefox or Safari"));
    }
    var bin = w.atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new w.DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  function inject(source) {
    var savedDefine = w.define;
    w.define = undefined;
    try {
      var s = document.createElement("script");
      s.text = source;
      (document.head || document.documentElement).appendChild(s);
      s.parentNode.removeChild(s);
    } finally {
      w.define = savedDefine;
    }
  }
  function library(build) {
    if (capable(build)) return Promise.resolve(w.Plotly);
    var pick = null;
    for (var name in payloads) {
      if (RANK[name] >= RANK[build] && (pick === null || RANK[name] < RANK[pick])) pick = name;
    }
    if (pick === null) return null;
    if (!loading[pick]) {
      loading[pick] = unpack(payloads[pick]).then(function (source) {
        inject(source);
        if (!w.Plotly) throw new Error("plotly.js did not load");
        loadedRank = Math.max(loadedRank, RANK[pick]);
        delete payloads[pick];
        return w.Plotly;
      });
    }
    return loading[pick];
  }
  function say(el, text, color) {
    el.innerHTML = "";
    var p = document.createElement("p");
    p.className = "digits-figure-message";
    p.style.cssText = "color:" + color + ";font:13px sans-serif;padding:8px";
    p.textContent = text;
    el.appendChild(p);
  }
  function attempt(job) {
    var el = document.getElementById(job.id);
    if (!el) return Date.now() - job.since > 10000;
    if (job.started) return true;
    var lib = library(job.build);
    if (!lib) {
      if (!job.told && Date.now() - job.since > 4000) {
        job.told = true;
        say(el, "Waiting for plotly.js, which the notebook's first code cell (setupNotebook) " +
          "loads: run that cell, or the notebook from the top.", "#b35900");
      }
      return false;
    }
    job.started = true;
    lib.then(function (Plotly) {
      el.innerHTML = "";
      return Plotly.newPlot(el, job.spec);
    }).catch(function (e) {
      say(el, "This figure could not be drawn: " + (e && e.message ? e.message : e), "#d62728");
      if (w.console) w.console.error("digits figure " + job.id + ": ", e);
    });
    return true;
  }
  function pump() {
    pending = pending.filter(function (job) { return !attempt(job); });
    if (pending.length === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    } else if (pending.length > 0 && timer === null) {
      timer = setInterval(pump, 200);
    }
  }
  w.__digitsPlotly = {
    version: VERSION,
    payloads: payloads,
    get pending() { return pending; },
    stop: function () {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    register: function (build, payload) {
      if (!RANK[build]) return;
      if (!payloads[build] && !(loadedRank >= RANK[build])) payloads[build] = payload;
      setTimeout(pump, 0);
    },
    draw: function (id, spec, build) {
      pending.push({ id: id, spec: spec, build: RANK[build] ? build : "full", since: Date.now() });
      setTimeout(pump, 0);
    }
  };
  if (old && old.pending) {
    pending = pending.concat(old.pending);
    setTimeout(pump, 0);
  }
})(window);`;

/**
 * The library output: the runtime and one packed plotly.js build, registered with the runtime.
 * Shows nothing. `setupNotebook` displays it at the top of every notebook.
 *
 * @param build which build (default `"cartesian"`)
 * @param payload the packed build (default: `plotlyLibraryPayload(build)`)
 * @returns HTML (one `<script>` element)
 * @throws {Error} when the build is not installed
 * @example
 * ```ts
 * import { libraryHtml } from "./figure_html.ts";
 * const html = libraryHtml("cartesian", "H4sI");
 * html.includes('register("cartesian", "H4sI")'); // true
 * ```
 */
export function libraryHtml(
  build: PlotlyBuild = "cartesian",
  payload: string = plotlyLibraryPayload(build),
): string {
  return `<script type="text/javascript" class="digits-plotly-library">\n${FIGURE_RUNTIME}\n` +
    `window.__digitsPlotly.register(${JSON.stringify(build)}, ${JSON.stringify(payload)});\n` +
    `</script>`;
}

/**
 * The HTML that draws `figure`: a sized `<div>` and a script that hands the spec to the runtime.
 *
 * @param figure the Plotly figure
 * @param options element id; whether to carry a packed library in this output too
 * @returns HTML
 * @throws {Error} when `includeLibrary` is set and the build is not installed
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
  const needed = plotlyBuildFor(figure);
  const carried = options.includeLibrary === true ? needed : options.includeLibrary || undefined;
  const lib = carried ? libraryHtml(carried, options.payload) : "";
  // Shown until the runtime draws (a page whose scripts do not run, e.g. an untrusted notebook).
  const placeholder = `<p class="digits-figure-message" style="color:#888;font:12px sans-serif;` +
    `padding:8px">${escapeHtml(figureText(figure))}: drawn by plotly.js when the page's scripts ` +
    `run (in Jupyter: run the cell, or trust the notebook).</p>`;
  return `<div id="${id}" class="plotly-graph-div digits-figure" ` +
    `style="height:${h}; width:${w}; max-width:100%;">${placeholder}</div>\n${lib}` +
    `<script type="text/javascript">\n${FIGURE_RUNTIME}\n` +
    `window.__digitsPlotly.draw(${JSON.stringify(id)}, ${scriptJson(spec)}, ${
      JSON.stringify(needed)
    });\n</script>`;
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
 * @param options element id; whether the output carries a packed library
 * @returns the bundle
 * @throws {Error} when `includeLibrary` is set and the build is not installed
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
