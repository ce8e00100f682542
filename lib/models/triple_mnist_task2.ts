/**
 * Source A's Task 2 models: 1000-way classifiers of the whole 84×84 Triple-MNIST image, whose
 * class is the number int(ddd) it shows.
 *
 * Porting notes (PyTorch → TF.js):
 * - BatchNorm `momentum` is 0.9, the Keras spelling of PyTorch's default `momentum=0.1` (TF.js's
 *   default 0.99 updates the running statistics ten times more slowly, so a model evaluated
 *   after few steps scores near chance), and `epsilon` is PyTorch's 1e-5.
 * - A's CNN applies ReLU before BatchNorm; so does this one.
 * - PyTorch flattens NCHW, TF.js NHWC: the parameter counts match, the order of the 28,224
 *   flattened features differs.
 * - Parameter counts are trainable parameters, as PyTorch counts them (BatchNorm's running mean
 *   and variance are buffers there and non-trainable weights here).
 *
 * Training them (Task 2's budget per profile, the trainer that records feature maps) lives in
 * `lib/triple_tasks/task2.ts`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { TORCH_BN_EPSILON, TORCH_BN_MOMENTUM } from "./layers.ts";

/** Side of a Triple-MNIST image. */
const IMAGE_SIDE = 84;
/** Classes of the 1000-way task: the numbers 000–999. */
export const TRIPLE_NUMBER_CLASSES = 1000;
/** Trainable parameters of {@linkcode tripleLogisticRegression}: 7056 × 1000 + 1000. */
export const TRIPLE_LOGREG_PARAMS = 7_057_000;
/** Trainable parameters of {@linkcode tripleFullImageCnn} (A, task 2b). */
export const TRIPLE_FULL_IMAGE_CNN_PARAMS = 14_984_232;
/** A's learning rate (Adam) and batch size for Task 2. */
export const TASK2_LEARNING_RATE = 1e-3;
/** A's batch size for Task 2. */
export const TASK2_BATCH_SIZE = 256;
/** The layer whose channel 0 A shows as the CNN's feature map (21×21 after the second pool). */
export const FEATURE_MAP_LAYER = "block2_pool";

/** Options of the Task 2 factories. */
export interface Task2ModelOptions {
  /**
   * seed of the kernel initialisers
   * @default 42
   */
  seed?: number;
  /**
   * BatchNorm momentum in the Keras convention (weight of the old running statistic); CNN only
   * @default 0.9 (PyTorch's 0.1)
   */
  batchNormMomentum?: number;
}

function seeds(options: Task2ModelOptions): () => number {
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) {
    throw new RangeError(`Cannot build a Task 2 model with seed ${seed}: expected an integer`);
  }
  let k = 0;
  return () => seed * 1013 + k++;
}

/**
 * A's "logistic regression": the flattened 84×84 image (7056 pixels) → Dense 1000 → softmax.
 * 7,057,000 trainable parameters. Uncompiled; the caller compiles (A: Adam 1e-3, categorical
 * cross-entropy), trains and disposes it.
 *
 * @param options the initialiser seed
 * @returns a new model taking `[batch, 84, 84, 1]` and giving `[batch, 1000]` probabilities
 * @throws {RangeError} for a non-integer seed
 *
 * @example
 * ```ts
 * import { tripleLogisticRegression } from "./triple_mnist_task2.ts";
 * const model = tripleLogisticRegression({ seed: 1 });
 * model.outputs[0].shape; // [null, 1000]
 * model.dispose();
 * ```
 */
export function tripleLogisticRegression(options: Task2ModelOptions = {}): tf.Sequential {
  const next = seeds(options);
  const model = tf.sequential({ name: "triple_logistic_regression" });
  model.add(tf.layers.flatten({ name: "flatten", inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1] }));
  model.add(tf.layers.dense({
    name: "number",
    units: TRIPLE_NUMBER_CLASSES,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  return model;
}

/**
 * A's full-image CNN: Conv(1→32, 3, same)→ReLU→BN→MaxPool2 (42×42×32); Conv(32→64, 3, same)→
 * ReLU→BN→MaxPool2 (21×21×64 = 28,224); Dense 28,224→512→ReLU→BN; Dense 512→1000 → softmax.
 * 14,984,232 trainable parameters. Uncompiled; the caller compiles, trains and disposes it.
 *
 * Layer names: `block{1,2}_{conv,relu,bn,pool}`, `flatten`, `dense1`, `dense1_{relu,bn}`, `number`.
 *
 * @param options initialiser seed, BatchNorm momentum
 * @returns a new model taking `[batch, 84, 84, 1]` and giving `[batch, 1000]` probabilities
 * @throws {RangeError} for a non-integer seed
 *
 * @example
 * ```ts
 * import { tripleFullImageCnn } from "./triple_mnist_task2.ts";
 * const model = tripleFullImageCnn({ seed: 1 });
 * model.getLayer("block2_pool").outputShape; // [null, 21, 21, 64]
 * model.dispose();
 * ```
 */
export function tripleFullImageCnn(options: Task2ModelOptions = {}): tf.Sequential {
  const next = seeds(options);
  const momentum = options.batchNormMomentum ?? TORCH_BN_MOMENTUM;
  const model = tf.sequential({ name: "triple_full_image_cnn" });
  [32, 64].forEach((filters, i) => {
    const p = `block${i + 1}`;
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [IMAGE_SIDE, IMAGE_SIDE, 1] } : {}),
      name: `${p}_conv`,
      filters,
      kernelSize: 3,
      padding: "same",
      kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
    }));
    model.add(tf.layers.reLU({ name: `${p}_relu` }));
    model.add(
      tf.layers.batchNormalization({ name: `${p}_bn`, momentum, epsilon: TORCH_BN_EPSILON }),
    );
    model.add(tf.layers.maxPooling2d({ name: `${p}_pool`, poolSize: 2 }));
  });
  model.add(tf.layers.flatten({ name: "flatten" }));
  model.add(tf.layers.dense({
    name: "dense1",
    units: 512,
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  model.add(tf.layers.reLU({ name: "dense1_relu" }));
  model.add(
    tf.layers.batchNormalization({ name: "dense1_bn", momentum, epsilon: TORCH_BN_EPSILON }),
  );
  model.add(tf.layers.dense({
    name: "number",
    units: TRIPLE_NUMBER_CLASSES,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: next() }),
  }));
  return model;
}
