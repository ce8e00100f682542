/**
 * The Plotly figure spec every builder in `lib/plot` returns, and shared options.
 *
 * A {@linkcode Figure} is plain JSON: the object `Plotly.newPlot(div, data, layout, config)` takes,
 * plus optional animation `frames`. It is what Jupyter's `application/vnd.plotly.v1+json` holds.
 * @module
 */

/** One Plotly trace (`{type: "scatter", x, y, …}`). */
export type Trace = Record<string, unknown>;

/** A Plotly layout (`{title, xaxis, yaxis, annotations, shapes, …}`). */
export type Layout = Record<string, unknown>;

/** One animation frame: the trace updates applied when the frame plays. */
export interface Frame {
  /** the frame's name, used by slider steps */
  name: string;
  /** trace updates, in the order of `traces` (or of the figure's traces) */
  data: Trace[];
  /** which figure traces `data` updates (default: the first ones) */
  traces?: number[];
  /** layout changes for this frame */
  layout?: Layout;
}

/** A Plotly figure: what every builder in `lib/plot` returns. */
export interface Figure {
  /** the traces */
  data: Trace[];
  /** the layout */
  layout: Layout;
  /** animation frames, for animated figures */
  frames?: Frame[];
  /** Plotly config (e.g. `{responsive: true}`) */
  config?: Record<string, unknown>;
}

/** Options every builder accepts. */
export interface FigureOptions {
  /** figure title */
  title?: string;
  /** height in pixels (default depends on the builder) */
  height?: number;
  /** width in pixels (default: the container's width) */
  width?: number;
}

/**
 * The ten colours figures cycle through (Plotly's and matplotlib's default colourway), so that
 * one model keeps one colour across figures.
 */
export const PALETTE: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/**
 * The palette colour for index `i` (cycling).
 *
 * @param i any non-negative integer
 * @returns a CSS colour
 * @example
 * ```ts
 * import { colorAt } from "./types.ts";
 * colorAt(10); // "#1f77b4"
 * ```
 */
export function colorAt(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/**
 * How values are written on bars and heat-map cells: `"auto"` (integers as integers, others to
 * 3 significant digits), `"percent"` (0.123 → "12.3%"), `"integer"`, or a function.
 */
export type ValueFormat = "auto" | "percent" | "integer" | ((value: number) => string);
