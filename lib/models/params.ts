/**
 * Counting a model's parameters as the source projects (PyTorch) count them.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/**
 * The number of trainable parameters of a model: PyTorch's `sum(p.numel() for p in
 * model.parameters())`, which, unlike TF.js's `countParams()`, leaves out BatchNorm's running
 * mean and variance (buffers in PyTorch, non-trainable weights here).
 *
 * @param model any layers model
 * @returns the number of trainable scalars
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { countTrainableParams } from "./params.ts";
 * const model = tf.sequential({
 *   layers: [
 *     tf.layers.dense({ inputShape: [4], units: 2 }),
 *     tf.layers.batchNormalization(),
 *   ],
 * });
 * countTrainableParams(model); // 4·2 + 2 + 2·2 (gamma, beta) = 14
 * model.countParams(); // 18: the moving mean and variance too
 * model.dispose();
 * ```
 */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0,
  );
}
