/**
 * A model's layers as table rows for people: name, type, output shape and parameter count, one
 * row per layer, in the column names every notebook shows.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { modelSummary } from "../plot/model.ts";

/** One row of {@linkcode layerTable} (a type, not an interface, so it is a table row for `showTable`). */
export type LayerTableRow = {
  /** the layer's name */
  layer: string;
  /** the layer's class, e.g. `Conv2D` */
  type: string;
  /** its output shape, e.g. `[null, 26, 26, 32]` */
  "output shape": string;
  /** its parameter count */
  parameters: number;
};

/**
 * The rows of a model's layer table, for `showTable`.
 *
 * @param model a built model
 * @returns one row per layer, in order
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { layerTable } from "./layer_table.ts";
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * layerTable(model)[0].parameters; // 8
 * model.dispose();
 * ```
 */
export function layerTable(model: tf.LayersModel): LayerTableRow[] {
  return modelSummary(model).rows.map((r) => ({
    layer: r.layer,
    type: r.type,
    "output shape": r.outputShape,
    parameters: r.params,
  }));
}
