/**
 * The losses of source A's conditional GAN: binary cross-entropy with smoothed targets for the
 * real/fake decision, plus a cross-entropy for the digits the discriminator reads back (the
 * "auxiliary classifier" of an AC-GAN).
 *
 * - discriminator: `BCE(D(real), 0.9) + BCE(D(fake), 0.1) + w · CE(digits(real), labels)`
 * - generator: `BCE(D(fake), 0.9) + w · CE(digits(fake), requested labels)`
 *
 * with `w = 1` in A. The smoothed targets (0.9 rather than 1, 0.1 rather than 0) keep the
 * discriminator from becoming over-confident, which would starve the generator of gradient.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Targets and weights of the GAN losses. */
export interface GanLossOptions {
  /**
   * target of real images for the discriminator (and of fakes for the generator)
   * @default 0.9
   */
  realTarget?: number;
  /**
   * target of generated images for the discriminator
   * @default 0.1
   */
  fakeTarget?: number;
  /**
   * weight of the auxiliary digit cross-entropy
   * @default 1
   */
  auxWeight?: number;
}

/** A GAN loss and its parts, as scalars. The caller disposes all three. */
export interface GanLoss {
  /** the loss that is minimised */
  total: tf.Scalar;
  /** the real/fake part */
  adversarial: tf.Scalar;
  /** the digit cross-entropy part (before weighting) */
  auxiliary: tf.Scalar;
}

/** Probabilities are clipped this far from 0 and 1 before the logarithm. */
const EPSILON = 1e-7;

/**
 * Mean binary cross-entropy of probabilities against one constant target.
 *
 * @param probabilities predicted probabilities, any shape
 * @param target the target for every element, in [0, 1]
 * @returns a scalar the caller disposes
 * @throws {RangeError} when `target` is outside [0, 1]
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { binaryCrossEntropy } from "./losses.ts";
 * (await binaryCrossEntropy(tf.tensor1d([0.5]), 1).data())[0]; // ≈ 0.693 (log 2)
 * ```
 */
export function binaryCrossEntropy(probabilities: tf.Tensor, target: number): tf.Scalar {
  if (!(target >= 0 && target <= 1)) {
    throw new RangeError(
      `Cannot use target ${target} for a binary cross-entropy as it must be in [0, 1]`,
    );
  }
  return tf.tidy(() => {
    const p = tf.clipByValue(probabilities, EPSILON, 1 - EPSILON);
    const terms = tf.add(tf.mul(target, tf.log(p)), tf.mul(1 - target, tf.log(tf.sub(1, p))));
    return tf.neg(tf.mean(terms)) as tf.Scalar;
  });
}

/**
 * Mean softmax cross-entropy of digit logits against integer digit labels.
 *
 * @param logits `[B, digits, 10]` (or `[B, 10]`) unnormalised scores
 * @param labels `[B, digits]` (or `[B]`) int32 digits 0–9
 * @returns a scalar (mean over every digit) the caller disposes
 * @throws {TypeError} when the shapes do not match
 */
export function digitCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const expected = [...labels.shape, 10].join(",");
  if (logits.shape.join(",") !== expected) {
    throw new TypeError(
      `Cannot compare digit logits of shape [${logits.shape}] with labels of shape [${labels.shape}] ` +
        `as the logits must be [${expected}] — one row of 10 scores per label`,
    );
  }
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.cast(labels, "int32").flatten(), 10);
    return tf.losses.softmaxCrossEntropy(oneHot, logits.reshape([-1, 10])) as tf.Scalar;
  });
}

function settings(options: GanLossOptions) {
  return {
    real: options.realTarget ?? 0.9,
    fake: options.fakeTarget ?? 0.1,
    w: options.auxWeight ?? 1,
  };
}

/**
 * The discriminator's loss: real images towards `realTarget`, fakes towards `fakeTarget`, and the
 * digits of the real images read correctly.
 *
 * @param realValidity `D(real)` probabilities `[B, 1]`
 * @param fakeValidity `D(fake)` probabilities `[B, 1]`
 * @param realDigitLogits digit logits of the real images `[B, digits, 10]`
 * @param labels the real images' digits `[B, digits]` int32
 * @param options targets and auxiliary weight
 * @returns the loss and its parts; the caller disposes them
 */
export function discriminatorLoss(
  realValidity: tf.Tensor,
  fakeValidity: tf.Tensor,
  realDigitLogits: tf.Tensor,
  labels: tf.Tensor,
  options: GanLossOptions = {},
): GanLoss {
  const s = settings(options);
  return tf.tidy(() => {
    const adversarial = tf.add(
      binaryCrossEntropy(realValidity, s.real),
      binaryCrossEntropy(fakeValidity, s.fake),
    ) as tf.Scalar;
    const auxiliary = digitCrossEntropy(realDigitLogits, labels);
    const total = tf.add(adversarial, tf.mul(s.w, auxiliary)) as tf.Scalar;
    return { total, adversarial, auxiliary };
  });
}

/**
 * The generator's loss: fakes judged real (towards `realTarget`) and their digits read as the
 * requested ones.
 *
 * @param fakeValidity `D(fake)` probabilities `[B, 1]`
 * @param fakeDigitLogits digit logits of the fakes `[B, digits, 10]`
 * @param labels the requested digits `[B, digits]` int32
 * @param options targets and auxiliary weight
 * @returns the loss and its parts; the caller disposes them
 */
export function generatorLoss(
  fakeValidity: tf.Tensor,
  fakeDigitLogits: tf.Tensor,
  labels: tf.Tensor,
  options: GanLossOptions = {},
): GanLoss {
  const s = settings(options);
  return tf.tidy(() => {
    const adversarial = binaryCrossEntropy(fakeValidity, s.real);
    const auxiliary = digitCrossEntropy(fakeDigitLogits, labels);
    const total = tf.add(adversarial, tf.mul(s.w, auxiliary)) as tf.Scalar;
    return { total, adversarial, auxiliary };
  });
}
