/**
 * Learning-rate schedules for {@linkcode fit}: the rate of each epoch as a function of the epoch
 * and the rate the optimizer had when training began, applied before the epoch runs. This is the
 * one place that sets an optimizer's rate, so notebooks and trainers never reach into it.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/**
 * The learning rate of an epoch.
 *
 * @param epoch the 1-based epoch about to run
 * @param initial the optimizer's learning rate when `fit` began
 * @returns the rate for that epoch
 */
export type LearningRateSchedule = (epoch: number, initial: number) => number;

/**
 * A rate multiplied by `factor` after every epoch: epoch 1 trains at the initial rate, epoch `e`
 * at `initial × factor^(e−1)`.
 *
 * @param factor the per-epoch factor, in (0, 1] for a decay
 * @returns the schedule
 * @throws {RangeError} when factor is not a positive finite number
 * @example
 * ```ts
 * import { exponentialDecay } from "./schedule.ts";
 * const halving = exponentialDecay(0.5);
 * halving(1, 0.01); // 0.01
 * halving(3, 0.01); // 0.0025
 * ```
 */
export function exponentialDecay(factor: number): LearningRateSchedule {
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new RangeError(
      `exponentialDecay expects a positive finite factor (e.g. 0.5 halves the rate every epoch), ` +
        `got ${factor}`,
    );
  }
  return (epoch, initial) => initial * factor ** (epoch - 1);
}

/**
 * A decay that takes the rate from `initial` to `initial × finalFactor` over `epochs` epochs
 * (the per-epoch factor is `finalFactor^(1/(epochs−1))`); with one epoch the rate stays.
 *
 * @param epochs the epochs of the training
 * @param finalFactor the last epoch's rate as a share of the first
 * @returns the schedule
 * @example
 * ```ts
 * import { decayTo } from "./schedule.ts";
 * const schedule = decayTo(5, 0.1);
 * schedule(5, 0.001).toFixed(6); // "0.000100"
 * ```
 */
export function decayTo(epochs: number, finalFactor: number): LearningRateSchedule {
  return exponentialDecay(finalFactor ** (1 / Math.max(1, epochs - 1)));
}

/**
 * The learning rate an optimizer uses now.
 *
 * @param optimizer a tf.js optimizer (SGD, momentum, Adam, RMSProp, …)
 * @returns its rate
 * @throws {TypeError} when the optimizer has no numeric learning rate
 */
export function learningRateOf(optimizer: tf.Optimizer): number {
  const rate = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  if (typeof rate !== "number") {
    throw new TypeError(
      `Cannot schedule the learning rate of a ${optimizer.getClassName()} optimizer: it has no ` +
        `numeric learningRate — compile the model with a tf.train optimizer (sgd, adam, …)`,
    );
  }
  return rate;
}

/**
 * Sets the learning rate an optimizer uses from its next update on.
 *
 * @param optimizer a tf.js optimizer
 * @param rate the new rate
 * @throws {RangeError} when rate is not a positive finite number
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  learningRateOf(optimizer);
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`A learning rate must be a positive finite number, got ${rate}`);
  }
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}
