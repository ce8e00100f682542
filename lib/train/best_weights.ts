/**
 * Keeping the weights of a model's best epoch: after each epoch, offer the epoch's score on
 * held-out data; the weights are copied whenever the score beats every earlier one, and written
 * back at the end (Keras's `EarlyStopping(restore_best_weights=True)` without the stopping).
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The best epoch so far of one model, and a copy of its weights then. */
export interface BestWeights {
  /** the epoch of the best score so far (`undefined` before any finite score) */
  readonly epoch: number | undefined;
  /** the best score so far (`-Infinity` before any finite score) */
  readonly score: number;
  /**
   * Offers the model's current weights with their score; copies them when the score is higher
   * than every earlier one (a tie keeps the earlier epoch; NaN is never best).
   *
   * @param epoch the epoch the weights are from
   * @param score the score, higher is better
   * @returns whether these weights are now the best
   */
  offer(epoch: number, score: number): boolean;
  /** Writes the best weights back into the model (nothing when none was kept). */
  restore(): void;
  /** Frees the copy. */
  dispose(): void;
}

/**
 * Starts keeping the best weights of `model`.
 *
 * @param model the model (all its weights are kept, batch-norm statistics included)
 * @returns the keeper; dispose it when done
 * @example
 * ```ts ignore
 * const best = keepBestWeights(model);
 * for (let epoch = 1; epoch <= 10; epoch++) {
 *   await trainOneEpoch();
 *   best.offer(epoch, await validationAccuracy());
 * }
 * best.restore(); // the model now holds its best epoch's weights
 * best.dispose();
 * ```
 */
export function keepBestWeights(model: tf.LayersModel): BestWeights {
  const variables = model.weights.map((w) => w.read() as tf.Variable);
  let copy: tf.Tensor[] | undefined;
  let epoch: number | undefined;
  let score = -Infinity;
  return {
    get epoch() {
      return epoch;
    },
    get score() {
      return score;
    },
    offer(e, s) {
      if (!(s > score)) return false;
      tf.dispose(copy);
      copy = variables.map((v) => tf.keep(v.clone()));
      epoch = e;
      score = s;
      return true;
    },
    restore() {
      if (copy) variables.forEach((v, i) => v.assign(copy![i]));
    },
    dispose() {
      tf.dispose(copy);
      copy = undefined;
    },
  };
}
