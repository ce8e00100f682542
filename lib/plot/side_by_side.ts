/**
 * Two figures side by side in one Plotly figure: the left one on axes `x`/`y`, the right one on
 * `x2`/`y2`, each with its half of the width, so that e.g. loss and accuracy curves share a
 * title and a legend.
 * @module
 */
import { logTicks, titleLayout } from "./_layout.ts";
import type { Figure, FigureOptions, Layout, Trace } from "./types.ts";

/** How one panel's y axis is drawn. */
export interface PanelOptions {
  /** a logarithmic y axis with 1-2-5 ticks labelled in full (default false) */
  logY?: boolean;
  /** a d3 tick format for the y axis, e.g. `".0%"` (default: the panel figure's own) */
  yFormat?: string;
}

/** Options of {@linkcode sideBySide}. */
export interface SideBySideOptions extends FigureOptions {
  /** the share of the width left empty between the two panels (default 0.08) */
  gap?: number;
  /** the left panel's y axis */
  left?: PanelOptions;
  /** the right panel's y axis */
  right?: PanelOptions;
}

/**
 * Places two figures next to each other as one figure. The right figure's traces, shapes and
 * annotations move to the axes `x2`/`y2`; a right-hand trace whose legend entry (name and
 * legend group) the left figure already shows is left out of the legend, so one model keeps one
 * legend entry. The layout (legend, margins, hover mode) is the left figure's; the two figures'
 * own titles give way to `options.title`.
 *
 * @param left the figure for the left half
 * @param right the figure for the right half
 * @param options the title, height (default: the taller figure's), gap and the panels' y axes
 * @returns the Plotly figure
 * @throws {RangeError} when `gap` is not in [0, 0.5)
 * @example
 * ```ts
 * import { lineChart, sideBySide } from "./mod.ts";
 * const fig = sideBySide(
 *   lineChart([{ name: "train", y: [0.9, 0.5, 0.3] }], { yTitle: "loss" }),
 *   lineChart([{ name: "train", y: [0.7, 0.8, 0.9] }], { yTitle: "accuracy" }),
 *   { title: "Loss and accuracy", left: { logY: true }, right: { yFormat: ".0%" } },
 * );
 * fig.data[1].xaxis; // "x2"
 * fig.data[1].showlegend; // false: "train" is already in the legend
 * ```
 */
export function sideBySide(left: Figure, right: Figure, options: SideBySideOptions = {}): Figure {
  const gap = options.gap ?? 0.08;
  if (!(gap >= 0 && gap < 0.5)) {
    throw new RangeError(
      `Cannot place figures side by side with gap ${gap}: expected a share of the width in ` +
        "[0, 0.5), e.g. 0.08",
    );
  }
  const shown = new Set(left.data.filter((t) => t.showlegend !== false).map(legendKey));
  const data: Trace[] = [
    ...left.data,
    ...right.data.map((t) => ({
      ...t,
      xaxis: "x2",
      yaxis: "y2",
      ...(t.showlegend !== false && shown.has(legendKey(t)) ? { showlegend: false } : {}),
    })),
  ];
  const { title: _leftTitle, ...base } = left.layout;
  const layout: Layout = {
    ...base,
    height: options.height ?? Math.max(num(left.layout.height), num(right.layout.height)),
    xaxis: { ...asLayout(left.layout.xaxis), domain: [0, 0.5 - gap / 2] },
    yaxis: yAxis(asLayout(left.layout.yaxis), left.data, options.left),
    xaxis2: { ...asLayout(right.layout.xaxis), domain: [0.5 + gap / 2, 1], anchor: "y2" },
    yaxis2: { ...yAxis(asLayout(right.layout.yaxis), right.data, options.right), anchor: "x2" },
  };
  if (options.width !== undefined) layout.width = options.width;
  const margin = asLayout(base.margin);
  if (options.title) {
    const t = titleLayout(options.title);
    layout.title = t.title;
    layout.margin = { ...margin, t: t.top };
  } else {
    layout.margin = { ...margin, t: 20 };
  }
  const shapes = [...list(left.layout.shapes), ...list(right.layout.shapes).map(onRightAxes)];
  if (shapes.length > 0) layout.shapes = shapes;
  const annotations = [
    ...list(left.layout.annotations),
    ...list(right.layout.annotations).map(onRightAxes),
  ];
  if (annotations.length > 0) layout.annotations = annotations;
  return { data, layout };
}

function legendKey(t: Trace): string {
  return `${String(t.legendgroup ?? "")}\u0000${String(t.name ?? "")}`;
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function asLayout(v: unknown): Layout {
  return typeof v === "object" && v !== null ? v as Layout : {};
}

function list(v: unknown): Layout[] {
  return Array.isArray(v) ? v as Layout[] : [];
}

function yAxis(axis: Layout, traces: readonly Trace[], panel: PanelOptions = {}): Layout {
  const out: Layout = { ...axis };
  if (panel.yFormat !== undefined) out.tickformat = panel.yFormat;
  if (panel.logY) {
    const values = traces.flatMap((t) => Array.isArray(t.y) ? t.y as number[] : []);
    Object.assign(out, { type: "log", tickmode: "array", ...logTicks(values) });
  }
  return out;
}

/** A shape or annotation of the right figure, moved onto the right panel's axes. */
function onRightAxes(item: Layout): Layout {
  const out = { ...item };
  if (item.xref === undefined || item.xref === "x") out.xref = "x2";
  if (item.xref === "paper") out.xref = "x2 domain";
  if (item.yref === undefined || item.yref === "y") out.yref = "y2";
  if (item.yref === "paper") out.yref = "y2 domain";
  return out;
}
