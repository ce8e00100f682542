/**
 * Table builders: the rows of tables that several notebooks show (a model's layers, the epochs
 * of a run and the one it kept, Triple-MNIST scores per position), as data with the format of
 * each column (`lib/display`'s `showTable(table.rows, table)` writes them). Like the figure
 * builders they are pure; the numbers stay numbers, so the table's text and its copy in
 * `metrics.json` cannot disagree.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { modelSummary } from "./model.ts";
// the module without imports: plot loads without TF.js and the PNG codec
import { POSITION_NAMES } from "../triple_mnist/positions.ts";

/** How a column is written (the names of `lib/display`'s column formats). */
export type TableColumnFormat =
  | "percent"
  | "percent0"
  | "percent2"
  | "count"
  | "number"
  | "duration"
  | "plain";

/** A sentence with placeholders and their values, for `lib/display`'s `showProse`. */
export interface ProseSpec {
  /** the text, with `{name}` and `{name:format}` placeholders */
  template: string;
  /** the values by name */
  values: Record<string, number | string>;
}

/** Rows and the formats of their columns, ready for `showTable(table.rows, table)`. */
export interface TableSpec<Row = Record<string, unknown>> {
  /** one object per row, keyed by column name */
  rows: Row[];
  /** formats by column name; the other columns' formats are guessed from their names */
  formats: Record<string, TableColumnFormat>;
  /** a caption above the table */
  caption?: string;
}

/** The validation figures of one epoch that {@linkcode keptEpochTable} reads. */
export interface ValidatedEpoch {
  /** 1-based epoch */
  epoch: number;
  /** exact match on the validation images after the epoch */
  valExactMatch?: number;
  /** digit accuracy on the validation images */
  valAccuracy?: number;
  /** loss on the validation images */
  valLoss?: number;
}

/**
 * One row per epoch with its validation exact match, digit accuracy and loss, and a ✓ on the
 * epoch that was kept: the table that shows which epoch a run keeps and why, with the sentence
 * that says it (`showProse(table.summary.template, table.summary.values)`).
 *
 * @param history one entry per epoch
 * @param kept the 1-based epoch that was kept
 * @returns the table and its summary sentence
 * @throws {RangeError} when `kept` is not one of the epochs
 * @example
 * ```ts
 * import { keptEpochTable } from "./tables.ts";
 * const t = keptEpochTable([{ epoch: 1, valExactMatch: 0.5 }, { epoch: 2, valExactMatch: 0.6 }], 2);
 * t.rows[1].kept; // "✓"
 * t.summary.values; // { kept: 2, epochs: 2, em: 0.6 }
 * ```
 */
export function keptEpochTable(
  history: readonly ValidatedEpoch[],
  kept: number,
): TableSpec & { summary: ProseSpec } {
  const keptEpoch = history.find((h) => h.epoch === kept);
  if (!keptEpoch) {
    throw new RangeError(
      `Cannot mark epoch ${kept} as kept as the history holds epochs ` +
        `${history.map((h) => h.epoch).join(", ") || "none"} — pass the run's own kept epoch`,
    );
  }
  return {
    summary: {
      template:
        "Epoch **{kept}** of {epochs} is kept: its validation exact match, **{em:pct2}**, " +
        "is the highest of the run.",
      values: { kept, epochs: history.length, em: keptEpoch.valExactMatch ?? NaN },
    },
    rows: history.map((h) => ({
      epoch: h.epoch,
      "validation exact match": h.valExactMatch,
      "validation digit accuracy": h.valAccuracy,
      "validation loss": h.valLoss,
      kept: h.epoch === kept ? "✓" : "",
    })),
    formats: {
      "validation exact match": "percent2",
      "validation digit accuracy": "percent2",
      "validation loss": "plain",
    },
  };
}

/** The scores of a model that reads Triple-MNIST digit by digit (`lib/analysis`'s scores). */
export interface DigitScores {
  /** share of images with all three digits right */
  exactMatch: number;
  /** digit accuracy at each position, left to right */
  perPosition: readonly number[];
  /** the macro F1 over the ten digits at each position, averaged over the positions */
  averagedMacroF1: number;
}

/** The formats of {@linkcode digitScoreColumns}' columns. */
export const DIGIT_SCORE_FORMATS: Record<string, TableColumnFormat> = {
  "exact match": "percent2",
  ...Object.fromEntries(POSITION_NAMES.map((p) => [`${p} digit`, "percent2" as const])),
  "averaged macro F1": "plain",
};

/**
 * A model's Triple-MNIST scores as table columns: exact match, accuracy at each position and the
 * averaged macro F1. Spread them into a row beside the row's own columns, and pass
 * {@linkcode DIGIT_SCORE_FORMATS} as the table's formats.
 *
 * @param scores the scores
 * @returns the columns, by name
 * @example
 * ```ts
 * import { digitScoreColumns } from "./tables.ts";
 * const s = { exactMatch: 0.9, perPosition: [0.97, 0.96, 0.98], averagedMacroF1: 0.97 };
 * Object.keys(digitScoreColumns(s)); // ["exact match", "first digit", "second digit", "third digit", "averaged macro F1"]
 * ```
 */
export function digitScoreColumns(scores: DigitScores): Record<string, number> {
  return {
    "exact match": scores.exactMatch,
    ...Object.fromEntries(POSITION_NAMES.map((p, l) => [`${p} digit`, scores.perPosition[l]])),
    "averaged macro F1": scores.averagedMacroF1,
  };
}

/**
 * A table of models or splits with their Triple-MNIST scores: each row's own columns first, then
 * {@linkcode digitScoreColumns}.
 *
 * @param rows each row's own columns and its scores
 * @param caption a caption above the table
 * @returns the table
 * @example
 * ```ts
 * import { digitScoreTable } from "./tables.ts";
 * const scores = { exactMatch: 0.9, perPosition: [0.97, 0.96, 0.98], averagedMacroF1: 0.97 };
 * digitScoreTable([{ columns: { split: "test" }, scores }]).rows[0]["exact match"]; // 0.9
 * ```
 */
export function digitScoreTable(
  rows: readonly { columns: Record<string, unknown>; scores: DigitScores }[],
  caption?: string,
): TableSpec {
  return {
    rows: rows.map((r) => ({ ...r.columns, ...digitScoreColumns(r.scores) })),
    formats: DIGIT_SCORE_FORMATS,
    ...(caption === undefined ? {} : { caption }),
  };
}

/**
 * One row of a {@linkcode layerTable}, with the column names a reader sees (a type, not an
 * interface, so that it is a `Record<string, unknown>` for `showTable`).
 */
export type LayerTableRow = {
  /** layer name */
  layer: string;
  /** layer class, e.g. "Conv2D" */
  type: string;
  /** output shape, e.g. "(None, 26, 26, 32)" */
  "output shape": string;
  /** number of weights (trainable or not) */
  parameters: number;
};

/** A model's layers as a table ({@linkcode layerTable}). */
export interface LayerTable {
  /** one row per layer, in order */
  rows: LayerTableRow[];
  /** all weights */
  totalParams: number;
  /** trainable weights (BatchNorm's running statistics are not trainable) */
  trainableParams: number;
}

/**
 * A model's layers as table rows for a reader (name, type, output shape, parameters), with the
 * total and trainable parameter counts for the caption: show it with `lib/display`'s
 * `showTable(table.rows, { caption })`.
 *
 * @param model a built model
 * @returns the rows and the counts
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { layerTable } from "./tables.ts";
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * layerTable(model).rows[0]["output shape"]; // "(None, 2)"
 * model.dispose();
 * ```
 */
export function layerTable(model: tf.LayersModel): LayerTable {
  const summary = modelSummary(model);
  return {
    rows: summary.rows.map((r) => ({
      layer: r.layer,
      type: r.type,
      "output shape": r.outputShape,
      parameters: r.params,
    })),
    totalParams: summary.totalParams,
    trainableParams: summary.trainableParams,
  };
}
