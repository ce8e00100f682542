/**
 * Class probabilities and predicted classes of a model over an example source.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "./source.ts";
import { checkBatchSize } from "./evaluate.ts";
import { capExamples } from "../config/max_steps.ts";

/** Options of {@linkcode predict}. */
export interface PredictOptions {
  /** examples per batch (default 256) */
  batchSize?: number;
  /**
   * predict only the first this many batches: the arrays are then that long (default:
   * `NOTEBOOK_MAX_STEPS`, see `lib/config`; `null`: every example)
   */
  maxBatches?: number | null;
}

/** The result of {@linkcode predict}. */
export interface Predictions {
  /** `size × numClasses` probabilities, row-major */
  probabilities: Float32Array;
  /** the most probable class of each example */
  predicted: Int32Array;
  /** the true class of each example, read from the source's targets (one-hot or integer) */
  labels: Int32Array;
  /** classes per example (the model's last output dimension) */
  numClasses: number;
}

/**
 * Runs `model` over every example of `source` in order (inference mode) and returns the
 * outputs as plain arrays, with the predicted and the true class of each example. Leaves no
 * tensors behind.
 *
 * @param model a model with one output of shape `[batch, numClasses]`
 * @param source the examples
 * @param options batch size
 * @returns probabilities, predicted classes, true classes
 * @throws {RangeError} when the batch size is invalid or the output is not `[batch, classes]`
 * @example
 * ```ts ignore
 * const { predicted, labels } = await predict(model, testSource);
 * ```
 */
export async function predict(
  model: tf.LayersModel,
  source: ExampleSource,
  options: PredictOptions = {},
): Promise<Predictions> {
  const batchSize = options.batchSize ?? 256;
  checkBatchSize(batchSize, "predict");
  const outShape = model.outputs[0].shape;
  if (outShape.length !== 2 || typeof outShape[1] !== "number") {
    throw new RangeError(
      `Cannot predict classes with model '${model.name}' as its output must be [batch, classes]: ` +
        `it is [${outShape.join(", ")}] — use model.predict for other outputs`,
    );
  }
  const k = outShape[1];
  const size = capExamples(source.size, batchSize, options.maxBatches);
  const probabilities = new Float32Array(size * k);
  const predicted = new Int32Array(size);
  const labels = new Int32Array(size);
  for (let start = 0; start < size; start += batchSize) {
    const n = Math.min(batchSize, size - start);
    const indices = new Int32Array(n).map((_, i) => start + i);
    const { xs, ys } = source.batch(indices);
    const [probs, pred, truth] = tf.tidy(() => {
      const p = model.predict(xs) as tf.Tensor;
      const t = ys.rank === 2 && ys.shape[1] === k && k > 1
        ? tf.argMax(ys, -1)
        : tf.reshape(ys, [n]).asType("int32");
      return [p, tf.argMax(p, -1), t];
    });
    xs.dispose();
    ys.dispose();
    probabilities.set(await probs.data() as Float32Array, start * k);
    predicted.set(await pred.data() as Int32Array, start);
    labels.set(await truth.data() as Int32Array, start);
    tf.dispose([probs, pred, truth]);
  }
  return { probabilities, predicted, labels, numClasses: k };
}
