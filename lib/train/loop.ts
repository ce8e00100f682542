/**
 * A generic epoch/batch loop with seeded shuffling and progress, for any training step: `fit`
 * uses it, and so can GANs, triplet training or hand-written gradient descent.
 * @module
 */
import { Rng } from "../random/mod.ts";
import { interruptedSince, interruptMark } from "../interrupt/mod.ts";
import { activeMaxSteps } from "../config/max_steps.ts";
import { historyThroughput, recordTraining, type TrainingRecord } from "./throughput.ts";
import { type ProgressReporter, silentProgress } from "./progress.ts";

/** What one training step reports. */
export interface StepResult {
  /** the batch's mean loss */
  loss: number;
  /** the batch's accuracy, when the step measures one */
  accuracy?: number;
  /** other per-batch figures (e.g. a GAN's generator loss), averaged per epoch like the loss */
  extra?: Record<string, number>;
}

/** Where a step is in the run. */
export interface StepContext {
  /** 1-based epoch */
  epoch: number;
  /** 1-based batch within the epoch */
  batch: number;
  /** batches per epoch */
  batches: number;
  /**
   * a generator for the step's own randomness (noise, augmentation), seeded from the run seed
   * and independent of the shuffling
   */
  rng: Rng;
}

/** One training step on the examples at `indices`. */
export type StepFn = (
  indices: Int32Array,
  context: StepContext,
) => StepResult | Promise<StepResult>;

/** The figures of one epoch of {@linkcode runLoop}. */
export interface LoopEpochLog {
  /** 1-based epoch */
  epoch: number;
  /** mean loss over the epoch's examples */
  loss: number;
  /** mean accuracy over the epoch's examples, when steps report one */
  accuracy?: number;
  /** means of the steps' extra figures */
  extra: Record<string, number>;
  /** seconds the epoch's steps took */
  seconds: number;
  /** examples per second over the epoch */
  imagesPerSecond: number;
  /** examples seen in the epoch */
  examples: number;
}

/** What `onEpochEnd` may return: `"stop"` ends the run after this epoch. */
export type EpochEndResult = void | "stop" | Promise<void | "stop">;

/** Options of {@linkcode runLoop}. */
export interface LoopOptions {
  /** number of epochs (a positive integer) */
  epochs: number;
  /** examples per batch (a positive integer) */
  batchSize: number;
  /** the seed of the shuffling and of `context.rng` */
  seed: number;
  /** visit examples in a new seeded order each epoch (default true) */
  shuffle?: boolean;
  /** drop the last, smaller batch of each epoch (default false) */
  dropRemainder?: boolean;
  /** where progress goes (default: nowhere) */
  progress?: ProgressReporter;
  /** called after each epoch with its log; may add figures to `log.extra`, or return "stop" */
  onEpochEnd?: (log: LoopEpochLog) => EpochEndResult;
  /** the closing line for the progress display (default: epochs and seconds) */
  summary?: (logs: LoopEpochLog[]) => string;
  /**
   * at most this many steps per epoch and this many epochs, for runs that only check that the
   * code runs (default: `NOTEBOOK_MAX_STEPS`, see `lib/config`; `null`: no cap)
   */
  maxSteps?: number | null;
  /** what trains, for the record of this run (`trainingRecords`, metrics.json's `trainings`) */
  label?: string;
  /** more of the record of this run, asked for when it ends (e.g. `fit`'s micro-batches) */
  record?: () => Pick<TrainingRecord, "microBatchRows">;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot run a training loop with ${name} ${value} as it must be a positive integer — ` +
        `pass e.g. ${name === "epochs" ? 1 : 64}`,
    );
  }
}

/** Lets the event loop run (e.g. to send Jupyter display messages) during a synchronous loop. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `step` over batches of `0..size-1` for some epochs: a new seeded order per epoch,
 * running means for the progress display, one {@linkcode LoopEpochLog} per epoch.
 *
 * An interrupt (Kernel › Interrupt in Jupyter, Ctrl-C; see `lib/interrupt`) that arrives while
 * it runs stops it after the current batch: the weights trained so far stay, the epoch in
 * progress is not logged (nor passed to `onEpochEnd`), and the progress display is marked
 * "interrupted". The loop yields to the event loop at least every 200 ms, which is when the
 * interrupt is noticed.
 *
 * With a step cap (`options.maxSteps`, by default `NOTEBOOK_MAX_STEPS`) it runs at most that many
 * batches per epoch and that many epochs: every code path of a long training, in seconds.
 *
 * Every run adds its throughput to `trainingRecords()` (lib/train/throughput.ts), which a
 * notebook's metrics.json lists as `trainings`.
 *
 * @param size the number of examples
 * @param step trains on one batch and reports its loss
 * @param options epochs, batch size, seed, progress, epoch callback
 * @returns one log per epoch completed
 * @throws {RangeError} when epochs, batchSize or size are not positive integers
 * @example
 * ```ts
 * import { runLoop } from "./loop.ts";
 * const logs = await runLoop(10, (indices) => ({ loss: indices.length }), {
 *   epochs: 2, batchSize: 4, seed: 1,
 * });
 * logs[0].loss; // (4·4 + 4·4 + 2·2) / 10 = 3.6
 * ```
 */
export async function runLoop(
  size: number,
  step: StepFn,
  options: LoopOptions,
): Promise<LoopEpochLog[]> {
  checkPositiveInteger("epochs", options.epochs);
  checkPositiveInteger("batchSize", options.batchSize);
  checkPositiveInteger("size", size);
  const { batchSize } = options;
  const cap = options.maxSteps === undefined ? activeMaxSteps() : options.maxSteps ?? undefined;
  if (cap !== undefined) checkPositiveInteger("maxSteps", cap);
  const epochs = cap === undefined ? options.epochs : Math.min(options.epochs, cap);
  const progress = options.progress ?? silentProgress;
  const orderRng = new Rng(options.seed);
  const stepRng = new Rng(options.seed).fork().fork();
  const allBatches = options.dropRemainder
    ? Math.max(1, Math.floor(size / batchSize))
    : Math.ceil(size / batchSize);
  const batches = cap === undefined ? allBatches : Math.min(allBatches, cap);
  const totalBatches = epochs * batches;
  const logs: LoopEpochLog[] = [];
  const runStart = performance.now();
  let lastYield = runStart;
  let batchesDone = 0;
  const identity = new Int32Array(size).map((_, i) => i);
  const mark = interruptMark();
  let stoppedAt: { epoch: number; batch: number } | undefined;
  for (let epoch = 1; epoch <= epochs && !stoppedAt; epoch++) {
    const order = options.shuffle ?? true ? orderRng.permutation(size) : identity;
    const epochStart = performance.now();
    let examples = 0;
    let lossSum = 0;
    let accSum = 0;
    let accCount = 0;
    const extraSums: Record<string, number> = {};
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const indices = order.subarray(start, Math.min(size, start + batchSize));
      const r = await step(indices, { epoch, batch: b + 1, batches, rng: stepRng });
      const n = indices.length;
      examples += n;
      lossSum += r.loss * n;
      if (r.accuracy !== undefined) {
        accSum += r.accuracy * n;
        accCount += n;
      }
      for (const [k, v] of Object.entries(r.extra ?? {})) {
        extraSums[k] = (extraSums[k] ?? 0) + v * n;
      }
      batchesDone++;
      const now = performance.now();
      const seconds = (now - epochStart) / 1000;
      const perBatch = (now - runStart) / 1000 / batchesDone;
      progress.update({
        epoch,
        epochs,
        batch: b + 1,
        batches,
        loss: lossSum / examples,
        accuracy: accCount > 0 ? accSum / accCount : undefined,
        imagesPerSecond: seconds > 0 ? examples / seconds : 0,
        etaSeconds: perBatch * (totalBatches - batchesDone),
        extra: Object.fromEntries(Object.entries(extraSums).map(([k, v]) => [k, v / examples])),
      });
      if (now - lastYield > 200) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (interruptedSince(mark)) {
        stoppedAt = { epoch, batch: b + 1 };
        break;
      }
    }
    if (stoppedAt) break;
    const seconds = (performance.now() - epochStart) / 1000;
    const log: LoopEpochLog = {
      epoch,
      loss: lossSum / examples,
      ...(accCount > 0 ? { accuracy: accSum / accCount } : {}),
      extra: Object.fromEntries(Object.entries(extraSums).map(([k, v]) => [k, v / examples])),
      seconds,
      imagesPerSecond: seconds > 0 ? examples / seconds : 0,
      examples,
    };
    logs.push(log);
    const verdict = await options.onEpochEnd?.(log);
    if (verdict === "stop") break;
  }
  recordTraining({
    ...(options.label === undefined ? {} : { label: options.label }),
    ...historyThroughput(logs),
    batchSize,
    steps: batchesDone,
    ...(cap === undefined ? {} : { maxSteps: cap }),
    ...options.record?.(),
  });
  const totalSeconds = (performance.now() - runStart) / 1000;
  const summary = options.summary?.(logs) ??
    `${logs.length} epoch${logs.length === 1 ? "" : "s"} in ${totalSeconds.toFixed(1)} s`;
  if (stoppedAt) {
    progress.finish(
      `interrupted at epoch ${stoppedAt.epoch}/${epochs}, batch ${stoppedAt.batch}/${batches}; ` +
        `the weights trained so far are kept · ${summary}`,
      "interrupted",
    );
  } else {
    progress.finish(summary);
  }
  await progress.flush?.();
  return logs;
}
