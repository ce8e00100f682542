/**
 * Tables in notebooks: nodejs-polars DataFrames or arrays of row objects as an HTML table (with
 * a plain-text twin), numbers formatted for people.
 *
 * Each column gets a format: the one given in `TableOptions.formats`, else one recognised from
 * its name and values (see {@linkcode guessColumnFormat}): shares such as accuracies, precision
 * or "share of …" as percentages, throughputs as rates, seconds as durations, large counts with
 * thousands separators, other decimals to three significant digits. Numbers stay on one line
 * with their unit.
 *
 * @example
 * ```ts
 * import { tableBundle } from "./table.ts";
 * const b = tableBundle([{ model: "CNN", "test accuracy": 0.9912, "images/s": 574.7474 }]);
 * b["text/plain"]; // "model  test accuracy  images/s\nCNN            99.1%       575"
 * ```
 * @module
 */
import { displayBundle, isKernel, type MimeBundle } from "./kernel.ts";
import { escapeHtml } from "./_html.ts";
import {
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
  formatPercentSpread,
  formatPoints,
  formatRate,
} from "./format.ts";

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

/**
 * How a column's numbers are written:
 *
 * - `percent`, `percent0`, `percent2`: a share in [0, 1] as a percentage ("98.2%"; 0 or 2 decimals)
 * - `points`: a difference of shares in percentage points ("+2.1 points")
 * - `spread`: an array of shares over seeds as "mean ± sd%"
 * - `rate`: per second with its unit ("2,141 images/s"); `number` when the header holds the unit
 * - `duration`: seconds for people ("12 min 5 s")
 * - `count`: a whole number with thousands separators
 * - `number`: three significant digits, separators from 100 up
 * - `plain`: as the value is (integers as they are, decimals to 4 places)
 * - a function of the value
 */
export type ColumnFormat =
  | "percent"
  | "percent0"
  | "percent2"
  | "points"
  | "spread"
  | "rate"
  | "duration"
  | "count"
  | "number"
  | "plain"
  | ((value: unknown) => string);

/** Options of {@linkcode tableBundle} and {@linkcode showTable}. */
export interface TableOptions {
  /** show at most this many rows (default 50); the rest are counted below the table */
  maxRows?: number;
  /** a caption above the table */
  caption?: string;
  /** formats by column name; other columns get {@linkcode guessColumnFormat}'s */
  formats?: Record<string, ColumnFormat>;
  /** recognise formats from column names and values (default true); false: `plain` */
  autoFormat?: boolean;
}

function isDataFrame(data: TableData): data is DataFrameLike {
  return !Array.isArray(data) && typeof (data as DataFrameLike).toRecords === "function";
}

/**
 * Formats one cell plainly: integers as they are, other numbers to at most 4 decimals (exponent
 * form when tiny or huge), arrays and objects as JSON-like text, null as empty.
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

/** Names of columns that hold shares in [0, 1]. */
const SHARE_NAME =
  /accura|precision|recall|\bf1\b|share|exact[- ]?match|error rate|fraction|proportion|percent|%|agreement|coverage|\btop-?\d/i;
/** Names of columns that hold a per-second rate. */
const RATE_NAME = /\/s\b|per sec|throughput|speed/i;
/** Names of columns that hold seconds. */
const SECONDS_NAME = /(^|[\s(_])(s|sec|secs|seconds)\)?$|seconds|duration|wall ?time|run ?time/i;
/** Names of integer columns that are labels, not quantities (no thousands separators). */
const LABEL_NAME = /seed|year|\bid\b|index|epoch|step|rank|digit|class|label|\bnumber\b(?! of)/i;

function isShare(v: unknown): boolean {
  return typeof v === "number" && v >= 0 && v <= 1;
}

/**
 * The format a column gets when none is given: from its name, checked against its values.
 *
 * | column                                                                 | format          |
 * | ---------------------------------------------------------------------- | --------------- |
 * | named like a share (accuracy, precision, recall, f1, share, …), values in [0, 1] | `percent` |
 * | the same, each value an array of shares (one per seed)                | `spread`         |
 * | named like a rate (`images/s`, throughput, speed)                     | `number` if the name holds the unit, else `rate` |
 * | named like seconds (`seconds`, `training s`, duration, run time)      | `duration`       |
 * | integers, some of 10,000 or more, not labels (seed, epoch, class, …)  | `count`          |
 * | other numbers with decimals                                            | `number`         |
 * | anything else                                                          | `plain`          |
 *
 * @param name the column's name
 * @param values its values (null and undefined are ignored)
 * @returns the format
 * @example
 * ```ts
 * import { guessColumnFormat } from "./table.ts";
 * guessColumnFormat("share of the true digit", [0.8947, 0.6078]); // "percent"
 * guessColumnFormat("images/s", [574.7474]); // "number"
 * guessColumnFormat("parameters", [1199882, 109386]); // "count"
 * ```
 */
export function guessColumnFormat(name: string, values: readonly unknown[]): ColumnFormat {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "plain";
  const numbers = present.every((v) => typeof v === "number");
  if (SHARE_NAME.test(name)) {
    if (numbers && present.every(isShare) && !present.every((v) => Number.isInteger(v))) {
      return "percent";
    }
    if (present.every((v) => Array.isArray(v) && v.length > 0 && v.every(isShare))) return "spread";
  }
  if (!numbers) return "plain";
  const nums = present as number[];
  if (RATE_NAME.test(name)) return /\/s\b/.test(name) ? "number" : "rate";
  if (SECONDS_NAME.test(name) && nums.every((v) => v >= 0)) return "duration";
  if (nums.every((v) => Number.isInteger(v))) {
    return !LABEL_NAME.test(name) && nums.some((v) => Math.abs(v) >= 10_000) ? "count" : "plain";
  }
  return "number";
}

/**
 * Writes one value in a format. Strings, booleans and values the format does not fit (e.g. text
 * in a `percent` column) are written plainly.
 *
 * @param value the cell's value
 * @param format how to write it
 * @returns the text
 * @example
 * ```ts
 * import { formatValue } from "./table.ts";
 * formatValue(0.8947, "percent"); // "89.5%"
 * formatValue(1199882, "count"); // "1,199,882"
 * ```
 */
export function formatValue(value: unknown, format: ColumnFormat): string {
  if (typeof format === "function") return format(value);
  if (value === null || value === undefined) return "";
  if (format === "spread" && Array.isArray(value) && value.every((v) => typeof v === "number")) {
    return formatPercentSpread(value);
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return formatCell(value);
  switch (format) {
    case "percent":
      return formatPercent(value);
    case "percent0":
      return formatPercent(value, { digits: 0 });
    case "percent2":
      return formatPercent(value, { digits: 2 });
    case "points":
      return formatPoints(value);
    case "rate":
      return formatRate(value);
    case "duration":
      return formatDuration(value);
    case "count":
      return formatCount(value);
    case "number":
      return formatNumber(value);
    default:
      return formatCell(value);
  }
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
 * @param options row limit, caption, column formats
 * @returns the bundle
 * @example
 * ```ts
 * import { tableBundle } from "./table.ts";
 * const b = tableBundle([{ model: "CNN", accuracy: 0.9912, lr: 0.003 }], {
 *   formats: { accuracy: "percent2" },
 * });
 * b["text/plain"]; // "model  accuracy     lr\nCNN      99.12%  0.003"
 * ```
 */
export function tableBundle(data: TableData, options: TableOptions = {}): MimeBundle {
  const maxRows = options.maxRows ?? 50;
  const { columns, rows, total } = tableParts(data, maxRows);
  const formats = columns.map((c) =>
    options.formats?.[c] ??
      (options.autoFormat ?? true ? guessColumnFormat(c, rows.map((r) => r[c])) : "plain")
  );
  const cells = rows.map((r) => columns.map((c, j) => formatValue(r[c], formats[j])));
  const numeric = columns.map((c, j) =>
    rows.length > 0 &&
    rows.every((r) =>
      typeof r[c] === "number" || r[c] == null ||
      (formats[j] === "spread" && Array.isArray(r[c]))
    )
  );
  const more = total > rows.length ? `… ${total - rows.length} more rows (${total} in all)` : "";
  const th = columns.map((c, j) =>
    `<th style="text-align:${numeric[j] ? "right" : "left"};padding:2px 10px">${escapeHtml(c)}</th>`
  ).join("");
  const body = cells.map((r) =>
    `<tr>${
      r.map((v, j) =>
        `<td style="text-align:${numeric[j] ? "right;white-space:nowrap" : "left"};` +
        `padding:2px 10px">${escapeHtml(v)}</td>`
      ).join("")
    }</tr>`
  ).join("");
  // The caption is a paragraph above the table, not a <caption>: that one is as narrow as the
  // table and wraps a long caption over a narrow table into a tall column.
  const html =
    (options.caption
      ? `<p class="digits-table-caption" style="font-weight:bold;font-size:13px;margin:6px 0 2px">${
        escapeHtml(options.caption)
      }</p>`
      : "") +
    `<table class="digits-table" style="border-collapse:collapse;font-size:13px">` +
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
 * @param options row limit, caption, column formats
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
