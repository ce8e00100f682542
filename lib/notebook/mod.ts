/**
 * What every notebook calls first: profile, seed and backend, shown at the top of the notebook.
 *
 * @example
 * ```ts ignore
 * import { setupNotebook } from "../lib/notebook/mod.ts";
 * const run = await setupNotebook("01_mnist_mlp_vs_cnn");
 * const mnist = await loadMnist();
 * run.useData(mnist, { train: trainIdx, val: valIdx, test: testIdx });
 * // … train and evaluate …
 * await run.writeMetrics("CNN test accuracy 98.6%", { models: [] });
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  activeMaxSteps,
  activeProfile,
  activeSeed,
  activeSeeds,
  type ProfileName,
  stepCapWarning,
} from "../config/mod.ts";
import { type BackendChoice, initBackend } from "../backend/mod.ts";
import { notebookResultsDir } from "../paths/mod.ts";
import { writeMetrics } from "../results/mod.ts";
import { showFigureLibrary } from "../display/show.ts";
import { showMarkdown } from "../display/markdown.ts";
import { isKernel } from "../display/kernel.ts";
import { watchInterrupts } from "../interrupt/mod.ts";
import { type DataFields, dataFields, type UsedDataSet, type UsedSplit } from "./run_data.ts";
import { trainingRecords } from "../train/throughput.ts";
import type { TrainingEstimate } from "./estimate.ts";

export * from "./estimate.ts";

/** The run context a notebook works in. */
export interface NotebookRun {
  /** the notebook's name without `.ipynb` */
  name: string;
  /** the active profile */
  profile: ProfileName;
  /** the run seed */
  seed: number;
  /**
   * the seeds to repeat the notebook's trainings over (`NOTEBOOK_SEEDS`, `./lab report --seeds N`):
   * `[seed]` by default, so verdicts can say whether a difference beats the seed-to-seed spread
   */
  seeds: number[];
  /**
   * the step cap (`NOTEBOOK_MAX_STEPS`, see `lib/config`): every training loop stops after this
   * many steps per epoch and epochs; undefined when training runs in full. A capped run only
   * checks that the code runs, and its `metrics.json` records `maxSteps`.
   */
  maxSteps?: number;
  /** the chosen backend */
  backend: BackendChoice;
  /** `results/<name>` */
  resultsDir: string;
  /** `performance.now()` at set-up */
  startedAt: number;
  /**
   * Records the data set the run used and its split, for the data fields of `metrics.json`
   * (`dataOrigin`, `datasetTrainImages`, `trainImages`, `validationImages`, `testImages`).
   */
  useData(data: UsedDataSet, split?: UsedSplit): void;
  /**
   * the training time estimated before training (`showTrainingEstimate` sets it), which
   * `writeMetrics` records beside the trainings' measured seconds
   */
  trainingEstimate?: TrainingEstimate;
  /**
   * Writes `results/<name>/metrics.json`: the run's own fields (notebook, profile, backend, seed,
   * seeds, run time, finish time, and the step cap when one is set), `summary`, the data fields of
   * `useData`, then `figures`, the notebook's own key figures, and `trainings`: the throughput of
   * every training loop run since set-up (examples, seconds, images/s; see `trainingRecords` of
   * lib/train).
   */
  writeMetrics(summary: string, figures: Record<string, unknown>): Promise<string>;
}

/**
 * Reads the profile and seed, initialises the backend, seeds TF.js, and prints one banner line.
 * In a Jupyter kernel it also
 *
 * - displays the figure library (`showFigureLibrary` of `lib/display`), on every run: the one
 *   copy of plotly.js that every figure of the page draws with, so figures draw after re-runs,
 *   reloads, reopening and export;
 * - listens for interrupts (`watchInterrupts` of `lib/interrupt`): Kernel › Interrupt then stops
 *   a training loop after its current batch instead of killing the kernel (Deno ends on SIGINT
 *   when nothing listens).
 *
 * With a step cap (`NOTEBOOK_MAX_STEPS`) it says so in a warning box under the banner, and
 * `writeMetrics` records `maxSteps`, so that a capped run is never taken for a result.
 *
 * @param name the notebook's file name without `.ipynb`
 * @returns the run context
 */
export async function setupNotebook(name: string): Promise<NotebookRun> {
  const startedAt = performance.now();
  const trainingsBefore = trainingRecords().length;
  watchInterrupts();
  await showFigureLibrary();
  const profile = activeProfile();
  const seed = activeSeed();
  const seeds = activeSeeds();
  const maxSteps = activeMaxSteps();
  quietNodeBanner();
  const backend = await initBackend();
  const skipped = backend.skipped.map((s) => `${s.name}: ${s.why}`).join("; ");
  console.log(
    `${name} · profile ${profile} · seed ${seed}${
      seeds.length > 1 ? ` (trainings repeated over ${seeds.length} seeds)` : ""
    } · backend ${backend.name} (${backend.reason})` +
      (skipped ? ` · skipped ${skipped}` : "") + ` · TF.js ${tf.version.tfjs}` +
      (maxSteps === undefined ? "" : ` · step cap ${maxSteps}`),
  );
  let data: DataFields | undefined;
  if (maxSteps !== undefined) {
    if (isKernel()) await showMarkdown(`> **${stepCapWarning(maxSteps)}**`);
    else console.warn(stepCapWarning(maxSteps));
  }
  const run: NotebookRun = {
    name,
    profile,
    seed,
    seeds,
    ...(maxSteps === undefined ? {} : { maxSteps }),
    backend,
    resultsDir: notebookResultsDir(name),
    startedAt,
    useData(used, split) {
      data = dataFields(used, split);
    },
    async writeMetrics(summary, figures) {
      const { path } = await writeMetrics(name, {
        backend: backend.name,
        summary,
        startedAt,
      }, {
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...data,
        ...figures,
        trainings: trainingRecords(trainingsBefore),
        ...(run.trainingEstimate ? { trainingEstimate: estimateRecord(run.trainingEstimate) } : {}),
      });
      return path;
    },
  };
  return run;
}

/** The estimate as metrics.json records it: seconds in all and per training. */
function estimateRecord(e: TrainingEstimate) {
  return {
    profile: e.profile,
    backend: e.backend,
    seconds: e.seconds,
    works: e.works.map((w) => ({
      label: w.label,
      steps: w.steps,
      batchSize: w.batchSize,
      secondsPerStep: w.secondsPerStep,
    })),
  };
}

/**
 * TF.js's cpu backend prints "looks like you are running TensorFlow.js in Node.js … install our
 * node backend" on first use. Under Deno that advice is misleading (the native binding needs the
 * set-up in lib/backend/README.md), and the banner lands in a notebook cell: mark it as shown.
 */
function quietNodeBanner(): void {
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}
