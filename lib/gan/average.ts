/**
 * An exponential moving average (EMA) of a model's weights, kept in a second model of the same
 * architecture: after every training step `avg ← d·avg + (1 − d)·w`.
 *
 * A GAN's generator does not converge to one point; it circles around one, and a snapshot at the
 * end of an epoch can be a good or a bad moment of that circle (notebook 08 measured the Task 3
 * classifier reading 83% of one epoch's numbers and 64% of the next one's). The average over the
 * last few hundred steps sits near the centre and changes slowly, which is why large GANs
 * (ProGAN, StyleGAN, BigGAN) draw their samples from an averaged generator. Batch-norm moving
 * statistics are averaged along with the weights.
 *
 * The decay is warmed up as `min(decay, (1 + t) / (10 + t))` after step `t`, so that the random
 * initial weights are forgotten within the first few dozen steps rather than after `1 / (1 − d)`.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ConditionalGan, ConditionalGenerator } from "../models/gan_types.ts";

/** A running average of one model's weights, held by another model. */
export interface WeightAverage {
  /** the model whose weights hold the average (its architecture is the source's) */
  readonly model: tf.LayersModel;
  /** the decay after warm-up */
  readonly decay: number;
  /** updates taken so far */
  readonly steps: number;
  /** Folds the source model's current weights into the average. */
  update(): void;
}

/**
 * The decay used at update `step` (1-based): `min(decay, (1 + step) / (10 + step))`.
 *
 * @param decay the decay after warm-up, in [0, 1)
 * @param step the update's number, from 1
 * @returns the decay of that update
 * @example
 * ```ts
 * import { warmedUpDecay } from "./average.ts";
 * warmedUpDecay(0.999, 1); // 2 / 11: the first update keeps 18% of the initial weights
 * warmedUpDecay(0.999, 100_000); // 0.999
 * ```
 */
export function warmedUpDecay(decay: number, step: number): number {
  return Math.min(decay, (1 + step) / (10 + step));
}

function variables(model: tf.LayersModel): tf.Variable[] {
  return model.weights.map((w) => w.read() as tf.Variable);
}

/**
 * Starts an average of `source`'s weights in `target`, which must have the same architecture
 * (same weights in the same order and shapes). `target`'s weights are set to `source`'s now.
 *
 * @param source the model being trained
 * @param target a second model of the same architecture; its weights are overwritten
 * @param decay the decay after warm-up, in [0, 1) (0.999 averages over about the last 1,000 steps)
 * @returns the average; call `update()` after every optimiser step
 * @throws {RangeError} when `decay` is outside [0, 1)
 * @throws {TypeError} when the two models' weights differ in number or shape
 * @example
 * ```ts ignore
 * const average = createWeightAverage(gan.generator, digitGenerator(options), 0.999);
 * // after each training step:
 * average.update();
 * // draw samples from average.model
 * ```
 */
export function createWeightAverage(
  source: tf.LayersModel,
  target: tf.LayersModel,
  decay: number,
): WeightAverage {
  if (!(decay >= 0 && decay < 1)) {
    throw new RangeError(
      `Cannot average weights with decay ${decay} as it must be in [0, 1) — 0.999 averages ` +
        `over about the last 1,000 steps`,
    );
  }
  const from = variables(source);
  const to = variables(target);
  const mismatch = from.length !== to.length
    ? `${from.length} weights against ${to.length}`
    : from.findIndex((v, i) => v.shape.join() !== to[i].shape.join());
  if (typeof mismatch === "string" || mismatch >= 0) {
    const what = typeof mismatch === "string"
      ? mismatch
      : `weight ${mismatch} is [${from[mismatch].shape}] against [${to[mismatch].shape}]`;
    throw new TypeError(
      `Cannot average model '${source.name}' into '${target.name}' as their architectures ` +
        `differ (${what}) — build the target with the same function and options`,
    );
  }
  tf.tidy(() => to.forEach((v, i) => v.assign(tf.clone(from[i]))));
  let steps = 0;
  return {
    model: target,
    decay,
    get steps() {
      return steps;
    },
    update() {
      steps++;
      const d = warmedUpDecay(decay, steps);
      tf.tidy(() => to.forEach((v, i) => v.assign(tf.add(tf.mul(v, d), tf.mul(from[i], 1 - d)))));
    },
  };
}

/**
 * The generator that draws: the running average's when there is one, else the GAN's own.
 *
 * @param gan the GAN
 * @param average its generator's running average, if any
 * @returns a generator sharing `gan`'s settings
 */
export function drawingGenerator(
  gan: ConditionalGan,
  average: WeightAverage | undefined,
): ConditionalGenerator {
  return average ? { ...gan, generator: average.model } : gan;
}
