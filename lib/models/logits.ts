/**
 * Training on logits, the PyTorch way: a view of a model that outputs its `logits` layer and
 * computes softmax cross-entropy from them, so no example loses its gradient to TF.js's clipping
 * of probabilities at 1e-7.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { LOGITS_LAYER } from "./_mnist_layers.ts";

/**
 * Mean softmax cross-entropy computed from logits and one-hot targets (stable for any logits).
 *
 * @param oneHot `[batch, classes]` targets
 * @param logits `[batch, classes]` raw scores
 * @returns the per-example losses `[batch]`; the caller disposes them
 */
export function softmaxCrossEntropyFromLogits(oneHot: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, undefined, tf.Reduction.NONE)
  );
}

/**
 * A view of `model` that outputs its `logits` layer, compiled with the same optimiser object,
 * cross-entropy on the logits and accuracy. Training the view trains `model` (the layers and
 * their weights are shared); predict, evaluate and save with `model`, which gives probabilities.
 *
 * This is PyTorch's `CrossEntropyLoss` (and B's log-softmax + NLL): its gradient `p − y` never
 * vanishes, however confident and wrong the network starts, unlike TF.js's
 * `categoricalCrossentropy` on probabilities, which clips them at 1e-7.
 *
 * @param model a compiled model of this module (it must have a layer named `logits`)
 * @returns a compiled model sharing `model`'s weights; dispose only `model`
 * @throws {TypeError} when `model` has no `logits` layer or is not compiled
 * @example
 * ```ts
 * import { lenetAbd01, logitsTrainingModel } from "./mnist.ts";
 * const model = lenetAbd01();
 * const trainer = logitsTrainingModel(model);
 * trainer.outputs[0].shape; // [null, 10]
 * model.dispose();
 * ```
 */
export function logitsTrainingModel(model: tf.LayersModel): tf.LayersModel {
  let logits: tf.layers.Layer;
  try {
    logits = model.getLayer(LOGITS_LAYER);
  } catch {
    throw new TypeError(
      `Cannot make a logits training view of model '${model.name}' as it must have a layer ` +
        `named '${LOGITS_LAYER}': found ${model.layers.map((l) => `'${l.name}'`).join(", ")} — ` +
        `build it with a factory of lib/models/mnist.ts`,
    );
  }
  if (!model.optimizer) {
    throw new TypeError(
      `Cannot make a logits training view of model '${model.name}' as it must be compiled: ` +
        `it has no optimizer — build it with a factory of lib/models/mnist.ts`,
    );
  }
  const view = tf.model({
    inputs: model.inputs,
    outputs: logits.output as tf.SymbolicTensor,
    name: `${model.name}_logits`,
  });
  view.compile({
    optimizer: model.optimizer,
    loss: softmaxCrossEntropyFromLogits,
    metrics: ["accuracy"],
  });
  return view;
}
