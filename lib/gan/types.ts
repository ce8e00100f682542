/**
 * What the GAN code in this folder expects of a conditional GAN.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** Adam settings of a GAN: one learning rate per network. */
export interface GanOptimizerSettings {
  /** Adam learning rate of the generator */
  generatorLearningRate: number;
  /** Adam learning rate of the discriminator */
  discriminatorLearningRate: number;
  /** Adam β1 */
  beta1: number;
  /** Adam β2 */
  beta2: number;
}

/**
 * A conditional GAN: two networks that take digit labels, and their optimiser settings.
 *
 * - `generator`: inputs `[noise [B, latentDim] float32, labels [B, digits] int32]`, output images
 *   `[B, H, W, 1]` in [-1, 1] (tanh).
 * - `discriminator`: inputs `[images [B, H, W, 1], labels [B, digits] int32]`, outputs
 *   `[validity [B, 1] (a probability), digitLogits [B, digits, 10]]`.
 */
export interface ConditionalGan {
  /** a short name, e.g. `cdcgan` */
  name: string;
  /** the generator */
  generator: tf.LayersModel;
  /** the discriminator */
  discriminator: tf.LayersModel;
  /** length of the noise vector */
  latentDim: number;
  /** digit labels per image (3 for whole Triple-MNIST images, 1 for single digits) */
  digits: number;
  /** side of the square images the generator draws */
  imageSize: number;
  /** the optimiser settings the source used */
  optimizer: GanOptimizerSettings;
}
