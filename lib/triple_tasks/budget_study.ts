/**
 * The recorded budget study behind Task 3's and Task 4's `standard` budgets: per recipe, the
 * validation figures after every epoch, as `budget_cli.ts --save` wrote them into
 * `budget_study.json`. Notebooks 06 and 07 show them beside the budget they chose, so the
 * choice can be checked; the study never scored the test split.
 * @module
 */
import { writeJsonAtomic } from "../results/mod.ts";

/** One recipe of the study and what validation said after each of its epochs. */
export interface BudgetStudyRun {
  /** 3 or 4 */
  task: 3 | 4;
  /** training images per class */
  imagesPerClass: number;
  /** images per batch */
  batchImages: number;
  /** the learning-rate factor per epoch (1: constant) */
  learningRateDecay: number;
  /** the seed */
  seed: number;
  /** the digit pool of the data set */
  pool: string;
  /** validation exact match after each epoch */
  valExactMatch: number[];
  /** validation loss after each epoch */
  valLoss: number[];
  /** the backend and when it ran, for the record */
  backend: string;
  /** ISO date */
  ranAt: string;
}

/** The study file, beside this module. */
export const BUDGET_STUDY_FILE = new URL("./budget_study.json", import.meta.url);

/**
 * The recorded study runs of a task.
 *
 * @param task 3 or 4
 * @returns its runs (none when the file is missing)
 * @example
 * ```ts
 * import { readBudgetStudy } from "./budget_study.ts";
 * readBudgetStudy(3).every((r) => r.task === 3); // true
 * ```
 */
export function readBudgetStudy(task: 3 | 4): BudgetStudyRun[] {
  let runs: BudgetStudyRun[];
  try {
    runs = JSON.parse(Deno.readTextFileSync(BUDGET_STUDY_FILE)).runs ?? [];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return runs.filter((r) => r.task === task);
}

/**
 * Records a study run, replacing an earlier run of the same recipe (task, images per class,
 * batch, decay, seed, pool).
 *
 * @param run the run
 * @param file the study file (default {@linkcode BUDGET_STUDY_FILE})
 */
export async function saveBudgetStudyRun(
  run: BudgetStudyRun,
  file: URL | string = BUDGET_STUDY_FILE,
): Promise<void> {
  const path = file instanceof URL ? file.pathname : file;
  let runs: BudgetStudyRun[] = [];
  try {
    runs = JSON.parse(Deno.readTextFileSync(path)).runs ?? [];
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const key = (r: BudgetStudyRun) =>
    [r.task, r.imagesPerClass, r.batchImages, r.learningRateDecay, r.seed, r.pool].join("|");
  runs = [...runs.filter((r) => key(r) !== key(run)), run];
  await writeJsonAtomic(path, { runs });
}

/**
 * A short name of a study run's recipe, for a legend.
 *
 * @param run the run
 * @returns e.g. `"20 per class, learning rate × 0.5 per epoch"`
 * @example
 * ```ts
 * import { budgetStudyName } from "./budget_study.ts";
 * budgetStudyName({ imagesPerClass: 20, learningRateDecay: 1 }); // "20 per class, constant learning rate"
 * ```
 */
export function budgetStudyName(
  run: Pick<BudgetStudyRun, "imagesPerClass" | "learningRateDecay">,
): string {
  const rate = run.learningRateDecay === 1
    ? "constant learning rate"
    : `learning rate × ${run.learningRateDecay} per epoch`;
  return `${run.imagesPerClass} per class, ${rate}`;
}
