/**
 * Task 5's GAN per profile: which network, how long it trains, where the trained generator is
 * kept, and the synthetic data set it exports. Notebook 08 trains and exports; notebook 09 (and
 * anything else) loads the saved generator and the exported images, or makes them when missing.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { activeSeed, byProfile, type ProfileName } from "../config/mod.ts";
import { loadMnist, sampleIndices } from "../data/mod.ts";
import { cdcgan } from "../models/cdcgan.ts";
import { trainedTriplePerDigitCnn } from "../models/triple_mnist.ts";
import { loadModelFolder, MODEL_RECORD_FILE, saveModelFolder } from "../models/io.ts";
import { dataDir, notebookResultsDir } from "../paths/mod.ts";
import { Rng } from "../random/mod.ts";
import type { ExampleSource } from "../train/source.ts";
import type { ProgressReporter } from "../train/progress.ts";
import {
  activeDigitPool,
  classLabel,
  className,
  classSplit,
  digitKeys,
  type DigitPool,
  loadTripleMnist,
  readTripleMnistFolder,
  thirdKeys,
  trainingDigitParts,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";
import { digitGanSource, tripleGanSource } from "./data.ts";
import { createWeightAverage, type WeightAverage } from "./average.ts";
import { digitGan } from "./digit_gan.ts";
import { exportSyntheticTripleMnist } from "./synthetic.ts";
import type { ReaderWatchRow } from "../plot/mod.ts";
import type { GanEpochLog } from "./train.ts";
import { type GanWatch, trainWatchedGan, validationWatch, type WatchedGan } from "./watched.ts";
import type { ConditionalGan, ConditionalGenerator } from "./types.ts";

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

/** What is saved beside a trained generator as `training.json`. */
export interface GanTrainingRecord {
  /** the budget it was trained with */
  budget: GanBudget;
  /** the run seed */
  seed: number;
  /** the GAN's name */
  name: string;
  /** the generator's noise length, digits per image and image side */
  latentDim: number;
  /** digits per image */
  digits: number;
  /** image side */
  imageSize: number;
  /** the backend that trained it */
  backend: string;
  /** seconds of training */
  seconds: number;
  /** one log per epoch */
  history: GanEpochLog[];
  /** the epoch whose weights were saved (the last one unless `keepBestEpoch`) */
  epoch?: number;
  /** the reader's scores on generated validation numbers per epoch (with `keepBestEpoch`) */
  watch?: ReaderWatchRow[];
  /**
   * what it was trained on ({@linkcode ganTrainingSource}'s description) and the digit pool of
   * the Triple-MNIST data its reader was trained on; absent in records from before generators
   * trained on training data only, which are never reused
   */
  data?: { trainedOn: string; pool: DigitPool };
}

/**
 * The record of a finished {@linkcode trainWatchedGan} run, as saved beside its generator.
 *
 * @param budget the budget it was trained with
 * @param seed the run seed
 * @param trained what `trainWatchedGan` returned
 * @param data what it was trained on (`ganTrainingSource`'s description) and the digit pool
 * @returns the record (the backend is the active one)
 */
export function ganTrainingRecord(
  budget: GanBudget,
  seed: number,
  trained: WatchedGan,
  data: { trainedOn: string; pool: DigitPool },
): GanTrainingRecord {
  const { name, latentDim, digits, imageSize } = trained.drawing;
  return {
    budget,
    seed,
    name,
    latentDim,
    digits,
    imageSize,
    backend: tf.getBackend(),
    seconds: trained.trainSeconds,
    history: trained.history,
    epoch: trained.epoch,
    watch: trained.watch,
    data,
  };
}

/** The file beside a saved generator that records its training. */
export const GAN_RECORD_FILE = MODEL_RECORD_FILE;

/** The default folder of the saved generator: `results/08_…/models/generator`. */
export function generatorDir(): string {
  return join(notebookResultsDir(GAN_NOTEBOOK), "models", "generator");
}

/**
 * Saves a trained generator (`model.json`, `weights.bin`) and its training record.
 *
 * @param gan the trained GAN (only the generator is saved)
 * @param record how it was trained
 * @param dir the folder (default {@linkcode generatorDir})
 */
export async function saveGenerator(
  gan: ConditionalGenerator,
  record: GanTrainingRecord,
  dir: string = generatorDir(),
): Promise<void> {
  await saveModelFolder(dir, gan.generator, record);
}

function sameBudget(a: GanBudget, b: GanBudget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Options of {@linkcode trainedGenerator}. */
export interface TrainedGeneratorOptions extends GanDataOptions {
  /** the budget (default {@linkcode GAN_BUDGET} of the active profile) */
  budget?: GanBudget;
  /** the seed (default the run seed) */
  seed?: number;
  /** the folder (default {@linkcode generatorDir}) */
  dir?: string;
  /** train even when a matching generator is saved */
  retrain?: boolean;
  /** live progress of the training */
  progress?: ProgressReporter;
  /**
   * the classifier that scores the epochs when the budget keeps the best one (default the Task 3
   * per-digit CNN of notebook 06, trained now if it is not saved)
   */
  reader?: tf.LayersModel;
  /** one line per step (default console.log) */
  log?: (line: string) => void;
}

/**
 * The trained generator of a budget: loaded from `dir` when one trained with the same budget and
 * seed is saved there (by notebook 08), otherwise trained now (quietly) and saved there.
 *
 * @param options budget, seed, folder, data, progress
 * @returns the generator (the caller disposes `generator.generator`), its record, and whether it
 *   was loaded
 */
export async function trainedGenerator(
  options: TrainedGeneratorOptions = {},
): Promise<{ generator: ConditionalGenerator; record: GanTrainingRecord; loaded: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const budget = options.budget ?? byProfile(GAN_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? generatorDir();
  const pool = activeDigitPool();
  if (!options.retrain) {
    try {
      const saved = await loadModelFolder<GanTrainingRecord>(dir, {
        matches: (record) =>
          record.seed === seed && sameBudget(record.budget, budget) && record.data?.pool === pool,
      });
      if (saved) {
        const { record, model } = saved;
        log(`Loaded the ${record.name} generator from ${dir} (${record.budget.epochs} epochs)`);
        return {
          generator: {
            name: record.name,
            generator: model,
            latentDim: record.latentDim,
            digits: record.digits,
            imageSize: record.imageSize,
          },
          record,
          loaded: true,
        };
      }
    } catch (e) {
      log(`Cannot load the saved generator from ${dir} (${(e as Error).message}); training`);
    }
  }
  const gan = buildGan(budget, seed);
  const { source, description } = await ganTrainingSource(budget, seed, options);
  log(`Training the ${gan.name} for ${budget.epochs} epochs on ${description}`);
  const average = generatorAverage(budget, gan);
  let watch: GanWatch | undefined;
  let reader: tf.LayersModel | undefined;
  if (budget.keepBestEpoch) {
    reader = options.reader ?? (await trainedTriplePerDigitCnn({ log })).model;
    watch = validationWatch(reader, seed);
  }
  const trained = await trainWatchedGan(gan, source, {
    epochs: budget.epochs,
    batchSize: budget.batchSize,
    seed,
    ...(average ? { average } : {}),
    ...(watch ? { watch, keepBest: true } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  if (reader && reader !== options.reader) reader.dispose();
  const record = ganTrainingRecord(budget, seed, trained, { trainedOn: description, pool });
  const drawing = trained.drawing;
  await saveGenerator(drawing, record, dir);
  gan.discriminator.dispose();
  if (average) gan.generator.dispose();
  log(`Trained the ${gan.name} in ${record.seconds.toFixed(1)} s; saved to ${dir}`);
  const { name, generator, latentDim, digits, imageSize } = drawing;
  return { generator: { name, generator, latentDim, digits, imageSize }, record, loaded: false };
}

/** How many synthetic images a profile exports: A's 50 random combinations × 100. */
export interface SyntheticBudget {
  /** how many random training classes */
  classes: number;
  /** images per class */
  perClass: number;
}

/** The export per profile; `standard` and `full` are A's 5,000 images. */
export const SYNTHETIC_BUDGET: Readonly<Record<ProfileName, SyntheticBudget>> = Object.freeze({
  quick: { classes: 10, perClass: 10 },
  standard: { classes: 50, perClass: 100 },
  full: { classes: 50, perClass: 100 },
});

/** The folder of the exported synthetic images: `data/triple_mnist_synthetic`. */
export function syntheticDir(): string {
  return join(dataDir(), "triple_mnist_synthetic");
}

/**
 * The classes to export: `count` random classes of the **training** split (seeded), so that the
 * synthetic images never show a validation or test number.
 *
 * @param count how many
 * @param seed the seed
 * @returns class numbers int(ddd), ascending
 * @example
 * ```ts
 * import { syntheticClasses } from "./recipe.ts";
 * syntheticClasses(50, 42).length; // 50
 * ```
 */
export function syntheticClasses(count: number, seed: number): number[] {
  const train = classSplit().train;
  const rng = new Rng(seed);
  return Array.from(rng.sample(train.length, count), (i) => classLabel(train[i])).sort((a, b) =>
    a - b
  );
}

/** What `generator.json` of the synthetic folder records. */
interface SyntheticInfo {
  generator: string;
  seed: number;
  budget: GanBudget;
  export: SyntheticBudget;
  /** the generator's training data and digit pool ({@linkcode GanTrainingRecord}) */
  data?: { trainedOn: string; pool: DigitPool };
}

/** Options of {@linkcode exportSynthetic} and {@linkcode loadSyntheticTripleMnist}. */
export interface SyntheticOptions {
  /** the export size (default {@linkcode SYNTHETIC_BUDGET} of the active profile) */
  export?: SyntheticBudget;
  /** the seed (default the run seed) */
  seed?: number;
  /** the folder (default {@linkcode syntheticDir}) */
  dir?: string;
}

/**
 * Exports a trained generator's images of random training classes as
 * `<dir>/train/<ddd>/<k>_<ddd>.png`, recording generator, seed and budget in `generator.json`.
 *
 * @param generator the trained generator
 * @param record its training record
 * @param options export size, seed, folder
 * @returns the split written and its folder
 */
export async function exportSynthetic(
  generator: ConditionalGenerator,
  record: GanTrainingRecord,
  options: SyntheticOptions = {},
): Promise<{ split: TripleMnistSplit; dir: string; files: number }> {
  const size = options.export ?? byProfile(SYNTHETIC_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? syntheticDir();
  const info: SyntheticInfo = {
    generator: generator.name,
    seed,
    budget: record.budget,
    export: size,
    ...(record.data ? { data: record.data } : {}),
  };
  const { split, files } = await exportSyntheticTripleMnist(
    generator,
    dir,
    syntheticClasses(size.classes, seed),
    { seed: seed + 1, perNumber: size.perClass, info: info as unknown as Record<string, unknown> },
  );
  return { split, dir, files };
}

/**
 * The synthetic training images of the active profile: read from `data/triple_mnist_synthetic`
 * when notebook 08 exported them with the same budget and seed, otherwise drawn now from the saved
 * generator ({@linkcode trainedGenerator}, which trains one if none is saved) and exported.
 *
 * @param options export size, seed, folder, and the generator's options
 * @returns the synthetic split and whether it was made now
 */
export async function loadSyntheticTripleMnist(
  options: SyntheticOptions & TrainedGeneratorOptions = {},
): Promise<{ split: TripleMnistSplit; dir: string; madeNow: boolean }> {
  const size = options.export ?? byProfile(SYNTHETIC_BUDGET);
  const budget = options.budget ?? byProfile(GAN_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? syntheticDir();
  let info: SyntheticInfo | undefined;
  try {
    info = JSON.parse(Deno.readTextFileSync(join(dir, "generator.json")));
  } catch {
    info = undefined;
  }
  if (
    info && info.seed === seed && sameBudget(info.budget, budget) &&
    JSON.stringify(info.export) === JSON.stringify(size) && info.data?.pool === activeDigitPool()
  ) {
    try {
      const read = await readTripleMnistFolder(dir, {
        splits: ["train"],
        classes: syntheticClasses(size.classes, seed).map(className),
        imagesPerClass: size.perClass,
      });
      return { split: read.splits.train!, dir, madeNow: false };
    } catch (e) {
      // ours, and changed since it was exported: export it again
      if (!(e instanceof SyntaxError || e instanceof RangeError || e instanceof TypeError)) throw e;
      (options.log ?? console.log)(
        `The synthetic images in ${dir} are not as they were exported (${
          e.message.split(" — ")[0]
        }): exporting them again`,
      );
    }
  }
  const { generator, record } = await trainedGenerator({ ...options, budget, seed });
  const made = await exportSynthetic(generator, record, { export: size, seed, dir });
  generator.generator.dispose();
  return { split: made.split, dir, madeNow: true };
}
