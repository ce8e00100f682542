/**
 * `results/<notebook>/metrics.json`: the key figures of one notebook run.
 * @module
 */
import { join } from "node:path";
import { activeProfile, activeSeed, activeSeeds, type ProfileName } from "../config/mod.ts";
import { notebookResultsDir } from "../paths/mod.ts";
import { writeJsonAtomic } from "./atomic.ts";

/** The fields every metrics file has; notebooks add their own (e.g. `models`). */
export interface RunInfo {
  /** the notebook's name without `.ipynb` */
  notebook: string;
  /** the profile the run used */
  profile: ProfileName;
  /** the TF.js backend the run trained on */
  backend: string;
  /** the run seed */
  seed: number;
  /** the seeds the trainings were repeated over (`[seed]` for a single run) */
  seeds: number[];
  /** seconds from the run's start to the write */
  wallSeconds: number;
  /** ISO time of the write */
  finishedAt: string;
  /** one line for the report's index, e.g. "CNN test accuracy 98.4%" */
  summary: string;
}

/**
 * Writes `results/<notebook>/metrics.json` atomically.
 *
 * @param notebook the notebook's name without `.ipynb`
 * @param info backend, summary line and start time of the run
 * @param figures the notebook's own key figures, merged in
 * @returns the path written and the object written
 */
export async function writeMetrics<T extends Record<string, unknown>>(
  notebook: string,
  info: { backend: string; summary: string; startedAt: number },
  figures: T,
): Promise<{ path: string; metrics: RunInfo & T }> {
  const metrics = {
    notebook,
    profile: activeProfile(),
    backend: info.backend,
    seed: activeSeed(),
    seeds: activeSeeds(),
    wallSeconds: Math.round((performance.now() - info.startedAt) / 100) / 10,
    finishedAt: new Date().toISOString(),
    summary: info.summary,
    ...figures,
  } as RunInfo & T;
  const path = join(notebookResultsDir(notebook), "metrics.json");
  await writeJsonAtomic(path, metrics);
  return { path, metrics };
}
