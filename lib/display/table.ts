/**
 * Tables in notebooks: nodejs-polars DataFrames or arrays of row objects as an HTML table (with
 * a plain-text twin).
 * @module
 */
import { displayBundle, isKernel, type MimeBundle } from "./kernel.ts";

/** What {@linkcode showTable} accepts from nodejs-polars without loading it: a DataFrame's shape. */
export interface DataFrameLike {
  /** column names */
  readonly columns: string[];
  /** number of rows */
  readonly height: number;
  /** the first `n` rows */
  head(n: number): DataFrameLike;
  /** the rows as objects */
  toRecords(): Record<string, unknown>[];
}

/** A table: a DataFrame or rows as objects (columns are the union of their keys, in order). */
export type TableData = DataFrameLike | readonly Record<string, unknown>[];

/** Options of {@linkcode tableBundle} and {@linkcode showTable}. */
export interface TableOptions {
  /** show at most this many rows (default 50); the rest are counted below the table */
  maxRows?: number;
  /** a caption above the table */
  caption?: string;
}

function isDataFrame(data: TableData): data is DataFrameLike {
  return !Array.isArray(data) && typeof (data as DataFrameLike).toRecords === "function";
}

/**
 * Formats one cell: integers as they are, other numbers to at most 4 decimals (exponent form
 * when tiny or huge), arrays and objects as JSON-like text, null as empty.
 *
 * @param value the cell's value
 * @returns the text
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    const a = Math.abs(value);
    if (a !== 0 && (a < 1e-4 || a >= 1e6)) return value.toExponential(3);
    return String(Number(value.toFixed(4)));
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatCell).join(", ")}]`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Rows, columns and the total row count of a table, limited to `maxRows` rows. */
function tableParts(data: TableData, maxRows: number) {
  if (isDataFrame(data)) {
    return {
      columns: [...data.columns],
      rows: data.head(maxRows).toRecords(),
      total: data.height,
    };
  }
  const columns: string[] = [];
  const known = new Set<string>();
  for (const row of data) {
    for (const k of Object.keys(row)) {
      if (!known.has(k)) {
        known.add(k);
        columns.push(k);
      }
    }
  }
  return { columns, rows: data.slice(0, maxRows), total: data.length };
}

/**
 * The MIME bundle of a table: `text/html` (a styled table, numbers right-aligned) and
 * `text/plain` (aligned columns).
 *
 * @param data a nodejs-polars DataFrame or rows as objects
 * @param options row limit and caption
 * @returns the bundle
 * @example
 * ```ts
 * import { tableBundle } from "./table.ts";
 * const b = tableBundle([{ model: "CNN", accuracy: 0.9912 }]);
 * b["text/plain"]; // "model  accuracy\nCNN      0.9912"
 * ```
 */
export function tableBundle(data: TableData, options: TableOptions = {}): MimeBundle {
  const maxRows = options.maxRows ?? 50;
  const { columns, rows, total } = tableParts(data, maxRows);
  const cells = rows.map((r) => columns.map((c) => formatCell(r[c])));
  const numeric = columns.map((c) =>
    rows.length > 0 && rows.every((r) => typeof r[c] === "number" || r[c] == null)
  );
  const more = total > rows.length ? `… ${total - rows.length} more rows (${total} in all)` : "";
  const th = columns.map((c, j) =>
    `<th style="text-align:${numeric[j] ? "right" : "left"};padding:2px 10px">${escapeHtml(c)}</th>`
  ).join("");
  const body = cells.map((r) =>
    `<tr>${
      r.map((v, j) =>
        `<td style="text-align:${numeric[j] ? "right" : "left"};padding:2px 10px">${
          escapeHtml(v)
        }</td>`
      ).join("")
    }</tr>`
  ).join("");
  const html = `<table class="digits-table" style="border-collapse:collapse;font-size:13px">` +
    (options.caption
      ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>`
      : "") +
    `<thead><tr style="border-bottom:1px solid #999">${th}</tr></thead><tbody>${body}</tbody></table>` +
    (more ? `<p style="font-size:12px;color:#666">${escapeHtml(more)}</p>` : "");
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (vals: string[]) =>
    vals.map((v, j) => numeric[j] ? v.padStart(widths[j]) : v.padEnd(widths[j])).join("  ")
      .trimEnd();
  const text = [
    ...(options.caption ? [options.caption] : []),
    line(columns),
    ...cells.map(line),
    ...(more ? [more] : []),
  ].join("\n");
  return { "text/html": html, "text/plain": text };
}

/**
 * Shows a table: in the kernel as HTML (with a text twin); outside it, returns the text.
 *
 * @param data a nodejs-polars DataFrame or rows as objects
 * @param options row limit and caption
 * @returns `undefined` in the kernel, else the table as text
 * @example
 * ```ts
 * import { showTable } from "./table.ts";
 * const text = await showTable([{ layer: "dense", params: 8 }]);
 * ```
 */
export async function showTable(
  data: TableData,
  options: TableOptions = {},
): Promise<string | undefined> {
  const bundle = tableBundle(data, options);
  if (!isKernel()) return bundle["text/plain"] as string;
  await displayBundle(bundle);
  return undefined;
}
