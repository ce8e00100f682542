import { axis, baseLayout, checkSameLength, logTicks, roundArray } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions } from "./types.ts";

/** One line of a {@linkcode lineChart}. */
export interface LineSeries {
  /** legend name */
  name: string;
  /** y values */
  y: ArrayLike<number>;
  /** x values (default 1, 2, 3, …) */
  x?: ArrayLike<number>;
  /** CSS colour (default: the palette colour of the series' index) */
  color?: string;
  /** line dash: "solid" (default), "dash", "dot" */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** draw markers on the points too (default false) */
  markers?: boolean;
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions extends FigureOptions {
  /** x-axis title */
  xTitle?: string;
  /** y-axis title */
  yTitle?: string;
  /** use a logarithmic y axis, with 1-2-5 ticks labelled in full (default false) */
  logY?: boolean;
}

/**
 * A line chart of one or more series.
 *
 * @param series the lines to draw
 * @param options titles and axes
 * @returns the Plotly figure
 * @throws {RangeError} when a series' `x` and `y` differ in length
 * @example
 * ```ts
 * import { lineChart } from "./line.ts";
 * const fig = lineChart([{ name: "loss", y: [0.9, 0.5, 0.3] }], { xTitle: "epoch" });
 * fig.data[0].x; // [1, 2, 3]
 * ```
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): Figure {
  const data = series.map((s, i) => {
    const x = s.x ? roundArray(s.x) : Array.from({ length: s.y.length }, (_, k) => k + 1);
    checkSameLength(`series '${s.name}'`, x.length, s.y.length, "x and y of equal length");
    return {
      type: "scatter",
      mode: s.markers ? "lines+markers" : "lines",
      name: s.name,
      x,
      y: roundArray(s.y),
      line: { color: s.color ?? colorAt(i), dash: s.dash ?? "solid", width: 2 },
    };
  });
  return {
    data,
    layout: {
      ...baseLayout(options),
      xaxis: axis(options.xTitle),
      yaxis: axis(
        options.yTitle,
        options.logY
          ? { type: "log", tickmode: "array", ...logTicks(data.flatMap((d) => d.y)) }
          : {},
      ),
      legend: { orientation: "h", y: -0.2 },
      hovermode: "x unified",
    },
  };
}
