/**
 * The training figures of a GAN: generator and discriminator loss per epoch (A's figure), their
 * ratio with a line at 1.0 (A's other figure), and how well a reader scores the generated images
 * after each epoch.
 * @module
 */
import { lineChart } from "./line.ts";
import type { Figure } from "./types.ts";
import type { ReaderWatchRow } from "../gan/watched.ts";

/**
 * The losses of one GAN epoch that these figures read (`lib/gan`'s `GanEpochLog` has them, and
 * more).
 */
export interface GanLossLog {
  /** 1-based epoch */
  epoch: number;
  /** mean generator loss */
  generatorLoss: number;
  /** mean discriminator loss */
  discriminatorLoss: number;
  /** generator loss / discriminator loss */
  ratio: number;
}

/**
 * Generator and discriminator loss per epoch.
 *
 * @param history one log per epoch (`trainGan`)
 * @param title the figure title
 * @returns the Plotly figure
 * @example
 * ```ts
 * import { ganLossFigure } from "./gan.ts";
 * const log = { epoch: 1, generatorLoss: 2, discriminatorLoss: 1, ratio: 2 };
 * ganLossFigure([log]).data.length; // 2
 * ```
 */
export function ganLossFigure(
  history: readonly GanLossLog[],
  title = "GAN losses per epoch",
): Figure {
  const x = history.map((l) => l.epoch);
  return lineChart([
    { name: "generator", x, y: history.map((l) => l.generatorLoss), markers: true },
    { name: "discriminator", x, y: history.map((l) => l.discriminatorLoss), markers: true },
  ], { title, xTitle: "epoch", yTitle: "loss" });
}

/**
 * The ratio of generator to discriminator loss per epoch, with a dashed line at 1.0 (the two
 * networks' losses equal). A ratio that keeps growing means the discriminator is winning.
 *
 * @param history one log per epoch (`trainGan`)
 * @param title the figure title
 * @returns the Plotly figure
 * @example
 * ```ts
 * import { ganRatioFigure } from "./gan.ts";
 * const fig = ganRatioFigure([{ epoch: 1, generatorLoss: 2, discriminatorLoss: 1, ratio: 2 }]);
 * fig.data[0].y; // [2]
 * ```
 */
export function ganRatioFigure(
  history: readonly GanLossLog[],
  title = "G/D loss ratio per epoch",
): Figure {
  const x = history.map((l) => l.epoch);
  const fig = lineChart([{ name: "G/D", x, y: history.map((l) => l.ratio), markers: true }], {
    title,
    xTitle: "epoch",
    yTitle: "generator loss / discriminator loss",
  });
  fig.layout.shapes = [{
    type: "line",
    xref: "paper",
    x0: 0,
    x1: 1,
    yref: "y",
    y0: 1,
    y1: 1,
    line: { color: "#7f7f7f", dash: "dash", width: 1.5 },
  }];
  fig.layout.annotations = [{
    xref: "paper",
    x: 1,
    yref: "y",
    y: 1,
    text: "1.0",
    showarrow: false,
    xanchor: "right",
    yanchor: "bottom",
  }];
  fig.layout.yaxis = { ...(fig.layout.yaxis as Record<string, unknown>), rangemode: "tozero" };
  return fig;
}

/**
 * The share of generated numbers a classifier trained on real images reads exactly, after each
 * epoch, for the trained generator and (when there is one) its running average, in percent,
 * with a dashed line at `target` percent and a dotted one at the epoch that was `kept`.
 *
 * @param rows one row per epoch
 * @param options the target line (percent), the kept epoch and the figure title
 * @returns the Plotly figure
 * @example
 * ```ts
 * import { readerWatchFigure } from "./gan.ts";
 * readerWatchFigure([{ epoch: 1, generator: 0.3, averaged: 0.2 }]).data.length; // 2
 * ```
 */
export function readerWatchFigure(
  rows: readonly ReaderWatchRow[],
  options: { target?: number; kept?: number; title?: string } = {},
): Figure {
  const x = rows.map((r) => r.epoch);
  const series = [{
    name: "trained generator",
    x,
    y: rows.map((r) => 100 * r.generator),
    markers: true,
  }];
  if (rows.some((r) => r.averaged !== undefined)) {
    series.push({
      name: "averaged generator",
      x,
      y: rows.map((r) => 100 * (r.averaged ?? NaN)),
      markers: true,
    });
  }
  const fig = lineChart(series, {
    title: options.title ?? "Generated validation numbers read exactly, per epoch",
    xTitle: "epoch",
    yTitle: "exact match (%)",
  });
  fig.layout.yaxis = { ...(fig.layout.yaxis as Record<string, unknown>), range: [0, 100] };
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  if (options.target !== undefined) {
    shapes.push({
      type: "line",
      xref: "paper",
      x0: 0,
      x1: 1,
      yref: "y",
      y0: options.target,
      y1: options.target,
      line: { color: "#7f7f7f", dash: "dash", width: 1.5 },
    });
  }
  if (options.kept !== undefined) {
    shapes.push({
      type: "line",
      xref: "x",
      x0: options.kept,
      x1: options.kept,
      yref: "paper",
      y0: 0,
      y1: 1,
      line: { color: "#7f7f7f", dash: "dot", width: 1.5 },
    });
    annotations.push({
      xref: "x",
      x: options.kept,
      yref: "paper",
      y: 0,
      text: `kept: epoch ${options.kept}`,
      showarrow: false,
      xanchor: "left",
      yanchor: "bottom",
    });
  }
  if (shapes.length > 0) fig.layout.shapes = shapes;
  if (annotations.length > 0) fig.layout.annotations = annotations;
  return fig;
}
