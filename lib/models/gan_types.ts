/**
 * What a conditional GAN is: the shape every GAN factory of this folder returns (`cdcgan`,
 * `digitGan`) and the GAN training of `lib/gan` expects.
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
 * A conditional generator: what drawing images needs.
 *
 * `generator` takes `[noise [B, latentDim] float32, labels [B, digits] int32]` and gives images
 * `[B, imageSize, imageSize, 1]` in [-1, 1] (tanh).
 */
export interface ConditionalGenerator {
  /** a short name, e.g. `cdcgan` */
  name: string;
  /** the generator */
  generator: tf.LayersModel;
  /** length of the noise vector */
  latentDim: number;
  /** digit labels per image (3 for whole Triple-MNIST images, 1 for single digits) */
  digits: number;
  /** side of the square images the generator draws */
  imageSize: number;
}

/**
 * A conditional GAN: a {@linkcode ConditionalGenerator}, its discriminator and the optimiser
 * settings.
 *
 * `discriminator` takes `[images [B, H, W, 1], labels [B, digits] int32]` and gives
 * `[validity [B, 1] (a probability), digitLogits [B, digits, 10]]`.
 */
export interface ConditionalGan extends ConditionalGenerator {
  /** the discriminator */
  discriminator: tf.LayersModel;
  /** the optimiser settings the source used */
  optimizer: GanOptimizerSettings;
}
