/**
 * Reading `.ipynb` files: titles, outputs, and the errors an executed notebook holds.
 * @module
 */

/** The parts of an nbformat-4 notebook this project reads. */
export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One cell of a notebook. */
export interface NotebookCell {
  /** the cell's id (nbformat 4.5 and later) */
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  outputs?: CellOutput[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

/** One output of a code cell. */
export interface CellOutput {
  output_type: string;
  ename?: string;
  evalue?: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

/** An error output found in an executed notebook. */
export interface CellError {
  /** 1-based index among all cells */
  cell: number;
  /** the error's class, e.g. `TypeError` */
  ename: string;
  /** the error's message */
  evalue: string;
  /** the first line of the cell's source */
  firstLine: string;
}

/** Joins a cell's source, which nbformat stores as a string or a list of lines. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Parses notebook JSON.
 *
 * @param text the file's text
 * @param name the file name, for error messages
 * @returns the notebook
 * @throws {SyntaxError} when the text is not an nbformat-4 notebook
 */
export function parseNotebook(text: string, name: string): NotebookJson {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(
      `Cannot read notebook '${name}' as it must be JSON: ${(e as Error).message}`,
    );
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new SyntaxError(
      `Cannot read notebook '${name}' as it must be nbformat 4 with a cells array: found nbformat ${nb?.nbformat}`,
    );
  }
  return nb;
}

/**
 * The error outputs of an executed notebook, with the cell each came from.
 *
 * @param nb an executed notebook
 * @returns one entry per error output, in cell order
 *
 * @example
 * ```ts
 * import { findCellErrors } from "./notebook_file.ts";
 * const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code" as const,
 *   source: "boom()", outputs: [{ output_type: "error", ename: "ReferenceError", evalue: "boom is not defined" }] }] };
 * findCellErrors(nb)[0].cell; // 1
 * ```
 */
export function findCellErrors(nb: NotebookJson): CellError[] {
  const errors: CellError[] = [];
  nb.cells.forEach((cell, i) => {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error") {
        errors.push({
          cell: i + 1,
          ename: out.ename ?? "Error",
          evalue: out.evalue ?? "",
          firstLine: cellSource(cell).split("\n")[0],
        });
      }
    }
  });
  return errors;
}

/** How long one code cell ran, from the timing nbclient records when asked. */
export interface CellTime {
  /** 1-based cell index, as in {@linkcode CellError} */
  cell: number;
  /** the cell's first source line */
  firstLine: string;
  /** seconds from the kernel starting the cell to its reply */
  seconds: number;
}

/**
 * The running time of each code cell that carries nbclient's timing metadata
 * (`metadata.execution`, written when the notebook ran with `record_timing`), slowest first.
 *
 * @param nb an executed notebook
 * @returns one entry per timed code cell, slowest first; empty when none was timed
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { cellTimes } from "./notebook_file.ts";
 * const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code" as const,
 *   source: "await train()", metadata: { execution: {
 *     "iopub.execute_input": "2026-12-06T23:00:00.000Z",
 *     "shell.execute_reply": "2026-12-06T23:00:02.500Z" } } }] };
 * assertEquals(cellTimes(nb), [{ cell: 1, firstLine: "await train()", seconds: 2.5 }]);
 * ```
 */
export function cellTimes(nb: NotebookJson): CellTime[] {
  const times: CellTime[] = [];
  nb.cells.forEach((cell, i) => {
    const execution = cell.metadata?.execution as Record<string, string> | undefined;
    const start = Date.parse(execution?.["iopub.execute_input"] ?? "");
    const end = Date.parse(execution?.["shell.execute_reply"] ?? "");
    if (cell.cell_type !== "code" || !Number.isFinite(start) || !Number.isFinite(end)) return;
    times.push({
      cell: i + 1,
      firstLine: cellSource(cell).split("\n")[0],
      seconds: (end - start) / 1000,
    });
  });
  return times.sort((a, b) => b.seconds - a.seconds);
}

/**
 * The cells that carry outputs or execution counts (a committed notebook should have none).
 *
 * @param nb a notebook
 * @returns 1-based indices of code cells with outputs or an execution count
 */
export function cellsWithOutputs(nb: NotebookJson): number[] {
  const found: number[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    if ((cell.outputs?.length ?? 0) > 0 || (cell.execution_count ?? null) !== null) {
      found.push(i + 1);
    }
  });
  return found;
}

/**
 * The notebook's title: the text of its first Markdown heading, or `fallback`.
 *
 * @param nb a notebook
 * @param fallback what to return when there is no heading
 */
export function notebookTitle(nb: NotebookJson, fallback: string): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = cellSource(cell).match(/^#{1,3}\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return fallback;
}
