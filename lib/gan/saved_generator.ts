/**
 * The trained generator of Task 5 kept on disk: its training record and key, where it is saved,
 * and `trainedGenerator`, which loads it or trains and saves it (through `cachedArtifact`).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { activeSeed, byProfile } from "../config/mod.ts";
import { loadModelFolder, MODEL_RECORD_FILE, saveModelFolder } from "../models/io.ts";
import type { ConditionalGenerator } from "../models/gan_types.ts";
import { notebookResultsDir } from "../paths/mod.ts";
import { cachedArtifact } from "../results/mod.ts";
import type { ProgressReporter } from "../train/progress.ts";
import { activeDigitPool, type DigitPool } from "../triple_mnist/mod.ts";
import { trainedTriplePerDigitCnn } from "../triple_tasks/per_digit.ts";
import type { ReaderWatchRow } from "./watched.ts";
import type { GanEpochLog } from "./train.ts";
import { type GanWatch, trainWatchedGan, validationWatch, type WatchedGan } from "./watched.ts";
import {
  buildGan,
  GAN_BUDGET,
  GAN_NOTEBOOK,
  type GanBudget,
  type GanDataOptions,
  ganTrainingSource,
  generatorAverage,
} from "./recipe.ts";

/**
 * What decides a saved generator: it is reused only when all of it matches.
 *
 * @param budget the budget it is trained with
 * @param seed the run seed
 * @param pool the digit pool of the Triple-MNIST data (its reader's)
 * @returns the key (`cachedArtifact` of lib/results compares it canonically)
 * @example
 * ```ts
 * import { generatorKey } from "./saved_generator.ts";
 * import { GAN_BUDGET } from "./recipe.ts";
 * generatorKey(GAN_BUDGET.quick, 42, "disjoint").seed; // 42
 * ```
 */
export function generatorKey(
  budget: GanBudget,
  seed: number,
  pool: DigitPool,
): { budget: GanBudget; seed: number; pool: DigitPool; version: 1 } {
  return { budget, seed, pool, version: 1 };
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
  /** what decided it ({@linkcode generatorKey}); records without one are never reused */
  key?: unknown;
}

/**
 * The record of a finished {@linkcode trainWatchedGan} run, as saved beside its generator.
 *
 * @param budget the budget it was trained with
 * @param seed the run seed
 * @param trained what `trainWatchedGan` returned
 * @param data what it was trained on (`ganTrainingSource`'s description) and the digit pool
 * @returns the record with its key (the backend is the active one), ready for
 *   {@linkcode saveGenerator}
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
    key: generatorKey(budget, seed, data.pool),
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
 * The trained generator of a budget, through `cachedArtifact` of lib/results: loaded from `dir`
 * when one with the same {@linkcode generatorKey} (budget, seed, digit pool) is saved there (by
 * notebook 08), otherwise trained now and saved there. The log says which and why. Training a
 * budget that keeps its best epoch (`standard`) also needs the Task 3 reader: `options.reader`,
 * else the saved Task 3 model (`trainedTriplePerDigitCnn`, which trains one when none is saved,
 * and says so).
 *
 * @param options budget, seed, folder, data, reader, progress, log
 * @returns the generator (the caller disposes `generator.generator`), its record, and whether it
 *   was loaded
 */
export async function trainedGenerator(
  options: TrainedGeneratorOptions = {},
): Promise<{ generator: ConditionalGenerator; record: GanTrainingRecord; loaded: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const budget = options.budget ?? byProfile(GAN_BUDGET);
  const seed = options.seed ?? activeSeed();
  const pool = activeDigitPool();
  const cached = await cachedArtifact<ConditionalGenerator, GanTrainingRecord>({
    what: `the ${budget.model} generator`,
    dir: options.dir ?? generatorDir(),
    key: generatorKey(budget, seed, pool),
    remake: options.retrain,
    log,
    describe: (r) => `${r.budget.epochs} epochs, ${r.seconds.toFixed(1)} s of training`,
    load: async (dir, accept) => {
      const saved = await loadModelFolder<GanTrainingRecord>(dir, { matches: accept });
      if (!saved) return undefined;
      const { record, model } = saved;
      const { name, latentDim, digits, imageSize } = record;
      return { value: { name, generator: model, latentDim, digits, imageSize }, record };
    },
    make: async () => {
      const gan = buildGan(budget, seed);
      const { source, description } = await ganTrainingSource(budget, seed, options);
      log(`Training the ${gan.name} for ${budget.epochs} epochs on ${description}`);
      const average = generatorAverage(budget, gan);
      let watch: GanWatch | undefined;
      let reader: tf.LayersModel | undefined;
      if (budget.keepBestEpoch) {
        if (!options.reader) {
          log("It keeps the epoch the Task 3 per-digit CNN reads best, so it needs that model:");
        }
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
      gan.discriminator.dispose();
      if (average) gan.generator.dispose();
      const { name, generator, latentDim, digits, imageSize } = trained.drawing;
      return { value: { name, generator, latentDim, digits, imageSize }, record };
    },
    save: async (dir, generator, record) => {
      await saveGenerator(generator, record, dir);
    },
  });
  return { generator: cached.value, record: cached.record, loaded: cached.reused };
}
