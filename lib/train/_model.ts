/** Internal: what the training functions need from a compiled model. */
import * as tf from "@tensorflow/tfjs";

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * The compiled loss function of `model`. A `tf.Sequential` keeps it on its inner functional
 * model (`model.model`), not on itself.
 */
export function lossFunctionOf(model: tf.LayersModel): LossFn | undefined {
  const own = model.lossFunctions;
  if (own && own.length > 0) return own[0] as LossFn;
  const inner = (model as { model?: tf.LayersModel }).model;
  const fns = inner?.lossFunctions;
  return fns && fns.length > 0 ? fns[0] as LossFn : undefined;
}

/** Throws a TypeError unless `model` is compiled (has an optimizer and a loss). */
export function requireCompiled(model: tf.LayersModel, what: string): void {
  if (!model.optimizer || !lossFunctionOf(model)) {
    throw new TypeError(
      `Cannot ${what} model '${model.name}' as a compiled model: it has no optimizer or loss — ` +
        `call model.compile({optimizer, loss, metrics: ["accuracy"]}) first`,
    );
  }
}

/** Whether the model was compiled with an accuracy metric. */
export function hasAccuracy(model: tf.LayersModel): boolean {
  return (model.metricsNames ?? []).some((n) => /acc/i.test(n));
}

/**
 * The number of correct predictions in a batch, as a scalar (inside the caller's tidy):
 * categorical (one-hot targets), sparse (integer targets) or binary (one sigmoid output).
 */
export function correctCount(ys: tf.Tensor, preds: tf.Tensor): tf.Scalar {
  const k = preds.shape[preds.shape.length - 1] ?? 1;
  if (k === 1 && preds.rank >= 2) {
    return tf.sum(tf.equal(tf.greater(preds, 0.5), tf.greater(ys, 0.5)).asType("float32"));
  }
  const ysK = ys.rank === preds.rank ? ys.shape[ys.shape.length - 1] : 1;
  const predicted = tf.argMax(preds, -1);
  const truth = ysK === k ? tf.argMax(ys, -1) : tf.reshape(ys, predicted.shape).asType("int32");
  return tf.sum(tf.equal(predicted, truth).asType("float32"));
}

/**
 * The number of predictions {@linkcode correctCount} compares in `preds`: one per example for a
 * `[batch, classes]` output, one per row of the last axis for more axes (e.g. three digits per
 * image for `[batch, 3, 10]`), one per element for a single sigmoid output.
 */
export function predictionCount(preds: tf.Tensor): number {
  const k = preds.shape[preds.shape.length - 1] ?? 1;
  return k === 1 && preds.rank >= 2 ? preds.size : preds.size / k;
}

/** The compiled loss of a batch, as a scalar mean (inside the caller's tidy). */
export function batchLoss(model: tf.LayersModel, ys: tf.Tensor, preds: tf.Tensor): tf.Scalar {
  return tf.mean(lossFunctionOf(model)!(ys, preds)) as tf.Scalar;
}
