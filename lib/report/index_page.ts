/**
 * `results/html/index.html`: the report's front page, rebuilt from what is on disk — every
 * notebook of `notebooks/` with its exported page, its `metrics.json` (key figure, backend,
 * profile, seed, run time) and its run record (`run.json`: ok or failed) — so that a partial run
 * (`./lab report --only 02`) updates its rows and keeps the others. Rows from another profile
 * than the report's, from failed runs, and from `quick` runs (whose figures are not results)
 * are marked. Below the table, the reproduction scoreboard (`scoreboard.ts`).
 *
 * Each notebook's metrics.json is copied beside the index (`metrics/<name>.json`) and linked, so
 * `results/html/` is complete on its own: copy it anywhere or serve it over http.
 * @module
 */
import { basename, join } from "node:path";
import { formatDuration } from "../display/format.ts";
import { writeFileAtomic } from "../results/mod.ts";
import { notebookTitle, parseNotebook } from "./notebook_file.ts";
import type { MetricsJson } from "./published.ts";
import { readRunRecord, type RunRecord } from "./run_record.ts";
import { scoreboard, type ScoreRow } from "./scoreboard.ts";

/** One notebook's result in a report run (what `runReport` returns and reports per notebook). */
export interface IndexEntry {
  /** the notebook's name without `.ipynb` */
  name: string;
  /** the notebook's title (its first heading) */
  title: string;
  /** the exported HTML file, relative to the index */
  href?: string;
  /** the one-line summary from its metrics.json, e.g. "CNN test accuracy 98.4%" */
  summary?: string;
  /** wall-clock seconds of the execution */
  seconds: number;
  /** whether it ran without errors */
  ok: boolean;
  /** the first error, when it failed */
  error?: string;
}

/** How a row stands. */
export type RowStatus = "ok" | "failed" | "not run";

/** One row of the index: a notebook and what the results folder holds for it. */
export interface IndexRow {
  /** the notebook's name without `.ipynb` */
  name: string;
  /** its title */
  title: string;
  /** ok, failed (its last run), or not run (nothing on disk) */
  status: RowStatus;
  /** the exported page, relative to the index, when present */
  page?: string;
  /** its metrics.json as linked from the index, when present */
  metricsHref?: string;
  /** the summary line of its metrics.json */
  summary?: string;
  /** the backend it trained on */
  backend?: string;
  /** the profile of its results */
  profile?: string;
  /** the step cap its results ran under (`NOTEBOOK_MAX_STEPS`): they are then not results */
  maxSteps?: number;
  /** the run seed */
  seed?: number;
  /** how many seeds the trainings were repeated over */
  seedCount?: number;
  /** run time in seconds (of the last run; else as metrics.json recorded it) */
  seconds?: number;
  /** when its results were written (ISO) */
  finishedAt?: string;
  /** the first error of a failed run */
  error?: string;
  /** warnings: another profile than the report's, quick, metrics from an earlier run */
  notes: string[];
}

/** Everything the index shows. */
export interface IndexData {
  /** one row per notebook, in name order */
  rows: IndexRow[];
  /** the profile most rows have (the report's profile) */
  profile?: string;
  /** the reproduction scoreboard */
  scores: ScoreRow[];
}

function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

async function readJson(path: string): Promise<MetricsJson | undefined> {
  try {
    const v = JSON.parse(await Deno.readTextFile(path));
    return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The step cap of a notebook's results: metrics.json's, else run.json's (a failed run). */
function capOf(metrics: MetricsJson | undefined, run: RunRecord | undefined): number | undefined {
  if (typeof metrics?.maxSteps === "number") return metrics.maxSteps;
  if (metrics === undefined || (run && !run.ok)) return run?.maxSteps;
  return undefined;
}

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

/** Options of {@linkcode collectIndex} and {@linkcode writeIndex}. */
export interface CollectOptions {
  /** the folder of the notebooks */
  notebooksDir: string;
  /** the results folder (`results/`) */
  resultsDir: string;
  /** the report's profile; default: the profile most rows have */
  profile?: string;
}

/**
 * Reads what the results folder holds for every notebook.
 *
 * @param options the notebooks' and results' folders, and the report's profile
 * @returns the rows, the report's profile and the scoreboard
 */
export async function collectIndex(options: CollectOptions): Promise<IndexData> {
  const names: string[] = [];
  for await (const e of Deno.readDir(options.notebooksDir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(basename(e.name, ".ipynb"));
  }
  names.sort();
  const metricsByNotebook: Record<string, MetricsJson | undefined> = {};
  const rows: IndexRow[] = [];
  const runs: (RunRecord | undefined)[] = [];
  for (const name of names) {
    let title = name;
    try {
      const path = join(options.notebooksDir, `${name}.ipynb`);
      title = notebookTitle(parseNotebook(await Deno.readTextFile(path), path), name);
    } catch {
      // an unreadable notebook keeps its file name as title
    }
    const run = await readRunRecord(name, options.resultsDir);
    const metrics = await readJson(join(options.resultsDir, name, "metrics.json"));
    metricsByNotebook[name] = metrics;
    runs.push(run);
    const page = await exists(join(options.resultsDir, "html", `${name}.html`))
      ? `${name}.html`
      : undefined;
    const num = (v: unknown) => typeof v === "number" && Number.isFinite(v) ? v : undefined;
    const str = (v: unknown) => typeof v === "string" ? v : undefined;
    rows.push({
      name,
      title,
      status: run ? (run.ok ? "ok" : "failed") : metrics || page ? "ok" : "not run",
      page,
      metricsHref: metrics ? `metrics/${name}.json` : undefined,
      summary: str(metrics?.summary),
      backend: str(metrics?.backend),
      profile: str(metrics?.profile) ?? run?.profile,
      ...(capOf(metrics, run) !== undefined ? { maxSteps: capOf(metrics, run) } : {}),
      seed: num(metrics?.seed),
      seedCount: Array.isArray(metrics?.seeds) ? (metrics.seeds as unknown[]).length : run?.seeds,
      seconds: run?.seconds ?? num(metrics?.wallSeconds),
      finishedAt: run?.finishedAt ?? str(metrics?.finishedAt),
      error: run?.ok === false ? run.error : undefined,
      notes: [],
    });
  }
  const profile = options.profile ?? mostCommon(rows.map((r) => r.profile));
  rows.forEach((row, i) => {
    const run = runs[i];
    const metricsAt = metricsByNotebook[row.name]?.finishedAt;
    if (run && !run.ok && typeof metricsAt === "string" && metricsAt < run.startedAt) {
      row.notes.push(`its figures are from an earlier run (${metricsAt.slice(0, 10)})`);
    }
    if (row.profile && profile && row.profile !== profile) {
      row.notes.push(`profile ${row.profile}, not ${profile} like the report`);
    }
    if (row.profile === "quick") {
      row.notes.push("quick profile: tiny subsets, its figures are not results");
    }
    if (row.maxSteps !== undefined) {
      row.notes.push(
        `every training capped at ${row.maxSteps} step${row.maxSteps === 1 ? "" : "s"} ` +
          `(NOTEBOOK_MAX_STEPS): a check that it runs, its figures are not results`,
      );
    }
  });
  return { rows, profile, scores: scoreboard(metricsByNotebook) };
}

const VERDICT_CLASS: Record<string, string> = {
  "reproduced": "ok",
  "corrected": "corr",
  "not reproduced": "fail",
  "not run": "none",
};

/**
 * Renders the index page.
 *
 * @param data the rows, profile and scoreboard ({@linkcode collectIndex})
 * @param info when the page was made
 * @returns a standalone HTML document (no scripts, no external loads)
 */
export function renderIndex(data: IndexData, info: { generatedAt: Date }): string {
  const { rows, profile, scores } = data;
  const ran = rows.filter((r) => r.status !== "not run");
  const failed = rows.filter((r) => r.status === "failed").length;
  const notRun = rows.length - ran.length;
  const total = ran.reduce((s, r) => s + (r.seconds ?? 0), 0);
  const backends = [...new Set(ran.map((r) => r.backend).filter(Boolean))];
  const body = rows.map((r) => {
    const title = r.page ? `<a href="${esc(r.page)}">${esc(r.title)}</a>` : esc(r.title);
    const status = r.status === "failed"
      ? `<div class="fail">failed${r.error ? `: ${esc(r.error)}` : ""}</div>`
      : r.status === "not run"
      ? `<div class="none">not run</div>`
      : "";
    const notes = r.notes.map((n) => `<div class="warn">⚠ ${esc(n)}</div>`).join("");
    const seeds = r.seed !== undefined
      ? `${r.seed}${r.seedCount && r.seedCount > 1 ? ` (${r.seedCount} seeds)` : ""}`
      : "";
    const metrics = r.metricsHref ? `<a href="${esc(r.metricsHref)}">metrics.json</a>` : "";
    return `<tr class="${r.status === "ok" ? "" : r.status === "failed" ? "failed" : "notrun"}${
      r.profile === "quick" || r.maxSteps !== undefined ? " quick" : ""
    }"><td>${title}<div class="nb">${esc(r.name)}</div>${status}${notes}</td><td>${
      esc(r.summary ?? "")
    }</td><td>${esc(r.backend ?? "")}</td><td>${esc(r.profile ?? "")}${
      r.maxSteps !== undefined ? `<div class="warn">capped: ${r.maxSteps} steps</div>` : ""
    }</td><td class="num">${esc(seeds)}</td><td class="num">${
      r.seconds !== undefined ? formatDuration(r.seconds) : ""
    }</td><td>${metrics}</td></tr>`;
  }).join("\n");
  const board = scores.map((s) =>
    `<tr class="${s.quick ? "quick" : ""}"><td class="src">${s.figure.source}</td><td>${
      esc(s.figure.what)
    }<div class="meta">${esc(s.figure.sourceName)} · ${
      esc(s.figure.provenance)
    }</div></td><td class="num">${esc(s.figure.publishedText)}</td><td class="num">${
      s.ours !== undefined
        ? `${esc((100 * s.ours).toFixed(s.ours > 0.99 || s.ours < 0.01 ? 2 : 1))}%`
        : "–"
    }<div class="meta">${esc(s.figure.oursWhat)}</div></td><td><b class="${
      VERDICT_CLASS[s.verdict]
    }">${esc(s.verdict)}</b>${
      s.maxSteps !== undefined
        ? ` <span class="warn">(capped run: not a result)</span>`
        : s.quick
        ? ` <span class="warn">(quick: not a result)</span>`
        : ""
    }<div>${esc(s.line)}</div></td></tr>`
  ).join("\n");
  const quickWarning = rows.some((r) => r.profile === "quick")
    ? `<p class="warnbox">⚠ Some results come from the <b>quick</b> profile: tiny subsets and one ` +
      `epoch, to check that the notebooks run. Their figures are not results; run ` +
      `<code>./lab report</code> (the standard profile) for those.</p>`
    : "";
  const capWarning = rows.some((r) => r.maxSteps !== undefined)
    ? `<p class="warnbox">⚠ Some results come from runs with every training capped at a few ` +
      `steps (<code>NOTEBOOK_MAX_STEPS</code>, <code>./lab report --max-steps</code>), which only ` +
      `check that the code runs. Their figures are not results and the scoreboard leaves them ` +
      `out; run <code>./lab report</code> without the cap for those.</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Digit and clothing recognition notebooks</title>
<style>
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right}.nb{font-family:monospace;font-size:.8em;color:#666}td.src{font-weight:bold}
table.board{table-layout:fixed}
.fail{color:#b00;font-weight:bold}.none{color:#888}.ok{color:#2a7d2a}.corr{color:#1f5fa8}.warn{color:#a65e00}
.meta{color:#666;font-size:.85em}tr.quick td{background:#fff8ec}tr.notrun td{color:#888}
.warnbox{background:#fff3e0;border-left:4px solid #e08a00;padding:.6rem .9rem}
</style></head><body>
<h1>Digit and clothing recognition notebooks</h1>
<p class="meta">Profile <b>${esc(profile ?? "–")}</b> · ${rows.length} notebooks${
    failed ? `, <span class="fail">${failed} failed</span>` : ""
  }${notRun ? `, ${notRun} not run` : ""} · backend ${esc(backends.join(", ") || "–")} · ${
    formatDuration(total)
  } in all · generated ${esc(info.generatedAt.toISOString())}</p>
${quickWarning}
${capWarning}
<table><colgroup><col style="width:30%"><col style="width:34%"><col><col><col><col><col></colgroup>
<thead><tr><th>Notebook</th><th>Key figure</th><th>Backend</th><th>Profile</th><th>Seed</th><th>Run time</th><th>Figures</th></tr></thead>
<tbody>
${body}
</tbody></table>
<h2>Reproduction scoreboard</h2>
<p class="meta">Each figure a source project published, beside ours on the real test set.
<b class="ok">reproduced</b>: ours is within the figure's tolerance, or better;
<b class="corr">corrected</b>: the published figure was wrong and ours is measured properly;
<b class="fail">not reproduced</b>: ours falls short; <b class="none">not run</b>: no figure of ours yet.</p>
<table class="board"><colgroup><col style="width:6%"><col style="width:29%"><col style="width:13%"><col style="width:13%"><col style="width:39%"></colgroup>
<thead><tr><th>Source</th><th>Published figure</th><th>Theirs</th><th>Ours</th><th>Verdict</th></tr></thead>
<tbody>
${board}
</tbody></table>
</body></html>
`;
}

/**
 * Rebuilds `results/html/index.html` from the results folder, copying each notebook's
 * metrics.json to `results/html/metrics/<name>.json` beside it. Every write is atomic.
 *
 * @param options the notebooks' and results' folders, and the report's profile
 * @param generatedAt the time to print (default now)
 * @returns the index's path and what it shows
 */
export async function writeIndex(
  options: CollectOptions,
  generatedAt: Date = new Date(),
): Promise<{ path: string; data: IndexData }> {
  const data = await collectIndex(options);
  const htmlDir = join(options.resultsDir, "html");
  for (const row of data.rows) {
    if (!row.metricsHref) continue;
    const text = await Deno.readTextFile(join(options.resultsDir, row.name, "metrics.json"));
    await writeFileAtomic(join(htmlDir, "metrics", `${row.name}.json`), text);
  }
  const path = join(htmlDir, "index.html");
  await writeFileAtomic(path, renderIndex(data, { generatedAt }));
  return { path, data };
}
