/**
 * Task 5's GAN per profile: which network, how long it trains, and on which real images. The
 * saved generator is `saved_generator.ts`'s, the synthetic data set it exports
 * `synthetic_set.ts`'s. Notebook 08 trains and exports; notebook 09 (and anything else) loads the
 * saved generator and the exported images, or makes them when missing.
 * @module
 */
import type { ProfileName } from "../config/mod.ts";
import { loadMnist, sampleIndices } from "../data/mod.ts";
import { cdcgan } from "../models/cdcgan.ts";
import { digitGan } from "../models/digit_gan.ts";
import type { ConditionalGan } from "../models/gan_types.ts";
import type { ExampleSource } from "../train/source.ts";
import {
  digitKeys,
  loadTripleMnist,
  thirdKeys,
  trainingDigitParts,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";
import { digitGanSource, tripleGanSource } from "./data.ts";
import { createWeightAverage, type WeightAverage } from "./average.ts";

/** The notebook that trains the GAN; its results folder keeps the generator. */
export const GAN_NOTEBOOK = "08_triple_mnist_task5_cdcgan";

/**
 * The share of generated test numbers the Task 3 classifier must read exactly under `standard`,
 * from a generator trained on training data only (issue 12); notebook 08 compares with it.
 */
export const GAN_READ_TARGET = 0.8;

/** How a profile trains its GAN. */
export interface GanBudget {
  /** `cdcgan`: A's network on whole images; `digit-gan`: the light per-digit GAN */
  model: "cdcgan" | "digit-gan";
  /** epochs */
  epochs: number;
  /** real images per step */
  batchSize: number;
  /**
   * training examples, a seeded random subset (digits for `digit-gan`, whole images for
   * `cdcgan`); 0 = all
   */
  examples: number;
  /** channels of the light GAN's 7×7 layer (`digit-gan` only) */
  width?: number;
  /** channels of the light discriminator's 7×7 layer (`digit-gan` only; default `width`) */
  discriminatorWidth?: number;
  /** batch norm in the light generator (`digit-gan` only) */
  batchNorm?: boolean;
  /** initial weights of the light GAN (`digit-gan` only; default DCGAN's `"normal"`) */
  initializer?: "normal" | "glorot";
  /** Adam learning rate of both networks (`digit-gan` only; A's rates for `cdcgan`) */
  learningRate?: number;
  /**
   * decay of a running average of the generator's weights (`createWeightAverage`); when set,
   * the averaged generator is the one that draws, is scored and is saved
   */
  generatorAverage?: number;
  /**
   * keep the (drawing) generator of the epoch whose generated validation numbers the Task 3
   * classifier reads best (`trainWatchedGan`), instead of the last epoch's
   */
  keepBestEpoch?: boolean;
}

/**
 * The GAN budget per profile. `full` is A's cDCGAN, 200 epochs, batch 256, on the Triple-MNIST
 * training split (A trained on all three splits; see {@linkcode ganTrainingSource}). `standard`
 * trains the light digit GAN on the MNIST training digits that draw the training pictures, with
 * the settings that the Task 3 reader scored best on generated *validation* numbers (batch norm in
 * G, D twice as wide, Glorot init, Adam 5e-4, preferred on that score to DCGAN's defaults), and
 * draws from a running average of the generator's weights (decay 0.999), which the reader scores
 * steadily where the generator itself swings from epoch to epoch. It trains for at most 30 epochs
 * (on the mirror's 8,334 training digits about as many steps as 15 epochs over the 20,000 train +
 * test digits the GAN used before it was kept to training data) and keeps the epoch whose
 * generated validation numbers the reader reads best; `quick` only runs.
 */
export const GAN_BUDGET: Readonly<Record<ProfileName, GanBudget>> = Object.freeze({
  quick: {
    model: "digit-gan",
    epochs: 1,
    batchSize: 64,
    examples: 1024,
    width: 32,
    learningRate: 2e-4,
    generatorAverage: 0.999,
    keepBestEpoch: true,
  },
  standard: {
    model: "digit-gan",
    epochs: 30,
    batchSize: 64,
    examples: 0,
    width: 32,
    discriminatorWidth: 64,
    batchNorm: true,
    initializer: "glorot",
    learningRate: 5e-4,
    generatorAverage: 0.999,
    keepBestEpoch: true,
  },
  full: { model: "cdcgan", epochs: 200, batchSize: 256, examples: 0 },
});

/**
 * Builds the untrained GAN of a budget.
 *
 * @param budget the budget
 * @param seed the seed of the initial weights
 * @returns the GAN; the caller disposes its models
 */
export function buildGan(budget: GanBudget, seed: number): ConditionalGan {
  if (budget.model === "cdcgan") return cdcgan({ seed });
  const gan = digitGan({
    seed,
    ...(budget.width ? { width: budget.width } : {}),
    ...(budget.discriminatorWidth ? { discriminatorWidth: budget.discriminatorWidth } : {}),
    ...(budget.batchNorm ? { batchNorm: true } : {}),
    ...(budget.initializer ? { initializer: budget.initializer } : {}),
  });
  if (budget.learningRate === undefined) return gan;
  return {
    ...gan,
    optimizer: {
      ...gan.optimizer,
      generatorLearningRate: budget.learningRate,
      discriminatorLearningRate: budget.learningRate,
    },
  };
}

/**
 * The running average of a budget's generator, when the budget asks for one
 * (`generatorAverage`): a second generator of the same architecture that follows `gan`'s.
 *
 * @param budget the budget `gan` was built with
 * @param gan the GAN being trained (`buildGan(budget, seed)`)
 * @returns the average (hand it to `createGanTrainer`; the caller disposes `average.model`), or
 *   `undefined` when the budget draws from the trained generator itself
 */
export function generatorAverage(
  budget: GanBudget,
  gan: ConditionalGan,
): WeightAverage | undefined {
  if (budget.generatorAverage === undefined) return undefined;
  const twin = buildGan(budget, 0);
  twin.discriminator.dispose();
  return createWeightAverage(gan.generator, twin.generator, budget.generatorAverage);
}

/** Where the real training images come from, for {@linkcode ganTrainingSource}. */
export interface GanDataOptions {
  /** the MNIST digits (default `loadMnist()`), for `digit-gan` */
  mnist?: () => Promise<{ train: DigitSet; test: DigitSet }>;
  /** Triple-MNIST (default `loadTripleMnist()`), for `cdcgan` */
  tripleMnist?: () => Promise<{ train: TripleMnistSplit }>;
}

type DigitSet = Parameters<typeof digitGanSource>[0][number];

const count = (n: number) => n.toLocaleString("en-US");

function subset(source: ExampleSource, keep: Int32Array): ExampleSource {
  return {
    size: keep.length,
    batch: (indices) => source.batch(indices.map((i) => keep[i])),
  };
}

/**
 * The real images a budget trains on, training data only: for `digit-gan` the MNIST training
 * digits that draw Triple-MNIST's training pictures (`trainingDigitParts`: MNIST train without
 * the sixth of each digit held out for validation pictures; no test digit); for `cdcgan` the
 * Triple-MNIST training split (A trained on all three splits with their labels, so its generator
 * had seen the test pictures it would be judged on: a correction of A). Restricted to a seeded
 * subset of `budget.examples` when it is not 0.
 *
 * @param budget the budget
 * @param seed the seed of the subset
 * @param options where the data comes from
 * @returns the source (pixels in [-1, 1], int32 digits) and a one-line description
 */
export async function ganTrainingSource(
  budget: GanBudget,
  seed: number,
  options: GanDataOptions = {},
): Promise<{ source: ExampleSource; description: string }> {
  let source: ExampleSource;
  let description: string;
  if (budget.model === "digit-gan") {
    const mnist = await (options.mnist ?? loadMnist)();
    const digits = trainingDigitParts(mnist.train).train;
    source = digitGanSource([digits]);
    description = `${count(digits.count)} MNIST training digits that draw the training ` +
      `pictures (of ${count(mnist.train.count)}; no validation or test handwriting)`;
  } else {
    const data = await (options.tripleMnist ?? loadTripleMnist)();
    source = tripleGanSource([data.train]);
    description = `${
      count(data.train.count)
    } Triple-MNIST training images (no validation or test image)`;
  }
  if (budget.examples > 0 && budget.examples < source.size) {
    const keep = sampleIndices(new Uint8Array(source.size), { total: budget.examples, seed });
    description = `${count(budget.examples)} random ones of the ${description}`;
    source = subset(source, keep);
  }
  return { source, description };
}

/**
 * Keys of the handwritten digit images a budget's generator learns from (`digitKeys` /
 * `thirdKeys` of lib/triple_mnist), to check that no test picture's digit is among them: the
 * MNIST training digits of the training pictures for `digit-gan` (all of them, a superset when
 * `budget.examples` keeps a subset), the digits of the Triple-MNIST training pictures for `cdcgan`.
 *
 * @param budget the budget
 * @param options where the data comes from
 * @returns one key per digit image
 */
export async function ganTrainingDigitKeys(
  budget: GanBudget,
  options: GanDataOptions = {},
): Promise<Float64Array> {
  if (budget.model === "digit-gan") {
    const mnist = await (options.mnist ?? loadMnist)();
    return digitKeys(trainingDigitParts(mnist.train).train);
  }
  const data = await (options.tripleMnist ?? loadTripleMnist)();
  return thirdKeys(data.train);
}
