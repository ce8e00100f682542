/**
 * Scoring a per-digit model on a whole Triple-MNIST split in one call.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { predict } from "../train/mod.ts";
import { thirdsSource, type TripleMnistSplit } from "../triple_mnist/mod.ts";
import { scoreTriple, type TripleScores } from "./triple_scores.ts";

/**
 * Predicts every third of every image of `split` (inference mode) and scores the predictions
 * with {@linkcode scoreTriple}, confidences included.
 *
 * @param model a per-digit model taking `[batch, 84, 28, 1]` and giving `[batch, 10]` probabilities
 * @param split the images to score
 * @param options thirds per prediction batch (default 768, i.e. 256 images)
 * @returns the scores; no tensor is left behind
 *
 * @example
 * ```ts ignore
 * const test = await scoreTripleModel(model, data.test);
 * test.exactMatch; // e.g. 0.93
 * ```
 */
export async function scoreTripleModel(
  model: tf.LayersModel,
  split: TripleMnistSplit,
  options: { batchSize?: number } = {},
): Promise<TripleScores> {
  const p = await predict(model, thirdsSource(split), { batchSize: options.batchSize ?? 768 });
  return scoreTriple(p);
}
