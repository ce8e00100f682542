/**
 * Training conditional GANs for Triple-MNIST (source A, task 5): losses with label smoothing and
 * an auxiliary digit classifier, one generator + discriminator training step, epochs with G/D
 * losses, drawing images of requested numbers (fixed noise = a fixed seed), the GAN budget per
 * profile, the saved generator, and synthetic splits written in the data set's folder layout.
 *
 * The networks themselves are factories in `lib/models`: A's full cDCGAN (`cdcgan.ts`), the
 * light per-digit GAN (`digit_gan.ts`) and the `ConditionalGan` shape both return
 * (`gan_types.ts`).
 *
 * @example
 * ```ts ignore
 * import { digitGan } from "../lib/models/digit_gan.ts";
 * import { createGanTrainer, digitGanSource, FIXED_NUMBERS, sampleTriples, trainGan } from "../lib/gan/mod.ts";
 * const gan = digitGan({ seed: 42 });
 * const trainer = createGanTrainer(gan);
 * const logs = await trainGan(trainer, digitGanSource([mnist.train, mnist.test]), { epochs: 5, batchSize: 64, seed: 42 });
 * const grid = await sampleTriples(gan, FIXED_NUMBERS, { seed: 7 }); // 100 images, 84×84 bytes each
 * ```
 * @module
 */
export * from "./losses.ts";
export * from "./average.ts";
export * from "./trainer.ts";
export * from "./train.ts";
export * from "./data.ts";
export * from "./sample.ts";
export * from "./grid.ts";
export * from "./synthetic.ts";
export * from "./recipe.ts";
export * from "./saved_generator.ts";
export * from "./synthetic_set.ts";
export * from "./score.ts";
export * from "./watched.ts";
