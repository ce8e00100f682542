/**
 * `results/<notebook>/run.json`: how a notebook's last execution by `./lab report` went — ok or
 * failed, its profile, seeds, run time and first error — written atomically after each notebook,
 * so that the index can be rebuilt from what is on disk, whichever notebooks a run executed.
 * @module
 */
import { join } from "node:path";
import { notebookResultsDir } from "../paths/mod.ts";
import { writeJsonAtomic } from "../results/mod.ts";

/** The record of one notebook's execution. */
export interface RunRecord {
  /** the notebook's name without `.ipynb` */
  notebook: string;
  /** whether it ran without an error output and was exported */
  ok: boolean;
  /** the profile it ran under */
  profile: string;
  /** how many seeds its trainings were repeated over */
  seeds: number;
  /**
   * the step cap it ran under (`NOTEBOOK_MAX_STEPS`), when there was one: its figures are then
   * not results
   */
  maxSteps?: number;
  /** wall-clock seconds of execution and export */
  seconds: number;
  /** ISO time the execution started */
  startedAt: string;
  /** ISO time it ended */
  finishedAt: string;
  /** the exported page, relative to `results/html/`, when there is one */
  page?: string;
  /** the first error, when it failed */
  error?: string;
}

/**
 * Where a notebook's run record lives.
 *
 * @param notebook the notebook's name
 * @param resultsDir the results folder (default: `results/`, or `DIGITS_RESULTS_DIR`)
 * @returns the path of `run.json`
 */
export function runRecordPath(notebook: string, resultsDir?: string): string {
  return join(resultsDir ? join(resultsDir, notebook) : notebookResultsDir(notebook), "run.json");
}

/**
 * Writes a run record atomically.
 *
 * @param record the record
 * @param resultsDir the results folder (default: `results/`)
 * @returns the path written
 */
export async function writeRunRecord(record: RunRecord, resultsDir?: string): Promise<string> {
  const path = runRecordPath(record.notebook, resultsDir);
  await writeJsonAtomic(path, record);
  return path;
}

/**
 * Reads a run record.
 *
 * @param notebook the notebook's name
 * @param resultsDir the results folder (default: `results/`)
 * @returns the record, or undefined when there is none or it cannot be read
 */
export async function readRunRecord(
  notebook: string,
  resultsDir?: string,
): Promise<RunRecord | undefined> {
  try {
    const r = JSON.parse(await Deno.readTextFile(runRecordPath(notebook, resultsDir)));
    return r && typeof r.ok === "boolean" && typeof r.notebook === "string" ? r : undefined;
  } catch {
    return undefined;
  }
}
