import { axis, baseLayout, formatValue } from "./_layout.ts";
import type { Figure, FigureOptions, ValueFormat } from "./types.ts";

/**
 * White to dark blue (matplotlib's "Blues"; Plotly's own "Blues" runs the other way), so that
 * large counts are dark.
 */
export const BLUES: [number, string][] = [
  [0, "#f7fbff"],
  [0.125, "#deebf7"],
  [0.25, "#c6dbef"],
  [0.375, "#9ecae1"],
  [0.5, "#6baed6"],
  [0.625, "#4292c6"],
  [0.75, "#2171b5"],
  [0.875, "#08519c"],
  [1, "#08306b"],
];

/** Options of {@linkcode heatmap}. */
export interface HeatmapOptions extends FigureOptions {
  /** column labels (default 0, 1, …) */
  x?: readonly (string | number)[];
  /** row labels (default 0, 1, …), drawn top to bottom */
  y?: readonly (string | number)[];
  /** x-axis title */
  xTitle?: string;
  /** y-axis title */
  yTitle?: string;
  /** a Plotly colour-scale name or `[fraction, colour]` stops (default: white to dark blue) */
  colorscale?: string | [number, string][];
  /** write each cell's value in the cell (default false) */
  annotate?: boolean;
  /** how annotated values are written (default "auto") */
  format?: ValueFormat;
  /** colour-scale minimum */
  zmin?: number;
  /** colour-scale maximum */
  zmax?: number;
  /** colour-bar title */
  colorbarTitle?: string;
}

/**
 * Copies a matrix given as rows into `number[][]`, checking that it is rectangular.
 * @throws {RangeError} when rows differ in length
 */
function toRows(matrix: ArrayLike<ArrayLike<number>>, what: string): number[][] {
  const rows = Array.from(matrix, (r) => Array.from(r));
  const n = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== n) {
      throw new RangeError(
        `Cannot plot ${what} as a rectangular matrix: row ${i} has ${r.length} values, row 0 has ${n}` +
          ` — pass rows of equal length`,
      );
    }
  });
  return rows;
}

/**
 * A heat map of a matrix, rows drawn top to bottom, optionally with each value in its cell.
 *
 * @param z the matrix as rows
 * @param options labels, colours, annotation
 * @returns the Plotly figure
 * @throws {RangeError} when the rows differ in length or the labels do not match the matrix
 * @example
 * ```ts
 * import { heatmap } from "./heatmap.ts";
 * const fig = heatmap([[1, 2], [3, 4]], { annotate: true });
 * fig.data[0].text; // [["1", "2"], ["3", "4"]]
 * ```
 */
export function heatmap(z: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  const rows = toRows(z, "a heat map");
  const nRows = rows.length;
  const nCols = rows[0]?.length ?? 0;
  const x = options.x ? [...options.x].map(String) : range(nCols);
  const y = options.y ? [...options.y].map(String) : range(nRows);
  if (x.length !== nCols || y.length !== nRows) {
    throw new RangeError(
      `Cannot label a heat map of ${nRows}×${nCols} as labels must match it: ` +
        `got ${y.length} row and ${x.length} column labels — pass one label per row and column`,
    );
  }
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z: rows,
    x,
    y,
    colorscale: options.colorscale ?? BLUES,
    xgap: 1,
    ygap: 1,
    colorbar: options.colorbarTitle ? { title: { text: options.colorbarTitle } } : {},
    hovertemplate: `${options.yTitle ?? "row"} %{y}, ${
      options.xTitle ?? "column"
    } %{x}: %{z}<extra></extra>`,
  };
  if (options.zmin !== undefined) trace.zmin = options.zmin;
  if (options.zmax !== undefined) trace.zmax = options.zmax;
  if (options.annotate) {
    trace.text = rows.map((r) => r.map((v) => formatValue(v, options.format)));
    trace.texttemplate = "%{text}";
    trace.textfont = { size: nCols > 15 ? 8 : 11 };
  }
  const cell = nCols > 15 ? 22 : 40;
  return {
    data: [trace],
    layout: {
      ...baseLayout(options, { height: Math.min(900, Math.max(300, 120 + nRows * cell)) }),
      xaxis: axis(options.xTitle, { type: "category", showgrid: false, side: "bottom" }),
      yaxis: axis(options.yTitle, { type: "category", showgrid: false, autorange: "reversed" }),
    },
  };
}

/** Options of {@linkcode confusionHeatmap}. */
export interface ConfusionHeatmapOptions extends FigureOptions {
  /** write the count (or fraction) in each cell (default true) */
  annotate?: boolean;
  /** colour and write each row as fractions of its total (recall per class); default false */
  normalize?: boolean;
}

/**
 * A confusion matrix as a heat map: true class down the side, predicted class along the bottom.
 *
 * @param matrix `matrix[true][predicted]` counts
 * @param labels the class names, one per row and column
 * @param options annotation and normalisation
 * @returns the Plotly figure
 * @throws {RangeError} when the matrix is not square with one row per label
 * @example
 * ```ts
 * import { confusionHeatmap } from "./heatmap.ts";
 * const fig = confusionHeatmap([[5, 1], [0, 4]], ["cat", "dog"]);
 * fig.data[0].text; // [["5", "1"], ["0", "4"]]
 * ```
 */
export function confusionHeatmap(
  matrix: ArrayLike<ArrayLike<number>>,
  labels: readonly string[],
  options: ConfusionHeatmapOptions = {},
): Figure {
  const rows = toRows(matrix, "a confusion matrix");
  if (rows.length !== labels.length || rows.some((r) => r.length !== labels.length)) {
    throw new RangeError(
      `Cannot plot a confusion matrix of ${rows.length}×${rows[0]?.length ?? 0} as it must be ` +
        `${labels.length}×${labels.length}, one row and column per label — pass matching labels`,
    );
  }
  const normalize = options.normalize ?? false;
  const z = normalize
    ? rows.map((r) => {
      const total = r.reduce((a, b) => a + b, 0) || 1;
      return r.map((v) => Math.round((v / total) * 1e4) / 1e4);
    })
    : rows;
  const fig = heatmap(z, {
    ...options,
    title: options.title ?? "Confusion matrix",
    x: labels,
    y: labels,
    xTitle: "predicted",
    yTitle: "true",
    annotate: options.annotate ?? true,
    format: normalize ? "percent" : "integer",
    colorscale: BLUES,
    zmin: 0,
    colorbarTitle: normalize ? "fraction" : "count",
    height: options.height ?? Math.min(900, Math.max(350, 140 + labels.length * 42)),
  });
  if (options.width === undefined) {
    fig.layout.width = Math.min(1000, Math.max(420, 200 + labels.length * 46));
  }
  return fig;
}

function range(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}
