/**
 * Micro-batches: a training batch too large for the backend's memory (wasm holds every tensor in
 * one heap of at most 4 GiB) is run as several smaller forward and backward passes whose
 * gradients are summed, weighted by their share of the batch, and applied once. The update is
 * the batch's own, up to float rounding, except in batch normalisation: each micro-batch is
 * normalised by its own mean and variance ("ghost" batch norm), and the moving averages are
 * updated once per micro-batch.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { stepMemoryBudget } from "../backend/mod.ts";
import type { TrainingRecord } from "./throughput.ts";

/** How many bytes per example row one layer output takes (float32). */
const BYTES = 4;

/**
 * A rough upper bound of the bytes one training step holds per example row: every layer's
 * output (kept for the backward pass) and its gradient, plus the work buffers of the largest
 * layer's kernels (Winograd tiles, patch matrices, the gradient being summed).
 *
 * @param model a model
 * @returns bytes per row of the input batch
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { stepBytesPerRow } from "./micro_batch.ts";
 * await tf.setBackend("cpu");
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
 * stepBytesPerRow(model); // 4 · (2 · 2 + 6 · 2) = 64
 * model.dispose();
 * ```
 */
export function stepBytesPerRow(model: tf.LayersModel): number {
  let sum = 0;
  let largest = 0;
  for (const layer of model.layers) {
    const shapes =
      (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (
        | number
        | null
      )[][];
    for (const shape of shapes) {
      const size = shape.slice(1).reduce((a: number, d) => a * (d ?? 1), 1);
      sum += size;
      largest = Math.max(largest, size);
    }
  }
  return BYTES * (2 * sum + 6 * largest);
}

/**
 * The rows per micro-batch for a batch of `rows` rows within `budgetBytes`: `rows` itself when
 * the batch fits (or there is no budget), else the largest share of equal micro-batches that fits.
 *
 * @param rows rows in the batch
 * @param bytesPerRow from {@linkcode stepBytesPerRow}
 * @param budgetBytes what one step may hold; undefined for no limit
 * @returns rows per micro-batch, from 1 to `rows`
 * @example
 * ```ts
 * import { microBatchRows } from "./micro_batch.ts";
 * microBatchRows(768, 4e6, 1.5e9); // 768 rows need 3.07 GB: 3 micro-batches of 256
 * microBatchRows(96, 4e6, 1.5e9); // 96: it fits
 * ```
 */
export function microBatchRows(
  rows: number,
  bytesPerRow: number,
  budgetBytes: number | undefined,
): number {
  if (budgetBytes === undefined || rows * bytesPerRow <= budgetBytes) return rows;
  const parts = Math.ceil((rows * bytesPerRow) / budgetBytes);
  return Math.max(1, Math.ceil(rows / parts));
}

/**
 * One optimizer update from micro-batches: for each part of the batch, the gradients of
 * `loss(start, n, share)` — the part's mean loss times its share `n / rows` of the batch — are
 * taken with `tf.variableGrads`, summed, and applied once. The event loop runs between parts
 * (progress is drawn, an interrupt is noticed after the step).
 *
 * @param optimizer the optimizer to apply the summed gradients with
 * @param vars the variables trained
 * @param split the batch's rows and the rows per micro-batch
 * @param loss builds the weighted loss of rows `[start, start + n)`; called inside
 *   `tf.variableGrads`, so every tensor it makes but returns is disposed
 * @returns the summed loss (the batch's mean loss), which the caller disposes
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { applyInMicroBatches } from "./micro_batch.ts";
 * await tf.setBackend("cpu");
 * const w = tf.variable(tf.scalar(1));
 * const xs = tf.tensor1d([1, 2, 3, 4]);
 * // the mean of (w·x)² over 4 rows, in 2 parts of 2
 * const loss = await applyInMicroBatches(tf.train.sgd(0.1), [w], { rows: 4, micro: 2 },
 *   (start, n, share) => tf.mul(tf.mean(tf.square(tf.mul(w, tf.slice(xs, start, n)))), share));
 * (await loss.data())[0]; // 7.5, the whole batch's mean
 * ```
 */
export async function applyInMicroBatches(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  split: { rows: number; micro: number },
  loss: (start: number, n: number, share: number) => tf.Scalar,
): Promise<tf.Scalar> {
  const { rows, micro } = split;
  let sum: tf.NamedTensorMap | undefined;
  let cost: tf.Scalar | undefined;
  try {
    for (let start = 0; start < rows; start += micro) {
      const n = Math.min(micro, rows - start);
      const { value, grads } = tf.variableGrads(() => loss(start, n, n / rows), vars);
      if (!sum || !cost) {
        sum = grads;
        cost = value;
      } else {
        const previous: tf.NamedTensorMap = sum;
        const before: tf.Scalar = cost;
        sum = Object.fromEntries(
          Object.entries(grads).map(([name, g]) => [name, tf.add(previous[name], g)]),
        );
        cost = tf.add(before, value);
        tf.dispose([...Object.values(previous), ...Object.values(grads), before, value]);
      }
      // let a progress line or Ctrl-C through between parts (not after the last)
      if (start + n < rows) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    optimizer.applyGradients(sum!);
    return cost!;
  } catch (e) {
    cost?.dispose();
    throw e;
  } finally {
    if (sum) tf.dispose(Object.values(sum));
  }
}

/**
 * Rows `[start, start + n)` of a batch tensor, for a micro-batch's loss in
 * {@linkcode applyInMicroBatches}: the tensor itself when that is all of it, so that a batch
 * which is not split is not copied.
 *
 * @param t a batch tensor (rows first)
 * @param start the first row
 * @param n how many rows
 * @returns the rows (`t` itself, or a slice that the caller's scope disposes)
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { batchRows } from "./micro_batch.ts";
 * await tf.setBackend("cpu");
 * const t = tf.tensor2d([[1], [2], [3]]);
 * batchRows(t, 0, 3) === t; // true
 * batchRows(t, 1, 2).shape; // [2, 1]
 * ```
 */
export function batchRows(t: tf.Tensor, start: number, n: number): tf.Tensor {
  return start === 0 && n === t.shape[0] ? t : tf.slice(t, start, n);
}

/** Where a training's batches are split, from {@linkcode microBatchPlanner}. */
export interface MicroBatchPlanner {
  /** the rows per micro-batch for a batch of `rows` rows (`rows` when it fits) */
  rowsFor(rows: number): number;
  /** the rows per micro-batch of the smallest split so far; undefined while none was split */
  readonly smallest: number | undefined;
  /** the progress line's note of the split ("" while none was split) */
  note(): string;
  /** the split for the training's record (`microBatchRows`; empty while none was split) */
  record(): Pick<TrainingRecord, "microBatchRows">;
}

/**
 * Decides, batch by batch, whether a training step of a network needing `bytesPerRow` per row
 * fits `stepMemory`, and remembers the smallest split (for the record and the progress line).
 *
 * @param bytesPerRow from {@linkcode stepBytesPerRow}
 * @param stepMemory the bytes a step may hold; undefined: the active backend's budget
 *   (`stepMemoryBudget` of lib/backend, asked at each batch); `null`: never split
 * @returns the planner
 * @example
 * ```ts
 * import { microBatchPlanner } from "./micro_batch.ts";
 * const plan = microBatchPlanner(4e6, 1.5e9);
 * plan.rowsFor(96); // 96
 * plan.rowsFor(768); // 256
 * plan.note(); // " · batches split into micro-batches of 256 rows to fit memory"
 * plan.record(); // { microBatchRows: 256 }
 * ```
 */
export function microBatchPlanner(
  bytesPerRow: number,
  stepMemory: number | null | undefined,
): MicroBatchPlanner {
  let smallest: number | undefined;
  return {
    rowsFor(rows) {
      const budget = stepMemory === undefined ? stepMemoryBudget() : stepMemory;
      const micro = microBatchRows(rows, bytesPerRow, budget ?? undefined);
      if (micro < rows) smallest = Math.min(smallest ?? micro, micro);
      return micro;
    },
    get smallest() {
      return smallest;
    },
    note() {
      return smallest === undefined
        ? ""
        : ` · batches split into micro-batches of ${smallest} rows to fit memory`;
    },
    record() {
      return smallest === undefined ? {} : { microBatchRows: smallest };
    },
  };
}
