/**
 * The main job: execute every notebook, export each to HTML, and write an index.
 * @module
 */
import { basename, join } from "node:path";
import { activeMaxSteps, type ProfileName } from "../config/mod.ts";
import { dataDir, PROJECT_ROOT, resultsDir } from "../paths/mod.ts";
import { sweepStaleTemps } from "../results/mod.ts";
import { executeNotebook, type ExecuteResult } from "./execute.ts";
import { type IndexEntry, writeIndex } from "./index_page.ts";
import { writeRunRecord } from "./run_record.ts";
import { notebookTitle, parseNotebook } from "./notebook_file.ts";
import { lockResultsFolder, sweepResultsFolder } from "./results_lock.ts";

/** The folder holding the notebooks. */
export const NOTEBOOKS_DIR: string = join(PROJECT_ROOT, "notebooks");

/**
 * The notebooks in `dir`, sorted by name.
 *
 * @param dir the folder to list
 * @param only when given, keep the notebooks whose name starts with one of these prefixes
 * @returns absolute paths
 * @throws {RangeError} when `only` matches no notebook
 */
export async function listNotebooks(
  dir: string = NOTEBOOKS_DIR,
  only?: string[],
): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name);
  }
  names.sort();
  const kept = only && only.length > 0
    ? names.filter((n) => only.some((p) => n.startsWith(p)))
    : names;
  if (only && only.length > 0 && kept.length === 0) {
    throw new RangeError(
      `Cannot find a notebook starting with ${only.map((p) => `'${p}'`).join(", ")}: found ${
        names.join(", ")
      }`,
    );
  }
  return kept.map((n) => join(dir, n));
}

/** Options of {@linkcode runReport}. */
export interface ReportOptions {
  /** the profile to run the notebooks under */
  profile: ProfileName;
  /** notebook name prefixes to run (all when empty) */
  only?: string[];
  /** seconds a single cell may run (-1: no limit) */
  cellTimeoutSeconds?: number;
  /** how many seeds the notebooks repeat their trainings over (`NOTEBOOK_SEEDS`); default 1 */
  seeds?: number;
  /**
   * the step cap (`NOTEBOOK_MAX_STEPS`) the kernels run under; default: the environment's. A
   * capped run's records say so, and the index marks its rows.
   */
  maxSteps?: number;
  /** called after each notebook */
  onNotebook?: (result: ExecuteResult, entry: IndexEntry) => void;
  /**
   * the folder of the notebooks (the tests run fixtures)
   * @default {@linkcode NOTEBOOKS_DIR}
   */
  notebooksDir?: string;
}

/**
 * Executes the notebooks, writes `results/html/<name>.html` and `results/<name>/run.json` for each,
 * and rebuilds `results/html/index.html` after every notebook from everything in `results/` (so
 * a long run shows its progress, and a partial run keeps the other notebooks' rows).
 *
 * The run holds the results folder's lock throughout (a second run at once is refused), and
 * first removes what killed runs left behind there and in `data/`.
 *
 * @param options profile, selection, timeout
 * @returns the index entries
 * @throws {Deno.errors.Busy} when another run is writing into the results folder
 */
export async function runReport(options: ReportOptions): Promise<IndexEntry[]> {
  const lock = await lockResultsFolder(resultsDir(), `a report, profile ${options.profile}`);
  try {
    for (
      const path of [...await sweepResultsFolder(resultsDir()), ...await sweepStaleTemps(dataDir())]
    ) {
      console.log(`Removed ${path}, left behind by an interrupted run`);
    }
    return await runLocked(options);
  } finally {
    await lock.release();
  }
}

async function runLocked(options: ReportOptions): Promise<IndexEntry[]> {
  const htmlDir = join(resultsDir(), "html");
  const entries: IndexEntry[] = [];
  const maxSteps = options.maxSteps ?? activeMaxSteps();
  const env: Record<string, string> = {
    ...(options.seeds !== undefined ? { NOTEBOOK_SEEDS: String(options.seeds) } : {}),
    ...(maxSteps !== undefined ? { NOTEBOOK_MAX_STEPS: String(maxSteps) } : {}),
  };
  for (const path of await listNotebooks(options.notebooksDir ?? NOTEBOOKS_DIR, options.only)) {
    const name = basename(path, ".ipynb");
    const title = notebookTitle(parseNotebook(await Deno.readTextFile(path), path), name);
    const metricsPath = join(resultsDir(), name, "metrics.json");
    const before = Date.now();
    const startedAt = new Date().toISOString();
    const result = await executeNotebook(path, {
      to: "html",
      outputDir: htmlDir,
      profile: options.profile,
      cellTimeoutSeconds: options.cellTimeoutSeconds,
      env,
    });
    const entry: IndexEntry = {
      name,
      title,
      href: result.outputPath ? `${name}.html` : undefined,
      summary: await freshSummary(metricsPath, before),
      seconds: result.seconds,
      ok: result.ok,
      error: result.errors[0]
        ? `cell ${result.errors[0].cell}: ${result.errors[0].ename}: ${result.errors[0].evalue}`
        : undefined,
    };
    entries.push(entry);
    options.onNotebook?.(result, entry);
    await writeRunRecord({
      notebook: name,
      ok: result.ok,
      profile: options.profile,
      seeds: options.seeds ?? 1,
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      seconds: result.seconds,
      startedAt,
      finishedAt: new Date().toISOString(),
      ...(entry.href ? { page: entry.href } : {}),
      ...(entry.error ? { error: entry.error } : {}),
    });
    await writeIndex({ notebooksDir: NOTEBOOKS_DIR, resultsDir: resultsDir() });
  }
  return entries;
}

/** The `summary` of a metrics.json written after `since` (ms epoch), if any. */
async function freshSummary(path: string, since: number): Promise<string | undefined> {
  try {
    const stat = await Deno.stat(path);
    if ((stat.mtime?.getTime() ?? 0) < since) return undefined;
    const m = JSON.parse(await Deno.readTextFile(path));
    return typeof m.summary === "string" ? m.summary : undefined;
  } catch {
    return undefined;
  }
}
