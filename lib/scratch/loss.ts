/**
 * Softmax cross-entropy written out, the way source D computed its cost by hand.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * The mean cross-entropy between one-hot targets and the softmax of `logits`:
 * `-(1/n) Σ_i Σ_k y_ik · log softmax(z_i)_k`, with `log softmax(z) = z − max z − log Σ exp(z − max z)`.
 *
 * Subtracting the row maximum before `exp` changes nothing mathematically and keeps `exp` from
 * overflowing; working with log-probabilities (instead of `log(softmax)`) keeps a confident
 * wrong answer from turning into `log(0) = −∞`.
 *
 * @param logits `[n, classes]` raw scores
 * @param oneHot `[n, classes]` targets, one 1 per row
 * @returns the mean cost as a scalar; the caller disposes it
 * @throws {TypeError} when the shapes differ
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { softmaxCrossEntropy } from "./loss.ts";
 * const cost = softmaxCrossEntropy(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]]));
 * (await cost.data())[0]; // ≈ 0.6931 = log 2
 * ```
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  if (logits.shape.join() !== oneHot.shape.join()) {
    throw new TypeError(
      `Cannot compute the cross-entropy of logits [${logits.shape}] as the targets must have ` +
        `the same shape: found [${oneHot.shape}] — one-hot encode the labels with as many columns as classes`,
    );
  }
  return tf.tidy(() => {
    const shifted = tf.sub(logits, tf.max(logits, 1, true));
    const logSumExp = tf.log(tf.sum(tf.exp(shifted), 1, true));
    const logProbabilities = tf.sub(shifted, logSumExp);
    const perExample = tf.neg(tf.sum(tf.mul(oneHot, logProbabilities), 1));
    return tf.mean(perExample) as tf.Scalar;
  });
}
