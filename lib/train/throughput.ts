/**
 * Training throughput: images per second over a whole training, from its epoch logs, and the
 * record of every training loop this process ran (`runLoop` adds one entry per run), which
 * `setupNotebook`'s `writeMetrics` writes to `metrics.json` as `trainings`.
 * @module
 */

/** The throughput of one training. */
export interface Throughput {
  /** epochs completed */
  epochs: number;
  /** examples trained on, over all epochs */
  examples: number;
  /** seconds of training steps (validation not included) */
  seconds: number;
  /** `examples / seconds` (0 when no time passed) */
  imagesPerSecond: number;
}

/** One training loop's record (see {@linkcode trainingRecords}). */
export interface TrainingRecord extends Throughput {
  /** what trained, when the loop was given a label */
  label?: string;
  /** examples per step */
  batchSize: number;
  /** steps taken */
  steps: number;
  /** the step cap it ran under (`NOTEBOOK_MAX_STEPS`), when there was one */
  maxSteps?: number;
  /**
   * rows per micro-batch, when `fit` split its batches to fit the backend's memory (see
   * `lib/train/micro_batch.ts`)
   */
  microBatchRows?: number;
}

/**
 * Images per second over a whole training, from its epoch logs (`fit`'s `History`, `trainGan`'s
 * logs, `runLoop`'s): the examples of every epoch over the seconds of every epoch, not the mean
 * of the epochs' rates (a short, slow first epoch would otherwise weigh as much as a long one).
 *
 * @param logs one log per epoch with its `seconds` and `imagesPerSecond`
 * @returns epochs, examples, seconds and images per second (all 0 for no epochs)
 * @example
 * ```ts
 * import { historyThroughput } from "./throughput.ts";
 * const t = historyThroughput([
 *   { seconds: 1, imagesPerSecond: 100 },
 *   { seconds: 3, imagesPerSecond: 300 },
 * ]);
 * t.imagesPerSecond; // (100 + 900) / 4 = 250
 * ```
 */
export function historyThroughput(
  logs: readonly { seconds: number; imagesPerSecond: number; examples?: number }[],
): Throughput {
  let examples = 0;
  let seconds = 0;
  for (const l of logs) {
    examples += l.examples ?? l.imagesPerSecond * l.seconds;
    seconds += l.seconds;
  }
  examples = Math.round(examples);
  return {
    epochs: logs.length,
    examples,
    seconds,
    imagesPerSecond: seconds > 0 ? examples / seconds : 0,
  };
}

const records: TrainingRecord[] = [];

/**
 * Adds a training's record (`runLoop` calls it after each run, interrupted runs included).
 *
 * @param record the training's figures
 */
export function recordTraining(record: TrainingRecord): void {
  records.push(record);
}

/**
 * Forgets the records from position `length` on: for steps that were not a training (e.g. the
 * few steps that time a network before it trains, `lib/notebook/estimate.ts`).
 *
 * @param length how many records to keep
 */
export function dropTrainingRecords(length: number): void {
  if (length < records.length) records.length = Math.max(0, length);
}

/**
 * The trainings this process has run, oldest first, from position `since` on.
 *
 * @param since how many records to skip (e.g. `trainingRecords().length` at a notebook's start)
 * @returns copies of the records
 * @example
 * ```ts
 * import { runLoop } from "./loop.ts";
 * import { trainingRecords } from "./throughput.ts";
 * const before = trainingRecords().length;
 * await runLoop(8, () => ({ loss: 0 }), { epochs: 2, batchSize: 4, seed: 1, label: "demo" });
 * trainingRecords(before)[0].examples; // 16
 * ```
 */
export function trainingRecords(since = 0): TrainingRecord[] {
  return records.slice(since).map((r) => ({ ...r }));
}
