import { axis, baseLayout } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions, type Trace } from "./types.ts";

/**
 * One epoch of a training history, as `lib/train`'s `EpochLog` has it (any object with these
 * fields will do).
 */
export interface CurvePoint {
  /** 1-based epoch */
  epoch: number;
  /** training loss */
  loss: number;
  /** training accuracy */
  accuracy?: number;
  /** validation loss */
  valLoss?: number;
  /** validation accuracy */
  valAccuracy?: number;
}

/** Options of {@linkcode trainingCurves}. */
export interface TrainingCurvesOptions extends FigureOptions {
  /** mark the best epoch (lowest validation loss or highest validation accuracy); default true */
  markBest?: boolean;
  /** draw the validation curves when the histories have them; default true */
  validation?: boolean;
  /** draw the training curves; default true */
  train?: boolean;
}

/**
 * Learning curves of several models: training (solid) and validation (dashed) per model, one
 * colour per model, with a star at each model's best epoch.
 *
 * The best epoch is judged on validation values when the history has them, else on training
 * values: the lowest loss, or the highest accuracy.
 *
 * @param histories epoch logs by model name
 * @param metric which figure to draw
 * @param options titles, and which curves to draw
 * @returns the Plotly figure
 * @throws {RangeError} when `metric` is "accuracy" and a history has no accuracy
 * @example
 * ```ts
 * import { trainingCurves } from "./curves.ts";
 * const fig = trainingCurves({
 *   mlp: [{ epoch: 1, loss: 0.5, valLoss: 0.4 }, { epoch: 2, loss: 0.3, valLoss: 0.35 }],
 * }, "loss");
 * fig.data.length; // 3: train, validation, best-epoch marker
 * ```
 */
export function trainingCurves(
  histories: Record<string, readonly CurvePoint[]>,
  metric: "loss" | "accuracy",
  options: TrainingCurvesOptions = {},
): Figure {
  const data: Trace[] = [];
  const names = Object.keys(histories);
  names.forEach((name, i) => {
    const history = histories[name];
    const color = colorAt(i);
    const epochs = history.map((h) => h.epoch);
    const train = history.map((h) => metric === "loss" ? h.loss : h.accuracy);
    const val = history.map((h) => metric === "loss" ? h.valLoss : h.valAccuracy);
    if (metric === "accuracy" && history.length > 0 && train.some((v) => v === undefined)) {
      throw new RangeError(
        `Cannot plot accuracy of '${name}' as every epoch needs an accuracy: some have none — ` +
          `compile the model with metrics: ["accuracy"] or plot "loss"`,
      );
    }
    const hasVal = val.length > 0 && val.every((v) => v !== undefined && Number.isFinite(v));
    const multi = names.length > 1;
    if (options.train ?? true) {
      data.push({
        type: "scatter",
        mode: history.length === 1 ? "markers" : "lines+markers",
        name: multi ? `${name} train` : "train",
        legendgroup: name,
        x: epochs,
        y: train,
        line: { color, dash: "solid", width: 2 },
        marker: { size: 5 },
      });
    }
    const showVal = hasVal && (options.validation ?? true);
    if (showVal) {
      data.push({
        type: "scatter",
        mode: history.length === 1 ? "markers" : "lines+markers",
        name: multi ? `${name} validation` : "validation",
        legendgroup: name,
        x: epochs,
        y: val,
        line: { color, dash: "dash", width: 2 },
        marker: { size: 5, symbol: "square" },
      });
    }
    if ((options.markBest ?? true) && history.length > 0) {
      const series = (showVal ? val : train) as number[];
      const best = bestIndex(series, metric === "loss" ? "min" : "max");
      if (best >= 0) {
        data.push({
          type: "scatter",
          mode: "markers",
          name: `${multi ? `${name} ` : ""}best (epoch ${epochs[best]})`,
          legendgroup: name,
          x: [epochs[best]],
          y: [series[best]],
          marker: { color, size: 14, symbol: "star", line: { color: "black", width: 1 } },
        });
      }
    }
  });
  const title = options.title ?? (metric === "loss" ? "Loss by epoch" : "Accuracy by epoch");
  return {
    data,
    layout: {
      ...baseLayout({ ...options, title }),
      xaxis: axis("epoch", { dtick: 1 }),
      yaxis: axis(metric, metric === "accuracy" ? { tickformat: ".1%" } : {}),
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

/**
 * The index of the lowest (`"min"`) or highest (`"max"`) finite value.
 *
 * @param values the values
 * @param mode which extreme
 * @returns the index, or -1 when no value is finite
 */
export function bestIndex(values: ArrayLike<number>, mode: "min" | "max"): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (best < 0 || (mode === "min" ? v < values[best] : v > values[best])) best = i;
  }
  return best;
}
