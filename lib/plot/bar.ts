import { axis, baseLayout, checkSameLength, formatValue, roundArray } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions, type ValueFormat } from "./types.ts";

/** Options of {@linkcode barChart}, {@linkcode horizontalBarChart} and {@linkcode groupedBarChart}. */
export interface BarChartOptions extends FigureOptions {
  /** category-axis title */
  xTitle?: string;
  /** value-axis title */
  yTitle?: string;
  /** how values are written on the bars (default "auto") */
  format?: ValueFormat;
  /** write the values on the bars (default true) */
  showValues?: boolean;
  /** one colour for all bars, or one per bar (default: palette colour 0, or one per group) */
  colors?: string | readonly string[];
  /** value-axis range, e.g. `[0.9, 1]` to compare accuracies */
  range?: [number, number];
}

/**
 * A bar chart with each value written on its bar.
 *
 * @param labels one label per bar
 * @param values one value per bar
 * @param options titles, value format, colours
 * @returns the Plotly figure
 * @throws {RangeError} when `labels` and `values` differ in length
 * @example
 * ```ts
 * import { barChart } from "./bar.ts";
 * const fig = barChart(["MLP", "CNN"], [0.97, 0.99], { format: "percent" });
 * fig.data[0].text; // ["97.0%", "99.0%"]
 * ```
 */
export function barChart(
  labels: readonly string[],
  values: ArrayLike<number>,
  options: BarChartOptions = {},
): Figure {
  return bars(labels, values, options, false);
}

/**
 * A horizontal bar chart (labels down the side), for long labels or many bars.
 *
 * @param labels one label per bar, drawn top to bottom
 * @param values one value per bar
 * @param options titles, value format, colours
 * @returns the Plotly figure
 * @throws {RangeError} when `labels` and `values` differ in length
 * @example
 * ```ts
 * import { horizontalBarChart } from "./bar.ts";
 * const fig = horizontalBarChart(["a", "b"], [3, 1]);
 * fig.data[0].orientation; // "h"
 * ```
 */
export function horizontalBarChart(
  labels: readonly string[],
  values: ArrayLike<number>,
  options: BarChartOptions = {},
): Figure {
  return bars(labels, values, options, true);
}

function bars(
  labels: readonly string[],
  values: ArrayLike<number>,
  options: BarChartOptions,
  horizontal: boolean,
): Figure {
  checkSameLength("bars", labels.length, values.length, "one value per label");
  const v = roundArray(values);
  const color = options.colors ?? colorAt(0);
  const cat = [...labels];
  const trace = {
    type: "bar",
    orientation: horizontal ? "h" : "v",
    x: horizontal ? v : cat,
    y: horizontal ? cat : v,
    marker: { color: typeof color === "string" ? color : [...color] },
    ...valueText(v, options),
    hovertemplate: horizontal ? "%{y}: %{x}<extra></extra>" : "%{x}: %{y}<extra></extra>",
  };
  const valueAxis = axis(options.yTitle, options.range ? { range: options.range } : {});
  const catAxis = axis(options.xTitle, { type: "category" });
  const rows = labels.length;
  return {
    data: [trace],
    layout: {
      ...baseLayout(options, { height: horizontal ? Math.max(250, 60 + rows * 28) : 400 }),
      xaxis: horizontal ? valueAxis : catAxis,
      yaxis: horizontal ? { ...catAxis, autorange: "reversed" } : valueAxis,
      showlegend: false,
      uniformtext: { minsize: 9, mode: "hide" },
    },
  };
}

/**
 * Bars grouped by category: one colour per group (e.g. one per model), each value written on
 * its bar.
 *
 * @param categories the category labels (x axis)
 * @param groups one array of values per group, each as long as `categories`
 * @param options titles, value format, colours
 * @returns the Plotly figure
 * @throws {RangeError} when a group's length differs from the number of categories
 * @example
 * ```ts
 * import { groupedBarChart } from "./bar.ts";
 * const fig = groupedBarChart(["MNIST", "Fashion"], { MLP: [0.97, 0.88], CNN: [0.99, 0.91] });
 * fig.layout.barmode; // "group"
 * ```
 */
export function groupedBarChart(
  categories: readonly string[],
  groups: Record<string, ArrayLike<number>>,
  options: BarChartOptions = {},
): Figure {
  const names = Object.keys(groups);
  const data = names.map((name, i) => {
    const values = groups[name];
    checkSameLength(`group '${name}'`, values.length, categories.length, "one value per category");
    const v = roundArray(values);
    const c = options.colors;
    const color = typeof c === "string" ? c : c?.[i] ?? colorAt(i);
    return {
      type: "bar",
      name,
      x: [...categories],
      y: v,
      marker: { color },
      ...valueText(v, options),
    };
  });
  return {
    data,
    layout: {
      ...baseLayout(options),
      barmode: "group",
      xaxis: axis(options.xTitle, { type: "category" }),
      yaxis: axis(options.yTitle, options.range ? { range: options.range } : {}),
      legend: { orientation: "h", y: -0.2 },
      uniformtext: { minsize: 8, mode: "hide" },
    },
  };
}

function valueText(values: number[], options: BarChartOptions): Record<string, unknown> {
  if (options.showValues === false) return {};
  return {
    text: values.map((x) => formatValue(x, options.format)),
    textposition: "auto",
    cliponaxis: false,
  };
}
