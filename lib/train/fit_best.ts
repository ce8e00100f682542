/**
 * `fitKeepingBest`: {@linkcode fit} with the epoch budget decided on validation data. After every
 * epoch the validation figure is offered to {@linkcode keepBestWeights}; training stops when it
 * has not improved for `patience` epochs (or at the epoch cap), and the model ends holding the
 * weights of its best validation epoch. The test set plays no part.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { ExampleSource } from "./source.ts";
import { fit, type FitOptions, type History } from "./fit.ts";
import { keepBestWeights } from "./best_weights.ts";

/** The validation figure that picks the kept epoch. */
export type ValidationMonitor = "valAccuracy" | "valLoss";

/** Options of {@linkcode fitKeepingBest}: {@linkcode FitOptions} (validation required) and more. */
export interface FitKeepingBestOptions extends FitOptions {
  /** the held-out examples every choice is made on */
  validation: ExampleSource;
  /**
   * stop after this many epochs without a better validation figure; `Infinity` runs every epoch
   * @default Infinity
   */
  patience?: number;
  /** what "better" means: higher validation accuracy, or lower validation loss
   * @default "valAccuracy" */
  monitor?: ValidationMonitor;
}

/** What {@linkcode fitKeepingBest} did. */
export interface FitKeepingBestResult {
  /** one log per epoch run */
  history: History;
  /** the epoch whose weights the model now holds (1-based) */
  bestEpoch: number;
  /** its validation figure (accuracy, or loss when monitoring the loss) */
  bestValue: number;
  /** the figure that chose it */
  monitor: ValidationMonitor;
  /** whether training stopped before `epochs` for want of improvement */
  stoppedEarly: boolean;
}

/**
 * Trains like {@linkcode fit}, keeps the weights of the best validation epoch, and stops early
 * after `patience` epochs without improvement. A caller's `onEpochEnd` still runs after every
 * epoch (before the check) and may stop training itself.
 *
 * @param model a compiled model; it ends holding its best epoch's weights
 * @param train the training examples
 * @param options {@linkcode fit}'s options with a validation source, plus patience and monitor
 * @returns the history and which epoch was kept, chosen on what
 * @throws {RangeError} when patience is not a positive number, or as {@linkcode fit} does
 * @throws {TypeError} when the model reports no validation accuracy and accuracy is monitored
 * @example
 * ```ts ignore
 * const { history, bestEpoch } = await fitKeepingBest(model, train, {
 *   epochs: 10, batchSize: 64, seed: 42, validation: val, patience: 2,
 * });
 * // the model now holds the weights of epoch `bestEpoch`, chosen on validation accuracy
 * ```
 */
export async function fitKeepingBest(
  model: tf.LayersModel,
  train: ExampleSource,
  options: FitKeepingBestOptions,
): Promise<FitKeepingBestResult> {
  const patience = options.patience ?? Infinity;
  if (!(patience > 0)) {
    throw new RangeError(
      `Cannot stop early with patience ${patience}: it must be a positive number of epochs ` +
        "(Infinity runs every epoch)",
    );
  }
  const monitor = options.monitor ?? "valAccuracy";
  const best = keepBestWeights(model);
  let stoppedEarly = false;
  try {
    const history = await fit(model, train, {
      ...options,
      onEpochEnd: async (log, m) => {
        const own = await options.onEpochEnd?.(log, m);
        const value = log[monitor];
        if (value === undefined) {
          throw new TypeError(
            `Cannot keep the best epoch by ${monitor} as the model reports none: compile it ` +
              `with metrics: ["accuracy"], or monitor "valLoss"`,
          );
        }
        best.offer(log.epoch, monitor === "valLoss" ? -value : value);
        if (own === "stop") return "stop";
        if (log.epoch - (best.epoch ?? 0) >= patience && log.epoch < options.epochs) {
          stoppedEarly = true;
          return "stop";
        }
      },
    });
    best.restore();
    const bestEpoch = best.epoch ?? history.length;
    return {
      history,
      bestEpoch,
      bestValue: history[bestEpoch - 1]?.[monitor] ?? NaN,
      monitor,
      stoppedEarly,
    };
  } finally {
    best.dispose();
  }
}
