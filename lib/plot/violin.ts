import { axis, baseLayout, roundArray } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions } from "./types.ts";

/** Options of {@linkcode violinPlot}. */
export interface ViolinOptions extends FigureOptions {
  /** y-axis title */
  yTitle?: string;
  /** x-axis title */
  xTitle?: string;
  /** at most this many values per group go into the spec, evenly strided (default 2000) */
  maxPoints?: number;
  /** draw a box plot inside each violin (default true) */
  box?: boolean;
}

/**
 * Evenly spaced values of `values`, at most `max` of them (all when there are fewer), keeping
 * the first and the order.
 *
 * @param values the values
 * @param max the most values to keep
 * @returns the kept values
 */
export function strided(values: ArrayLike<number>, max: number): number[] {
  if (values.length <= max) return Array.from(values);
  const out = new Array<number>(max);
  const step = values.length / max;
  for (let i = 0; i < max; i++) out[i] = values[Math.floor(i * step)];
  return out;
}

/**
 * Violins of the distributions of several groups side by side (e.g. the distances of matching
 * and non-matching pairs), with a box and the mean line inside.
 *
 * @param groups the values of each group, by group name
 * @param options titles, point cap, box
 * @returns the Plotly figure (one violin trace per group)
 * @example
 * ```ts
 * import { violinPlot } from "./violin.ts";
 * const fig = violinPlot({ same: [0.1, 0.2, 0.3], different: [0.8, 0.9, 1.1] });
 * fig.data.length; // 2
 * ```
 */
export function violinPlot(
  groups: Record<string, ArrayLike<number>>,
  options: ViolinOptions = {},
): Figure {
  const max = options.maxPoints ?? 2000;
  const data = Object.keys(groups).map((name, i) => ({
    type: "violin",
    name,
    x0: name,
    y: roundArray(strided(groups[name], max), 5),
    box: { visible: options.box ?? true },
    meanline: { visible: true },
    points: false,
    line: { color: colorAt(i) },
    spanmode: "hard",
  }));
  return {
    data,
    layout: {
      ...baseLayout(options),
      xaxis: axis(options.xTitle, { type: "category" }),
      yaxis: axis(options.yTitle),
      showlegend: false,
      violinmode: "group",
    },
  };
}
