/**
 * Epochs of GAN training over an {@linkcode ExampleSource}, with live progress and the figures
 * A plotted: generator and discriminator loss per epoch and their ratio.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type LoopEpochLog, runLoop } from "../train/loop.ts";
import type { ProgressReporter } from "../train/progress.ts";
import type { ExampleSource } from "../train/source.ts";
import type { GanTrainer } from "./trainer.ts";

/** The figures of one GAN epoch (means over its batches, weighted by batch size). */
export interface GanEpochLog {
  /** 1-based epoch */
  epoch: number;
  /** mean generator loss */
  generatorLoss: number;
  /** mean discriminator loss */
  discriminatorLoss: number;
  /** generator loss / discriminator loss (A's "G/D ratio") */
  ratio: number;
  /** mean digit cross-entropy of the fakes */
  generatorAuxLoss: number;
  /** mean digit cross-entropy of the real images */
  discriminatorAuxLoss: number;
  /** mean D(real) */
  realScore: number;
  /** mean D(fake) */
  fakeScore: number;
  /** seconds the epoch took */
  seconds: number;
  /** real images per second */
  imagesPerSecond: number;
}

/** Options of {@linkcode trainGan}. */
export interface TrainGanOptions {
  /** number of epochs */
  epochs: number;
  /** real images per step (A: 256) */
  batchSize: number;
  /** seed of the shuffling */
  seed: number;
  /** live progress (the loss shown is the generator's; the rest under `extra`) */
  progress?: ProgressReporter;
  /** called after each epoch, e.g. to draw the fixed-noise grid; may return "stop" */
  onEpochEnd?: (log: GanEpochLog) => void | "stop" | Promise<void | "stop">;
}

function toGanLog(log: LoopEpochLog): GanEpochLog {
  const e = log.extra;
  return {
    epoch: log.epoch,
    generatorLoss: log.loss,
    discriminatorLoss: e.discriminatorLoss,
    ratio: log.loss / e.discriminatorLoss,
    generatorAuxLoss: e.generatorAuxLoss,
    discriminatorAuxLoss: e.discriminatorAuxLoss,
    realScore: e.realScore,
    fakeScore: e.fakeScore,
    seconds: log.seconds,
    imagesPerSecond: log.imagesPerSecond,
  };
}

/**
 * Trains a GAN for some epochs: each batch of real images (shuffled, seeded; the last short
 * batch of an epoch dropped, as batch norm needs a real batch) is one generator step and one
 * discriminator step.
 *
 * @param trainer the GAN and its optimisers (`createGanTrainer`)
 * @param source real images in [-1, 1] and their int32 digit labels (`digitGanSource`,
 *   `tripleGanSource`)
 * @param options epochs, batch size, seed, progress, per-epoch callback
 * @returns one log per epoch
 * @throws {RangeError} when epochs or batch size are not positive integers
 */
export async function trainGan(
  trainer: GanTrainer,
  source: ExampleSource,
  options: TrainGanOptions,
): Promise<GanEpochLog[]> {
  const logs: GanEpochLog[] = [];
  await runLoop(source.size, async (indices) => {
    const { xs, ys } = source.batch(indices);
    try {
      const r = await trainer.step(xs, ys);
      return {
        loss: r.generatorLoss,
        extra: {
          discriminatorLoss: r.discriminatorLoss,
          generatorAuxLoss: r.generatorAuxLoss,
          discriminatorAuxLoss: r.discriminatorAuxLoss,
          realScore: r.realScore,
          fakeScore: r.fakeScore,
        },
      };
    } finally {
      tf.dispose([xs, ys]);
    }
  }, {
    epochs: options.epochs,
    batchSize: Math.min(options.batchSize, source.size),
    seed: options.seed,
    dropRemainder: true,
    ...(options.progress ? { progress: options.progress } : {}),
    record: () => trainer.microBatches.record(),
    onEpochEnd: (log) => {
      const ganLog = toGanLog(log);
      logs.push(ganLog);
      return options.onEpochEnd?.(ganLog);
    },
    summary: (all) => {
      const last = logs[logs.length - 1];
      const seconds = all.reduce((s, l) => s + l.seconds, 0);
      return `${all.length} epochs in ${seconds.toFixed(1)} s · G ${
        last?.generatorLoss.toFixed(3)
      } · ` +
        `D ${last?.discriminatorLoss.toFixed(3)} · G/D ${last?.ratio.toFixed(2)}` +
        trainer.microBatches.note();
    },
  });
  return logs;
}
