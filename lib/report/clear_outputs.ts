/**
 * Clearing notebooks before they are committed: `./lab clear` (or `deno run -A
 * lib/report/clear_outputs.ts [--check] [FILE…]`, default `notebooks/*.ipynb`).
 *
 * A committed notebook carries no outputs, no execution counts, no per-cell run metadata and no
 * front-end state, and every cell has an `id` (nbformat 4.5; without one, Jupyter Notebook 6.4
 * saves notebooks that reopen untrusted — see `lib/notebook/jupyter_config.py`). The file is
 * written the way nbformat writes it (keys sorted, one-space indent, a final newline), so a
 * notebook that is already clean is left byte for byte as it is.
 *
 * @example
 * ```ts
 * import { clearNotebook } from "./clear_outputs.ts";
 * const nb = clearNotebook({
 *   nbformat: 4, nbformat_minor: 5, metadata: {},
 *   cells: [{ cell_type: "code", source: "1 + 1", execution_count: 3, metadata: {},
 *     outputs: [{ output_type: "execute_result" }] }],
 * });
 * nb.cells[0].outputs; // []
 * ```
 * @module
 */
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { writeFileAtomic } from "../results/mod.ts";
import { cellSource, type NotebookJson, parseNotebook } from "./notebook_file.ts";

/** Cell metadata that front ends and executors add while running (not part of the notebook). */
const RUN_METADATA = ["execution", "ExecuteTime", "trusted", "collapsed", "scrolled"];

function cellId(index: number, source: string): string {
  return createHash("sha1").update(`${index}\n${source}`).digest("hex").slice(0, 8);
}

/**
 * A notebook without outputs: code cells' outputs emptied and execution counts cleared, run
 * metadata removed, `language_info` cut back to its name, widget state dropped, and a stable id
 * given to every cell that lacks one (nbformat ≥ 4.5).
 *
 * @param nb a parsed notebook (not modified)
 * @returns the cleared copy
 */
export function clearNotebook(nb: NotebookJson): NotebookJson {
  const out = structuredClone(nb);
  const withIds = out.nbformat > 4 || (out.nbformat === 4 && out.nbformat_minor >= 5);
  const taken = new Set(out.cells.map((c) => c.id).filter(Boolean));
  out.cells.forEach((cell, i) => {
    if (withIds && !cell.id) {
      let id = cellId(i, cellSource(cell));
      while (taken.has(id)) id = cellId(i, id);
      taken.add(id);
      cell.id = id;
    }
    if (cell.metadata) { for (const key of RUN_METADATA) delete cell.metadata[key]; }
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  });
  const info = out.metadata.language_info as { name?: string } | undefined;
  if (info?.name) out.metadata.language_info = { name: info.name };
  delete out.metadata.widgets;
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * A notebook as nbformat writes it: keys sorted, one-space indent, a final newline.
 *
 * @param nb the notebook
 * @returns the file's text
 */
export function notebookText(nb: NotebookJson): string {
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}

/** What {@linkcode clearNotebookFile} did. */
export interface ClearResult {
  /** the file */
  path: string;
  /** whether it had anything to clear (it was rewritten unless `check`) */
  changed: boolean;
}

/**
 * Clears one notebook file in place (atomically), unless it is clean already.
 *
 * @param path the `.ipynb` file
 * @param options `check`: only report whether it would change
 * @returns whether it changed
 * @throws {SyntaxError} when the file is not an nbformat-4 notebook
 */
export async function clearNotebookFile(
  path: string,
  options: { check?: boolean } = {},
): Promise<ClearResult> {
  const text = await Deno.readTextFile(path);
  const cleared = notebookText(clearNotebook(parseNotebook(text, path)));
  const changed = cleared !== text;
  if (changed && !options.check) await writeFileAtomic(path, cleared);
  return { path, changed };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { check: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  let files = positionals;
  if (files.length === 0) {
    const dir = new URL("../../notebooks/", import.meta.url).pathname;
    files = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".ipynb"))
      .map((e) => join(dir, e.name)).sort();
  }
  const changed: string[] = [];
  for (const file of files) {
    const r = await clearNotebookFile(file, { check: values.check });
    if (r.changed) changed.push(basename(file));
  }
  if (values.check) {
    if (changed.length > 0) {
      console.log(`${changed.length} notebook(s) need clearing: ${changed.join(", ")}`);
      console.log("run ./lab clear");
      Deno.exit(1);
    }
    console.log(`${files.length} notebook(s) clean`);
  } else {
    console.log(
      changed.length > 0
        ? `cleared ${changed.join(", ")}`
        : `${files.length} notebook(s) were clean already`,
    );
  }
}
