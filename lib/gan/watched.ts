/**
 * GAN training watched by a reader: after every epoch a classifier trained on real images reads
 * generated images of the **validation** numbers, from the trained generator and from its running
 * average, and (optionally) the drawing generator's best epoch by that score is kept and restored
 * at the end. Notebook 08 and `trainedGenerator` (which notebook 09 falls back on) both train this
 * way, so that a budget always yields the same generator.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { classLabel, classSplit } from "../triple_mnist/mod.ts";
import type { ProgressReporter } from "../train/progress.ts";
import type { ExampleSource } from "../train/source.ts";
import { keepBestWeights } from "../train/best_weights.ts";
import { drawingGenerator, type WeightAverage } from "./average.ts";
import type { GanLossOptions } from "./losses.ts";
import { readGenerated } from "./score.ts";
import { type GanEpochLog, trainGan } from "./train.ts";
import { createGanTrainer } from "./trainer.ts";
import type { ConditionalGan, ConditionalGenerator } from "../models/gan_types.ts";

/** What the reader reads after every epoch. */
/** The reader's exact-match score on generated numbers after one epoch. */
export interface ReaderWatchRow {
  /** 1-based epoch */
  epoch: number;
  /** exact match of the trained generator's numbers, in [0, 1] */
  generator: number;
  /** exact match of the averaged generator's numbers, when there is one */
  averaged?: number;
}

export interface GanWatch {
  /** a classifier of 84×28 thirds trained on real images (the Task 3 per-digit CNN) */
  reader: tf.LayersModel;
  /** the requested numbers (the validation classes) */
  numbers: readonly number[];
  /** images per number */
  perNumber: number;
  /** seed of the noise and heights: the same images are asked for after every epoch */
  seed: number;
}

/** Images per validation number that the reader reads after each epoch. */
export const WATCH_IMAGES_PER_NUMBER = 2;

/**
 * The standard watch: the 160 validation numbers, {@linkcode WATCH_IMAGES_PER_NUMBER} images
 * each, drawn from seed `seed + 14` (the test numbers are left for the final score).
 *
 * @param reader the classifier
 * @param seed the run seed
 * @returns the watch
 */
export function validationWatch(reader: tf.LayersModel, seed: number): GanWatch {
  return {
    reader,
    numbers: classSplit().val.map(classLabel),
    perNumber: WATCH_IMAGES_PER_NUMBER,
    seed: seed + 14,
  };
}

/** Options of {@linkcode trainWatchedGan}. */
export interface WatchedGanOptions {
  /** epochs */
  epochs: number;
  /** real images per step */
  batchSize: number;
  /** seed of the shuffling and the noise */
  seed: number;
  /** loss targets and auxiliary weight (A's by default) */
  loss?: GanLossOptions;
  /** the running average of the generator, when it is the one that draws */
  average?: WeightAverage;
  /** the reader and what it reads after every epoch; without it nothing is watched */
  watch?: GanWatch;
  /**
   * restore the drawing generator's weights of the epoch the reader scored best (needs `watch`)
   * @default false
   */
  keepBest?: boolean;
  /** live progress */
  progress?: ProgressReporter;
  /** called after each epoch, after the reader (e.g. to draw a grid) */
  onEpochEnd?: (log: GanEpochLog, row: ReaderWatchRow | undefined) => void | Promise<void>;
}

/** What {@linkcode trainWatchedGan} returns. */
export interface WatchedGan {
  /** the generator that draws: the average's when there is one; best epoch restored if asked */
  drawing: ConditionalGenerator;
  /** one log per epoch */
  history: GanEpochLog[];
  /** the reader's exact-match scores per epoch (empty without a watch) */
  watch: ReaderWatchRow[];
  /** the epoch whose weights the drawing generator holds */
  epoch: number;
  /** seconds spent training (without the watching and the callback) */
  trainSeconds: number;
  /** seconds spent reading generated images and in the callback */
  watchSeconds: number;
}

/**
 * Trains `gan` for some epochs with a reader watching, and returns the generator that draws.
 *
 * @param gan the GAN (its generator and discriminator are trained in place)
 * @param source real images in [-1, 1] and their digits
 * @param options epochs, batch size, seed, average, watch, best-epoch selection, callbacks
 * @returns the drawing generator, the histories and the timings
 * @throws {TypeError} when `keepBest` is asked for without a `watch`
 */
export async function trainWatchedGan(
  gan: ConditionalGan,
  source: ExampleSource,
  options: WatchedGanOptions,
): Promise<WatchedGan> {
  if (options.keepBest && !options.watch) {
    throw new TypeError(
      "Cannot keep the best epoch without a reader to score the epochs — pass `watch` " +
        "(e.g. validationWatch(reader, seed)) or leave keepBest off",
    );
  }
  const average = options.average;
  const drawing = drawingGenerator(gan, average);
  const trainer = createGanTrainer(gan, {
    seed: options.seed,
    ...(average ? { average } : {}),
    ...(options.loss ? { loss: options.loss } : {}),
  });
  const best = options.keepBest ? keepBestWeights(drawing.generator) : undefined;
  const watch: ReaderWatchRow[] = [];
  const read = async (generator: ConditionalGenerator, w: GanWatch) =>
    (await readGenerated(w.reader, generator, w.numbers, {
      seed: w.seed,
      perNumber: w.perNumber,
      name: "val",
    })).scores.exactMatch;
  let watchSeconds = 0;
  const start = performance.now();
  try {
    const history = await trainGan(trainer, source, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      ...(options.progress ? { progress: options.progress } : {}),
      onEpochEnd: async (log) => {
        const t = performance.now();
        let row: ReaderWatchRow | undefined;
        if (options.watch) {
          row = { epoch: log.epoch, generator: await read(gan, options.watch) };
          if (average) row.averaged = await read(drawing, options.watch);
          watch.push(row);
          best?.offer(log.epoch, row.averaged ?? row.generator);
        }
        await options.onEpochEnd?.(log, row);
        watchSeconds += (performance.now() - t) / 1000;
      },
    });
    best?.restore();
    return {
      drawing,
      history,
      watch,
      epoch: best?.epoch ?? history.length,
      trainSeconds: (performance.now() - start) / 1000 - watchSeconds,
      watchSeconds,
    };
  } finally {
    best?.dispose();
    trainer.dispose();
  }
}
