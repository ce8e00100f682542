/**
 * Loss and accuracy of a model on a whole example source, batch by batch.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "./source.ts";
import { capExamples } from "../config/max_steps.ts";
import {
  batchLoss,
  correctCount,
  hasAccuracy,
  predictionCount,
  requireCompiled,
} from "./_model.ts";

/** Options of {@linkcode evaluate}. */
export interface EvaluateOptions {
  /** examples per batch (default 256) */
  batchSize?: number;
  /**
   * score only the first this many batches (default: `NOTEBOOK_MAX_STEPS`, see `lib/config`;
   * `null`: every example)
   */
  maxBatches?: number | null;
}

/** The result of {@linkcode evaluate}. */
export interface Evaluation {
  /** mean compiled loss over all examples */
  loss: number;
  /**
   * fraction of predictions right, when the model was compiled with an accuracy metric (per
   * prediction: a source of three digits per example counts three)
   */
  accuracy?: number;
}

/** Checks a batch size option. @throws {RangeError} */
export function checkBatchSize(batchSize: number, what: string): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(
      `Cannot ${what} with batchSize ${batchSize} as it must be a positive integer — pass e.g. 256`,
    );
  }
}

/**
 * The compiled loss and (when compiled with `metrics: ["accuracy"]`) the accuracy of `model`
 * over every example of `source`, in order, in batches (inference mode: no dropout). Leaves no
 * tensors behind.
 *
 * @param model a compiled model
 * @param source the examples
 * @param options batch size
 * @returns mean loss and accuracy
 * @throws {TypeError} when the model is not compiled
 * @throws {RangeError} when the source is empty or the batch size invalid
 * @example
 * ```ts ignore
 * const { loss, accuracy } = await evaluate(model, testSource, { batchSize: 512 });
 * ```
 */
export async function evaluate(
  model: tf.LayersModel,
  source: ExampleSource,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  requireCompiled(model, "evaluate");
  const batchSize = options.batchSize ?? 256;
  checkBatchSize(batchSize, "evaluate");
  if (source.size <= 0) {
    throw new RangeError(
      `Cannot evaluate model '${model.name}' on ${source.size} examples as at least one is ` +
        `needed — pass a non-empty source`,
    );
  }
  const withAccuracy = hasAccuracy(model);
  let lossSum = 0;
  let correct = 0;
  let predictions = 0;
  const size = capExamples(source.size, batchSize, options.maxBatches);
  for (let start = 0; start < size; start += batchSize) {
    const n = Math.min(batchSize, size - start);
    const indices = new Int32Array(n).map((_, i) => start + i);
    const { xs, ys } = source.batch(indices);
    const sums = tf.tidy(() => {
      const preds = model.predict(xs) as tf.Tensor;
      predictions += predictionCount(preds);
      const loss = tf.mul(batchLoss(model, ys, preds), n);
      return withAccuracy ? tf.stack([loss, correctCount(ys, preds)]) : tf.reshape(loss, [1]);
    });
    xs.dispose();
    ys.dispose();
    const values = await sums.data();
    sums.dispose();
    lossSum += values[0];
    if (withAccuracy) correct += values[1];
  }
  return {
    loss: lossSum / size,
    ...(withAccuracy ? { accuracy: correct / predictions } : {}),
  };
}
