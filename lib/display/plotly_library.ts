/**
 * The plotly.js builds that notebook pages carry, read from npm packages as files (they need a
 * browser, so they are never imported) and packed small: gzip at level 9, then base64, which a
 * page turns back into JavaScript with the browser's `DecompressionStream`.
 *
 * - **cartesian** (`plotly.js-cartesian-dist-min`): minified, with the trace types bar, box,
 *   contour, heatmap, histogram, histogram2d, histogram2dcontour, image, pie, scatter,
 *   scatterternary and violin: every figure `lib/plot` builds. 1.4 MB of JavaScript, 0.63 MB
 *   packed.
 * - **full** (`plotly.js-dist`): every trace type, unminified (11 MB; about 3.3 MB packed),
 *   carried only by a figure that needs a trace type outside the cartesian build.
 *
 * @example
 * ```ts
 * import { plotlyBuildFor } from "./plotly_library.ts";
 * plotlyBuildFor({ data: [{ type: "bar" }] }); // "cartesian"
 * plotlyBuildFor({ data: [{ type: "scatter3d" }] }); // "full"
 * ```
 * @module
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Buffer } from "node:buffer";
import { PROJECT_ROOT } from "../paths/mod.ts";
import type { Figure } from "../plot/mod.ts";

/** A plotly.js build a page can carry. */
export type PlotlyBuild = "cartesian" | "full";

/** Where each build lives: its npm package and the file in it. */
export const PLOTLY_BUILDS: Readonly<
  Record<PlotlyBuild, { package: string; file: string; traces: readonly string[] | "all" }>
> = {
  cartesian: {
    package: "plotly.js-cartesian-dist-min",
    file: "plotly-cartesian.min.js",
    traces: [
      "bar",
      "box",
      "contour",
      "heatmap",
      "histogram",
      "histogram2d",
      "histogram2dcontour",
      "image",
      "pie",
      "scatter",
      "scatterternary",
      "violin",
    ],
  },
  full: { package: "plotly.js-dist", file: "plotly.js", traces: "all" },
};

/**
 * The smallest build that draws every trace of `figure` (a trace without a type is a scatter).
 *
 * @param figure a Plotly figure
 * @returns `"cartesian"` unless a trace (or an animation frame's trace) needs `"full"`
 */
export function plotlyBuildFor(figure: Pick<Figure, "data" | "frames">): PlotlyBuild {
  const cartesian = PLOTLY_BUILDS.cartesian.traces as readonly string[];
  const traces = [
    ...figure.data,
    ...(figure.frames ?? []).flatMap((f) => (f as { data?: unknown[] }).data ?? []),
  ] as { type?: unknown }[];
  return traces.every((t) => t.type === undefined || cartesian.includes(String(t.type)))
    ? "cartesian"
    : "full";
}

/**
 * The path of a build's file: resolved the Node way from this module, else in the project's
 * `node_modules`.
 *
 * @param build which build (default `"cartesian"`)
 * @returns an absolute path to an existing file
 * @throws {Error} when neither place has it, saying to run `deno install`
 */
export function plotlyLibraryPath(build: PlotlyBuild = "cartesian"): string {
  const { package: pkg, file } = PLOTLY_BUILDS[build];
  const candidates: string[] = [];
  try {
    candidates.push(createRequire(import.meta.url).resolve(`${pkg}/${file}`));
  } catch {
    // not resolvable from here; try the project's node_modules below
  }
  candidates.push(join(PROJECT_ROOT, "node_modules", pkg, file));
  for (const path of candidates) if (existsSync(path)) return path;
  throw new Error(
    `Cannot find ${pkg}/${file} as a file in ${candidates.join(" or ")}: it is not installed — ` +
      `run \`deno install\` in ${PROJECT_ROOT}`,
  );
}

const sources = new Map<PlotlyBuild, string>();
const payloads = new Map<PlotlyBuild, string>();

/**
 * A build's JavaScript source, read once and cached.
 *
 * @param build which build (default `"cartesian"`)
 * @returns the library's source
 * @throws {Error} when the file cannot be found (see {@linkcode plotlyLibraryPath})
 */
export function plotlyLibrarySource(build: PlotlyBuild = "cartesian"): string {
  let source = sources.get(build);
  if (source === undefined) {
    source = readFileSync(plotlyLibraryPath(build), "utf8");
    sources.set(build, source);
  }
  return source;
}

/**
 * A build packed for a page: its source gzipped (level 9) and base64-encoded, cached. Base64
 * needs no escaping inside JSON or a `<script>`, so the payload is as small in a saved `.ipynb`
 * as in an exported page.
 *
 * @param build which build (default `"cartesian"`)
 * @returns base64 text of the gzipped source
 * @throws {Error} when the file cannot be found (see {@linkcode plotlyLibraryPath})
 */
export function plotlyLibraryPayload(build: PlotlyBuild = "cartesian"): string {
  let payload = payloads.get(build);
  if (payload === undefined) {
    const gz = gzipSync(new TextEncoder().encode(plotlyLibrarySource(build)), { level: 9 });
    payload = Buffer.from(gz).toString("base64");
    payloads.set(build, payload);
  }
  return payload;
}

/**
 * The plotly.js version of a build (from its banner comment), e.g. `"3.7.0"`.
 *
 * @param build which build (default `"cartesian"`)
 * @returns the version, or `"unknown"`
 */
export function plotlyLibraryVersion(build: PlotlyBuild = "cartesian"): string {
  return plotlyLibrarySource(build).slice(0, 2000).match(/plotly\.js[^\n]*?v(\d+\.\d+\.\d+)/)
    ?.[1] ?? "unknown";
}
