/**
 * Training an embedding network with the triplet loss, step by step as source D did: embed a
 * class-balanced batch, choose triplets inside it, take one Adam step on their mean loss.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type ProgressReporter, runLoop, type StepContext, type StepResult } from "../train/mod.ts";
import type { TripletBatch } from "./batches.ts";
import { pairwiseSquaredDistances, TRIPLET_MARGIN, tripletLosses } from "./loss.ts";
import {
  MINING_STRATEGIES,
  type MiningStrategy,
  randomTriplets,
  semiHardTriplets,
  type TripletIndices,
} from "./mining.ts";

/** Options of {@linkcode trainTripletNet}. */
export interface TripletTrainOptions {
  /** passes over the batches */
  epochs: number;
  /** Adam's learning rate @default 1e-3 (D's) */
  learningRate?: number;
  /** the triplet margin @default 1 (D's) */
  margin?: number;
  /** how triplets are chosen in each batch @default "random" (D's) */
  mining?: MiningStrategy;
  /** seed of the random triplet choices (via runLoop's step generator) @default 42 */
  seed?: number;
  /**
   * Embed each class of a batch in its own forward pass, as D did (`model(batch[:, 0])`, …),
   * which matters only for BatchNorm: its batch statistics are then per class.
   * @default false
   */
  embedPerClass?: boolean;
  /** may an anchor be its own positive in random mining (D: yes) @default true */
  positiveMayBeAnchor?: boolean;
  /** shows progress after every step @default nothing shown */
  progress?: ProgressReporter;
}

/** What one training run recorded, one entry per step (iteration). */
export interface TripletTrainResult {
  /** the mean triplet loss of each step, before its update: D's "cost" curve */
  losses: number[];
  /** the share of each step's triplets with a positive loss (the ones that teach anything) */
  activeShares: number[];
  /** the number of triplets of each step */
  tripletCounts: number[];
  /** wall-clock seconds of the whole run */
  seconds: number;
}

/**
 * Makes a network's input tensor for a batch's data-set indices; the trainer disposes it.
 */
export type BatchInput = (indices: Int32Array) => tf.Tensor;

function checkOptions(options: TripletTrainOptions): void {
  if (!Number.isInteger(options.epochs) || options.epochs <= 0) {
    throw new RangeError(
      `Cannot train for ${options.epochs} epochs: it must be a positive integer`,
    );
  }
  const mining = options.mining ?? "random";
  if (!(MINING_STRATEGIES as readonly string[]).includes(mining)) {
    throw new RangeError(
      `Cannot mine triplets with '${mining}' as it must be one of ${MINING_STRATEGIES.join(", ")}`,
    );
  }
  const lr = options.learningRate ?? 1e-3;
  if (!(lr > 0 && Number.isFinite(lr))) {
    throw new RangeError(`Cannot train with learning rate ${lr}: it must be a positive number`);
  }
}

/** Runs the model on `x` in training mode, per class block when asked. */
function forward(
  model: tf.LayersModel,
  x: tf.Tensor,
  labels: Int32Array,
  perClass: boolean,
): tf.Tensor2D {
  if (!perClass) return model.apply(x, { training: true }) as tf.Tensor2D;
  const parts: tf.Tensor2D[] = [];
  let start = 0;
  while (start < labels.length) {
    let end = start + 1;
    while (end < labels.length && labels[end] === labels[start]) end++;
    const slice = tf.slice(x, start, end - start);
    parts.push(model.apply(slice, { training: true }) as tf.Tensor2D);
    start = end;
  }
  return tf.concat(parts, 0);
}

/**
 * Trains `model` with the triplet loss over `batches` for `options.epochs` epochs, one Adam step
 * per batch, in the given batch order every epoch (D did not shuffle), recording the loss of
 * every step. The batches run through `runLoop` (lib/train), which shows progress.
 *
 * Random mining (D's) needs only the labels; semi-hard mining first embeds the batch once more
 * (inference mode) to measure the distances it chooses by.
 *
 * @param model the embedding network (its weights are updated in place)
 * @param batches class-balanced batches of data-set indices, all of one size (e.g. from
 *   {@linkcode classBatches})
 * @param input builds the network input for a batch's indices
 * @param options epochs, optimiser, margin, mining and progress
 * @returns the per-step record; leaves no tensors behind except the model's updated weights
 * @throws {RangeError} for bad epochs, learning rate or mining name, or no batches, or batches
 *   of different sizes
 */
export async function trainTripletNet(
  model: tf.LayersModel,
  batches: readonly TripletBatch[],
  input: BatchInput,
  options: TripletTrainOptions,
): Promise<TripletTrainResult> {
  checkOptions(options);
  if (batches.length === 0) {
    throw new RangeError("Cannot train on no batches: give at least one");
  }
  const size = batches[0].indices.length;
  if (size === 0 || batches.some((b) => b.indices.length !== size)) {
    throw new RangeError(
      `Cannot train on batches of sizes ${[...new Set(batches.map((b) => b.indices.length))]}: ` +
        `they must all be one non-zero size — drop the last, partial batch`,
    );
  }
  const mining = options.mining ?? "random";
  const margin = options.margin ?? TRIPLET_MARGIN;
  const perClass = options.embedPerClass ?? false;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const result: TripletTrainResult = {
    losses: [],
    activeShares: [],
    tripletCounts: [],
    seconds: 0,
  };
  const started = performance.now();
  const step = async (positions: Int32Array, context: StepContext): Promise<StepResult> => {
    const batch = batches[positions[0] / size];
    const x = input(batch.indices);
    let triplets: TripletIndices;
    if (mining === "semi-hard") {
      const distances = tf.tidy(() => pairwiseSquaredDistances(model.predict(x) as tf.Tensor2D));
      try {
        triplets = semiHardTriplets(batch.labels, await distances.data());
      } finally {
        distances.dispose();
      }
    } else {
      triplets = randomTriplets(batch.labels, context.rng, {
        positiveMayBeAnchor: options.positiveMayBeAnchor ?? true,
      });
    }
    let active: tf.Tensor | null = null;
    const cost = tf.tidy(() => {
      // Selecting rows by a one-hot matrix product rather than tf.gather: gather's gradient
      // needs UnsortedSegmentSum, which the wasm backend lacks; batches are small.
      const select = (rows: Int32Array) => tf.oneHot(tf.tensor1d(rows, "int32"), size).toFloat();
      const ai = select(triplets.anchor), pi = select(triplets.positive);
      const ni = select(triplets.negative);
      return optimizer.minimize(
        () => {
          const emb = forward(model, x, batch.labels, perClass);
          const losses = tripletLosses(
            tf.matMul(ai, emb),
            tf.matMul(pi, emb),
            tf.matMul(ni, emb),
            { margin },
          );
          active = tf.keep(tf.greater(losses, 0));
          return tf.mean(losses) as tf.Scalar;
        },
        true,
        vars,
      ) as tf.Scalar;
    });
    x.dispose();
    const loss = (await cost.data())[0];
    cost.dispose();
    let share = NaN;
    const flags = active as tf.Tensor | null;
    if (flags) {
      const on = await flags.data();
      let count = 0;
      for (let i = 0; i < on.length; i++) count += on[i] ? 1 : 0;
      share = count / on.length;
      flags.dispose();
    }
    result.losses.push(loss);
    result.activeShares.push(share);
    result.tripletCounts.push(triplets.anchor.length);
    return { loss, extra: { activeTriplets: share } };
  };
  try {
    await runLoop(batches.length * size, step, {
      epochs: options.epochs,
      batchSize: size,
      seed: options.seed ?? 42,
      shuffle: false,
      progress: options.progress,
      summary: () =>
        `${result.losses.length} steps in ${((performance.now() - started) / 1000).toFixed(1)} ` +
        `s, last loss ${result.losses[result.losses.length - 1].toFixed(4)}`,
    });
  } finally {
    optimizer.dispose();
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
