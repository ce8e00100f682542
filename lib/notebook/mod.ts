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
import { activeProfile, activeSeed, activeSeeds, type ProfileName } from "../config/mod.ts";
import { type BackendChoice, initBackend } from "../backend/mod.ts";
import { notebookResultsDir } from "../paths/mod.ts";
import { writeMetrics } from "../results/mod.ts";
import { showFigureLibrary } from "../display/show.ts";
import { watchInterrupts } from "../interrupt/mod.ts";
import { type DataFields, dataFields, type UsedDataSet, type UsedSplit } from "./run_data.ts";

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
   * Writes `results/<name>/metrics.json`: the run's own fields (notebook, profile, backend, seed,
   * seeds, run time, finish time), `summary`, the data fields of `useData`, then `figures`, the
   * notebook's own key figures.
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
 * @param name the notebook's file name without `.ipynb`
 * @returns the run context
 */
export async function setupNotebook(name: string): Promise<NotebookRun> {
  const startedAt = performance.now();
  watchInterrupts();
  await showFigureLibrary();
  const profile = activeProfile();
  const seed = activeSeed();
  const seeds = activeSeeds();
  quietNodeBanner();
  const backend = await initBackend();
  const skipped = backend.skipped.map((s) => `${s.name}: ${s.why}`).join("; ");
  console.log(
    `${name} · profile ${profile} · seed ${seed}${
      seeds.length > 1 ? ` (trainings repeated over ${seeds.length} seeds)` : ""
    } · backend ${backend.name} (${backend.reason})` +
      (skipped ? ` · skipped ${skipped}` : "") + ` · TF.js ${tf.version.tfjs}`,
  );
  let data: DataFields | undefined;
  return {
    name,
    profile,
    seed,
    seeds,
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
      }, { ...data, ...figures });
      return path;
    },
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
