/**
 * Two ways to score a classifier: the one source D printed, and the real one.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Source D's reported "test accuracy": `100 − 100 · mean |softmax − one-hot|`, the mean taken
 * over every entry of the `[n, classes]` matrix.
 *
 * It is not an accuracy. Nine of every ten entries are zeros in the one-hot target, and a
 * classifier puts small probabilities there whether it is right or wrong, so those entries
 * contribute almost nothing to the error; a wrong answer costs at most `2/classes` of one
 * example's share. The figure therefore sits far above the fraction of correct predictions.
 *
 * @param probabilities `[n, classes]` softmax outputs
 * @param oneHot `[n, classes]` targets
 * @returns the score in percent
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { sourceDScore } from "./metrics.ts";
 * // one example, wrong with certainty: |[1,0] − [0,1]| = [1, 1], mean 1 → 0 %
 * sourceDScore(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 1]])); // 0
 * ```
 */
export function sourceDScore(probabilities: tf.Tensor2D, oneHot: tf.Tensor2D): number {
  const mean = tf.tidy(() => tf.mean(tf.abs(tf.sub(probabilities, oneHot))));
  const value = mean.dataSync()[0];
  mean.dispose();
  return 100 - 100 * value;
}

/**
 * The fraction of rows whose largest score is at the target's class.
 *
 * @param scores `[n, classes]` logits or probabilities
 * @param oneHot `[n, classes]` targets
 * @returns accuracy in [0, 1]
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { accuracy } from "./metrics.ts";
 * accuracy(tf.tensor2d([[2, 1], [0, 3]]), tf.tensor2d([[1, 0], [1, 0]])); // 0.5
 * ```
 */
export function accuracy(scores: tf.Tensor2D, oneHot: tf.Tensor2D): number {
  const mean = tf.tidy(() =>
    tf.mean(tf.cast(tf.equal(tf.argMax(scores, 1), tf.argMax(oneHot, 1)), "float32"))
  );
  const value = mean.dataSync()[0];
  mean.dispose();
  return value;
}
