/**
 * The contract between data and training: a source of examples that makes one batch of tensors
 * on demand, so that no loop copies a whole data set into one tensor per epoch.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** One batch of inputs and targets. The caller disposes both tensors. */
export interface Batch {
  /** inputs, e.g. `[batch, 28, 28, 1]` float32 */
  xs: tf.Tensor;
  /** targets, e.g. one-hot `[batch, 10]` float32 */
  ys: tf.Tensor;
}

/** A data set that can build a batch for any list of example indices. */
export interface ExampleSource {
  /** the number of examples (valid indices are 0..size-1) */
  readonly size: number;
  /**
   * Builds the batch of the examples at `indices`, in that order.
   * @param indices example indices
   * @returns new tensors the caller disposes
   */
  batch(indices: Int32Array): Batch;
}
