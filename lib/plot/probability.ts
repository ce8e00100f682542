import { axis, baseLayout } from "./_layout.ts";
import type { Figure, FigureOptions } from "./types.ts";

/** Options of {@linkcode probabilityChart}. */
export interface ProbabilityChartOptions extends FigureOptions {
  /** class names by class id (default: the id) */
  classNames?: readonly string[];
  /** the true class: green when predicted, else its bar is green and the prediction red */
  trueClass?: number;
  /** show only the `top` most probable classes, sorted (default: all, in class order) */
  top?: number;
}

/**
 * A bar chart of one prediction's class probabilities: the predicted class is highlighted
 * (green when right, red when wrong) and the true class, when given, is green.
 *
 * @param probabilities one probability per class
 * @param options class names, true class, top-k
 * @returns the Plotly figure
 * @throws {RangeError} when `trueClass` is not a class index
 * @example
 * ```ts
 * import { probabilityChart } from "./probability.ts";
 * const fig = probabilityChart([0.1, 0.7, 0.2], { trueClass: 2 });
 * fig.data[0].marker; // { color: ["#b0b0b0", "#d62728", "#2ca02c"] }
 * ```
 */
export function probabilityChart(
  probabilities: ArrayLike<number>,
  options: ProbabilityChartOptions = {},
): Figure {
  const k = probabilities.length;
  const t = options.trueClass;
  if (t !== undefined && (!Number.isInteger(t) || t < 0 || t >= k)) {
    throw new RangeError(
      `Cannot mark true class ${t} as it must be a class index below ${k} — pass 0…${k - 1}`,
    );
  }
  let predicted = 0;
  for (let i = 1; i < k; i++) if (probabilities[i] > probabilities[predicted]) predicted = i;
  let order = Array.from({ length: k }, (_, i) => i);
  if (options.top !== undefined) {
    order = order.sort((a, b) => probabilities[b] - probabilities[a]).slice(0, options.top);
  }
  const name = (i: number) => options.classNames?.[i] ?? String(i);
  const color = (i: number) => {
    if (i === t) return "#2ca02c";
    if (i === predicted) return t === undefined ? "#1f77b4" : "#d62728";
    return "#b0b0b0";
  };
  const p = order.map((i) => Math.round(probabilities[i] * 1e4) / 1e4);
  const title = options.title ??
    `predicted ${name(predicted)} (${(probabilities[predicted] * 100).toFixed(1)}%)` +
      (t === undefined ? "" : `, true ${name(t)}`);
  return {
    data: [{
      type: "bar",
      x: order.map(name),
      y: p,
      marker: { color: order.map(color) },
      text: p.map((v) => `${(v * 100).toFixed(1)}%`),
      textposition: "outside",
      cliponaxis: false,
      hovertemplate: "%{x}: %{y:.2%}<extra></extra>",
    }],
    layout: {
      ...baseLayout({ ...options, title }, { height: 320 }),
      xaxis: axis("class", { type: "category" }),
      yaxis: axis("probability", { range: [0, 1.1], tickformat: ".0%" }),
      showlegend: false,
    },
  };
}
