import { axis, baseLayout } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions } from "./types.ts";

/** Options of {@linkcode histogram}. */
export interface HistogramOptions extends FigureOptions {
  /** number of bins (default 30) */
  bins?: number;
  /** value range to bin (default: the data's min and max) */
  range?: [number, number];
  /** y as counts (default) or as the fraction of each series */
  normalize?: "count" | "fraction";
  /** x-axis title */
  xTitle?: string;
  /** y-axis title (default "count" or "fraction") */
  yTitle?: string;
}

/**
 * Counts of `values` in `bins` equal bins over `[lo, hi]`; the maximum goes in the last bin,
 * values outside (and NaN) are dropped.
 *
 * @param values the values
 * @param bins the number of bins
 * @param lo the lower edge of the first bin
 * @param hi the upper edge of the last bin
 * @returns one count per bin
 */
export function binCounts(
  values: ArrayLike<number>,
  bins: number,
  lo: number,
  hi: number,
): Float64Array {
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins || 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return counts;
}

/**
 * Overlaid histograms of one or more series, binned here (so the spec stays small however many
 * values there are) on one shared set of bins.
 *
 * @param series the values to bin, by series name
 * @param options bins, range, normalisation, titles
 * @returns the Plotly figure (one bar trace per series)
 * @throws {RangeError} when `bins` is not a positive integer
 * @example
 * ```ts
 * import { histogram } from "./histogram.ts";
 * const fig = histogram({ weights: [0, 0.5, 1, 1] }, { bins: 2 });
 * fig.data[0].y; // [1, 3]
 * ```
 */
export function histogram(
  series: Record<string, ArrayLike<number>>,
  options: HistogramOptions = {},
): Figure {
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins <= 0) {
    throw new RangeError(
      `Cannot bin a histogram into ${bins} bins as bins must be a positive integer — pass e.g. 30`,
    );
  }
  const names = Object.keys(series);
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range) {
    for (const name of names) {
      const v = series[name];
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i])) continue;
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
      }
    }
    if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  }
  const width = (hi - lo) / bins;
  const centers = Array.from({ length: bins }, (_, i) => round(lo + (i + 0.5) * width));
  const fraction = options.normalize === "fraction";
  const data = names.map((name, i) => {
    const counts = binCounts(series[name], bins, lo, hi);
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    return {
      type: "bar",
      name,
      x: centers,
      y: Array.from(counts, (c) => fraction ? round(c / total) : c),
      width: round(width),
      marker: { color: colorAt(i), line: { width: 0 } },
      opacity: names.length > 1 ? 0.55 : 0.85,
    };
  });
  return {
    data,
    layout: {
      ...baseLayout(options),
      barmode: "overlay",
      bargap: 0,
      xaxis: axis(options.xTitle),
      yaxis: axis(options.yTitle ?? (fraction ? "fraction" : "count")),
      showlegend: names.length > 1,
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
