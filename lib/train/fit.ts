/**
 * `fit`: train a compiled model on an example source with seeded shuffling, validation and
 * live progress, without leaking tensors.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "./source.ts";
import type { ProgressReporter } from "./progress.ts";
import { type EpochEndResult, runLoop, type StepResult } from "./loop.ts";
import { evaluate } from "./evaluate.ts";
import { learningRateOf, type LearningRateSchedule, setLearningRate } from "./schedule.ts";
import {
  applyInMicroBatches,
  batchRows,
  microBatchPlanner,
  stepBytesPerRow,
} from "./micro_batch.ts";
import { explainHeapFailure } from "../backend/mod.ts";
import {
  batchLoss,
  correctCount,
  hasAccuracy,
  predictionCount,
  requireCompiled,
} from "./_model.ts";

/** The figures of one training epoch. */
export interface EpochLog {
  /** 1-based epoch */
  epoch: number;
  /** mean training loss over the epoch's batches (weighted by batch size) */
  loss: number;
  /**
   * mean training accuracy, when the model was compiled with `metrics: ["accuracy"]`: the share
   * of the predictions right (per digit for a source that gives three digits per example)
   */
  accuracy?: number;
  /** validation loss after the epoch, when a validation source was given */
  valLoss?: number;
  /** validation accuracy after the epoch */
  valAccuracy?: number;
  /** seconds of training in the epoch (validation not included) */
  seconds: number;
  /** training examples per second in the epoch */
  imagesPerSecond: number;
}

/** A training history: one log per epoch run. */
export type History = EpochLog[];

/** How `fit` runs one batch. */
export type StepMethod = "trainOnBatch" | "minimize";

/** Options of {@linkcode fit}. */
export interface FitOptions {
  /** number of epochs */
  epochs: number;
  /** examples per batch */
  batchSize: number;
  /** the seed of the per-epoch shuffling */
  seed: number;
  /** evaluated after each epoch (valLoss, valAccuracy) */
  validation?: ExampleSource;
  /** batch size for validation (default max(batchSize, 256)) */
  validationBatchSize?: number;
  /** where live progress goes (default: nowhere); e.g. `createProgress("CNN")` from lib/display */
  progress?: ProgressReporter;
  /** visit the examples in a new seeded order each epoch (default true) */
  shuffle?: boolean;
  /** called after each epoch (after validation); return "stop" to end training early */
  onEpochEnd?: (log: EpochLog, model: tf.LayersModel) => EpochEndResult;
  /**
   * how a batch is trained: `"minimize"` (the default for single-output models) runs
   * `optimizer.minimize` on the compiled loss; `"trainOnBatch"` (the default otherwise) calls
   * `model.trainOnBatch`. Both make the same updates; minimize has less per-batch overhead
   * (4.5–7 ms against 7.7–10.5 ms per batch of a tiny MLP on the CPU backend)
   */
  method?: StepMethod;
  /**
   * the learning rate of each epoch, set on the model's optimizer before the epoch runs (e.g.
   * `exponentialDecay(0.5)`); without it the optimizer keeps its rate. The optimizer is left at
   * the last epoch's rate
   */
  learningRate?: LearningRateSchedule;
  /**
   * the bytes one training step may hold: a batch whose estimated need is larger is run as
   * micro-batches whose gradients are summed and applied once (`lib/train/micro_batch.ts`; the
   * same update except batch normalisation, which then normalises each micro-batch by itself).
   * Default: the active backend's budget (`stepMemoryBudget` of lib/backend: 1.5 GiB on wasm,
   * whose heap holds at most 4 GiB; none elsewhere). `null`: never split. Only the default
   * `"minimize"` method splits
   */
  stepMemory?: number | null;
  /** what trains, for the record of this run (`trainingRecords`, metrics.json's `trainings`) */
  label?: string;
}

function trainOnBatchStep(
  model: tf.LayersModel,
  source: ExampleSource,
  accIndex: number,
): (indices: Int32Array) => Promise<StepResult> {
  return async (indices) => {
    const { xs, ys } = source.batch(indices);
    try {
      const out = await model.trainOnBatch(xs, ys);
      const values = Array.isArray(out) ? out : [out];
      return {
        loss: values[0],
        ...(accIndex >= 0 ? { accuracy: values[accIndex] } : {}),
      };
    } finally {
      xs.dispose();
      ys.dispose();
    }
  };
}

function minimizeStep(
  model: tf.LayersModel,
  source: ExampleSource,
  withAccuracy: boolean,
  microRows: (rows: number) => number,
): (indices: Int32Array) => Promise<StepResult> {
  const optimizer = model.optimizer;
  return async (indices) => {
    const { xs, ys } = source.batch(indices);
    const rows = xs.shape[0];
    const micro = microRows(rows);
    let correct: tf.Scalar | undefined;
    // the predictions the batch holds: a source may return several per index (three digits of
    // one Triple-MNIST image), so accuracy is counted from the batch, not from `indices`
    let predictions = 0;
    let cost: tf.Scalar | null = null;
    try {
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      // the loss of some of the batch's rows, as their share of the batch's mean loss
      const lossOf = (x: tf.Tensor, y: tf.Tensor, share: number) => {
        const preds = model.apply(x, { training: true }) as tf.Tensor;
        let loss = batchLoss(model, y, preds);
        const regularization = model.calculateLosses();
        if (regularization.length > 0) loss = tf.addN([loss, ...regularization]) as tf.Scalar;
        if (withAccuracy) {
          const c = correctCount(y, preds);
          const before = correct;
          correct = tf.keep(before ? tf.add(before, c) : c);
          before?.dispose();
          predictions += predictionCount(preds);
        }
        return share === 1 ? loss : tf.mul(loss, share) as tf.Scalar;
      };
      // a batch that fits is one micro-batch
      cost = await applyInMicroBatches(
        optimizer,
        vars,
        { rows, micro },
        (start, n, share) => lossOf(batchRows(xs, start, n), batchRows(ys, start, n), share),
      );
      const loss = (await cost!.data())[0];
      const accuracy = correct ? (await correct.data())[0] / predictions : undefined;
      return { loss, ...(accuracy !== undefined ? { accuracy } : {}) };
    } catch (e) {
      throw explainHeapFailure(e, `a training step of ${rows} rows (micro-batches of ${micro})`);
    } finally {
      tf.dispose([xs, ys]);
      if (cost) cost.dispose();
      if (correct) correct.dispose();
    }
  };
}

/**
 * Trains a compiled model on `train` for some epochs: a new seeded order each epoch, batches
 * built on demand by the source (and disposed here), validation after each epoch, live progress.
 * Returns after the last epoch (or when `onEpochEnd` returns "stop"). Leaves no tensors behind
 * besides the model's own weights and optimizer state.
 *
 * @param model a compiled model (`model.compile({optimizer, loss, metrics: ["accuracy"]})`)
 * @param train the training examples
 * @param options epochs, batch size, seed, validation, progress, callbacks, learning-rate schedule
 * @returns one {@linkcode EpochLog} per epoch run
 * @throws {TypeError} when the model is not compiled
 * @throws {RangeError} when epochs or batchSize are not positive integers or `train` is empty
 * @example
 * ```ts ignore
 * import { fit } from "../train/mod.ts";
 * import { createProgress } from "../display/mod.ts";
 * const history = await fit(model, trainSource, {
 *   epochs: 3, batchSize: 64, seed: 42, validation: valSource, progress: createProgress("CNN"),
 * });
 * ```
 */
export async function fit(
  model: tf.LayersModel,
  train: ExampleSource,
  options: FitOptions,
): Promise<History> {
  requireCompiled(model, "fit");
  const withAccuracy = hasAccuracy(model);
  const accIndex = model.metricsNames.findIndex((n) => /acc/i.test(n));
  const method = options.method ?? (model.outputs.length === 1 ? "minimize" : "trainOnBatch");
  const plan = microBatchPlanner(stepBytesPerRow(model), options.stepMemory);
  const step = method === "minimize"
    ? minimizeStep(model, train, withAccuracy, (rows) => plan.rowsFor(rows))
    : trainOnBatchStep(model, train, accIndex);
  const history: History = [];
  const valBatch = options.validationBatchSize ?? Math.max(options.batchSize, 256);
  const schedule = options.learningRate;
  const initialRate = schedule ? learningRateOf(model.optimizer) : 0;
  if (schedule) setLearningRate(model.optimizer, schedule(1, initialRate));
  await runLoop(train.size, step, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    shuffle: options.shuffle,
    progress: options.progress,
    ...(options.label === undefined ? {} : { label: options.label }),
    record: () => plan.record(),
    summary: (logs) => {
      const last = history[history.length - 1];
      const secs = logs.reduce((s, l) => s + l.seconds, 0);
      if (!last) return "no epochs run";
      const parts = [
        `${history.length} epoch${history.length === 1 ? "" : "s"} in ${secs.toFixed(1)} s`,
      ];
      parts.push(`loss ${last.loss.toFixed(4)}`);
      if (last.accuracy !== undefined) parts.push(`accuracy ${(last.accuracy * 100).toFixed(2)}%`);
      if (last.valLoss !== undefined) parts.push(`val loss ${last.valLoss.toFixed(4)}`);
      if (last.valAccuracy !== undefined) {
        parts.push(`val accuracy ${(last.valAccuracy * 100).toFixed(2)}%`);
      }
      return parts.join(" · ") + plan.note();
    },
    onEpochEnd: async (l) => {
      const log: EpochLog = {
        epoch: l.epoch,
        loss: l.loss,
        ...(l.accuracy !== undefined ? { accuracy: l.accuracy } : {}),
        seconds: l.seconds,
        imagesPerSecond: l.imagesPerSecond,
      };
      if (options.validation) {
        const v = await evaluate(model, options.validation, { batchSize: valBatch });
        log.valLoss = v.loss;
        if (v.accuracy !== undefined) log.valAccuracy = v.accuracy;
        const batches = Math.ceil(train.size / options.batchSize);
        options.progress?.update({
          epoch: l.epoch,
          epochs: options.epochs,
          batch: batches,
          batches,
          loss: l.loss,
          accuracy: l.accuracy,
          imagesPerSecond: l.imagesPerSecond,
          etaSeconds: (options.epochs - l.epoch) * l.seconds,
          extra: {
            "val loss": v.loss,
            ...(v.accuracy !== undefined ? { "val accuracy": v.accuracy } : {}),
          },
        });
      }
      history.push(log);
      const verdict = await options.onEpochEnd?.(log, model);
      if (schedule && l.epoch < options.epochs) {
        setLearningRate(model.optimizer, schedule(l.epoch + 1, initialRate));
      }
      return verdict;
    },
  });
  return history;
}
