/**
 * `results/html/index.html`: one row per notebook with its key figure and run time.
 * @module
 */
import { formatDuration } from "../display/format.ts";

/** One notebook's row in the index. */
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

function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * Renders the index page.
 *
 * @param entries one per notebook, in order
 * @param info the profile, backend(s) and when the report was made
 * @returns a standalone HTML document
 */
export function renderIndex(
  entries: IndexEntry[],
  info: { profile: string; generatedAt: Date; totalSeconds: number },
): string {
  const rows = entries.map((e) => {
    const title = e.href ? `<a href="${esc(e.href)}">${esc(e.title)}</a>` : esc(e.title);
    const status = e.ok ? "" : `<span class="fail">failed</span> ${esc(e.error ?? "")}`;
    return `<tr><td class="nb">${esc(e.name)}</td><td>${title}</td><td>${
      esc(e.summary ?? "")
    }${status}</td><td class="num">${formatDuration(e.seconds)}</td></tr>`;
  }).join("\n");
  const failed = entries.filter((e) => !e.ok).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Digit and clothing recognition notebooks</title>
<style>
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;white-space:nowrap}td.nb{font-family:monospace;white-space:nowrap}
.fail{color:#b00;font-weight:bold}.meta{color:#666}
</style></head><body>
<h1>Digit and clothing recognition notebooks</h1>
<p class="meta">Profile <b>${esc(info.profile)}</b> · ${entries.length} notebooks${
    failed ? `, <span class="fail">${failed} failed</span>` : ""
  } · ${formatDuration(info.totalSeconds)} in all · generated ${
    esc(info.generatedAt.toISOString())
  }</p>
<table><thead><tr><th>Notebook</th><th>Title</th><th>Key figure</th><th>Run time</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
