/**
 * A hand-trained network scored on a set of images, both ways: source D's figure and the true
 * accuracy, in total and image by image.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { HeldOutSet } from "./gradient_descent.ts";
import { predictProbabilities, type ScratchNetwork } from "./network.ts";
import { accuracy, sourceDScore } from "./metrics.ts";

/** A network's two scores on one set of images. */
export interface NetworkScores {
  /** source D's "test accuracy", `100 − 100 · mean |softmax − one-hot|`, in percent */
  dScore: number;
  /** the fraction of images whose most probable class is the true one */
  accuracy: number;
}

/**
 * Scores `net` on `set` with D's figure and with the true accuracy.
 *
 * @param net the network
 * @param set the images (a row each) and their one-hot labels
 * @returns both scores
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createNetwork, scoreNetwork } from "./mod.ts";
 * const net = createNetwork([2, 2], { init: "zeros" });
 * await scoreNetwork(net, { x: tf.tensor2d([[1, 0]]), oneHot: tf.tensor2d([[1, 0]]) });
 * // { dScore: 50, accuracy: 1 } (even probabilities; argMax picks the first class)
 * ```
 */
export async function scoreNetwork(net: ScratchNetwork, set: HeldOutSet): Promise<NetworkScores> {
  const p = predictProbabilities(net, set.x);
  try {
    return { dScore: await sourceDScore(p, set.oneHot), accuracy: await accuracy(p, set.oneHot) };
  } finally {
    p.dispose();
  }
}

/**
 * D's score image by image, `100 − (100 / classes) · Σ|p − y|` over the classes (`100 − 10 ·
 * Σ|p − y|` for digits), and whether the image was classified right: D's total is the mean of
 * these scores.
 *
 * @param net the network
 * @param set the images and their one-hot labels
 * @returns one score and one verdict per image
 */
export async function perImageDScores(
  net: ScratchNetwork,
  set: HeldOutSet,
): Promise<{ scores: Float32Array; right: boolean[] }> {
  const [score, right] = tf.tidy(() => {
    const p = predictProbabilities(net, set.x);
    return [
      tf.sub(100, tf.mul(100 / p.shape[1], tf.sum(tf.abs(tf.sub(p, set.oneHot)), 1))),
      tf.equal(tf.argMax(p, 1), tf.argMax(set.oneHot, 1)),
    ];
  });
  try {
    const rights = await right.data();
    return {
      scores: Float32Array.from(await score.data()),
      right: Array.from(rights, (r) => r === 1),
    };
  } finally {
    tf.dispose([score, right]);
  }
}
