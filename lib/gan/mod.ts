/**
 * Conditional GANs for Triple-MNIST (source A, task 5): losses with label smoothing and an
 * auxiliary digit classifier, one generator + discriminator training step, epochs with G/D
 * losses, the light per-digit GAN, drawing images of requested numbers (fixed noise = a fixed
 * seed), and synthetic splits written in the data set's folder layout.
 *
 * A's full cDCGAN lives in `lib/models/cdcgan.ts`.
 *
 * @example
 * ```ts ignore
 * import { createGanTrainer, digitGan, digitGanSource, FIXED_NUMBERS, sampleTriples, trainGan } from "../lib/gan/mod.ts";
 * const gan = digitGan({ seed: 42 });
 * const trainer = createGanTrainer(gan);
 * const logs = await trainGan(trainer, digitGanSource([mnist.train, mnist.test]), { epochs: 5, batchSize: 64, seed: 42 });
 * const grid = await sampleTriples(gan, FIXED_NUMBERS, { seed: 7 }); // 100 images, 84×84 bytes each
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./losses.ts";
export * from "./average.ts";
export * from "./trainer.ts";
export * from "./train.ts";
export * from "./data.ts";
export * from "./digit_gan.ts";
export * from "./sample.ts";
export * from "./grid.ts";
export * from "./synthetic.ts";
export * from "./recipe.ts";
export * from "./mix.ts";
export * from "./augmented_training.ts";
export * from "./score.ts";
export * from "./watched.ts";
