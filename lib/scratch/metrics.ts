/**
 * Two ways to score a classifier: the one source D printed, and the real one.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * The first value of `t`, read asynchronously (webgpu has no synchronous read under Deno).
 * Disposes `t`.
 */
async function readScalar(t: tf.Tensor): Promise<number> {
  try {
    return (await t.data())[0];
  } finally {
    t.dispose();
  }
}

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
 * @returns a Promise of the score in percent (read back asynchronously, so it works on webgpu)
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { sourceDScore } from "./metrics.ts";
 * // one example, wrong with certainty: |[1,0] − [0,1]| = [1, 1], mean 1 → 0 %
 * await sourceDScore(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 1]])); // 0
 * ```
 */
export async function sourceDScore(
  probabilities: tf.Tensor2D,
  oneHot: tf.Tensor2D,
): Promise<number> {
  const mean = tf.tidy(() => tf.mean(tf.abs(tf.sub(probabilities, oneHot))));
  return 100 - 100 * await readScalar(mean);
}

/**
 * The fraction of rows whose largest score is at the target's class.
 *
 * @param scores `[n, classes]` logits or probabilities
 * @param oneHot `[n, classes]` targets
 * @returns a Promise of the accuracy in [0, 1] (read back asynchronously, so it works on webgpu)
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { accuracy } from "./metrics.ts";
 * await accuracy(tf.tensor2d([[2, 1], [0, 3]]), tf.tensor2d([[1, 0], [1, 0]])); // 0.5
 * ```
 */
export async function accuracy(scores: tf.Tensor2D, oneHot: tf.Tensor2D): Promise<number> {
  const mean = tf.tidy(() =>
    tf.mean(tf.cast(tf.equal(tf.argMax(scores, 1), tf.argMax(oneHot, 1)), "float32"))
  );
  return await readScalar(mean);
}
