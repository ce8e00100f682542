/**
 * Numbers for people: percentages, rates, counts, durations and mean ± spread, formatted one way
 * across the collection (tables, prose, the report index, progress).
 *
 * Every formatter keeps a number and its unit together with no-break spaces, so a line never
 * wraps between "39.3 ± 4.7" and "%".
 *
 * @example
 * ```ts
 * import { formatCount, formatPercent, formatRate } from "./format.ts";
 * formatPercent(0.98234); // "98.2%"
 * formatRate(574.7474); // "575 images/s"
 * formatCount(25600); // "25,600"
 * ```
 * @module
 */
import { meanSd } from "../metrics/spread.ts";

/** A no-break space: keeps a number and its unit (or "±") on one line. */
export const NBSP = "\u00a0";

/** Options of {@linkcode formatPercent}. */
export interface PercentOptions {
  /** decimals after the point
   * @default 1 */
  digits?: number;
  /** write a "+" before positive values (for differences)
   * @default false */
  sign?: boolean;
}

function signed(text: string, value: number, sign: boolean | undefined): string {
  return sign && value > 0 ? `+${text}` : text;
}

/**
 * A share in [0, 1] as a percentage.
 *
 * @param share the share, e.g. 0.9823
 * @param options decimals and sign
 * @returns e.g. `"98.2%"`; `"n/a"` for NaN or undefined
 * @example
 * ```ts
 * import { formatPercent } from "./format.ts";
 * formatPercent(0.9823, { digits: 2 }); // "98.23%"
 * formatPercent(0.5); // "50.0%"
 * ```
 */
export function formatPercent(share: number | undefined, options: PercentOptions = {}): string {
  if (share === undefined || !Number.isFinite(share)) return "n/a";
  const v = 100 * share;
  return signed(`${v.toFixed(options.digits ?? 1)}%`, v, options.sign);
}

/**
 * A difference of two shares in percentage points.
 *
 * @param difference the difference of two shares, e.g. 0.021
 * @param options decimals (default 1)
 * @returns e.g. `"+2.1 points"`
 * @example
 * ```ts
 * import { formatPoints } from "./format.ts";
 * formatPoints(0.021); // "+2.1 points"
 * formatPoints(-0.0465, { digits: 2 }); // "−4.65 points"
 * ```
 */
export function formatPoints(
  difference: number | undefined,
  options: { digits?: number } = {},
): string {
  if (difference === undefined || !Number.isFinite(difference)) return "n/a";
  const v = 100 * difference;
  const text = Math.abs(v).toFixed(options.digits ?? 1);
  const sign = Number(text) === 0 ? "±" : v > 0 ? "+" : "−";
  return `${sign}${text}${NBSP}point${text === "1.0" || text === "1" ? "" : "s"}`;
}

/**
 * A whole number with thousands separators.
 *
 * @param n the number (rounded)
 * @returns e.g. `"1,199,882"`
 * @example
 * ```ts
 * import { formatCount } from "./format.ts";
 * formatCount(1199882); // "1,199,882"
 * ```
 */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "n/a";
  return Math.round(n).toLocaleString("en-US");
}

/**
 * A number with a sensible number of significant digits: three for small values, whole with
 * separators from 100 up.
 *
 * @param x the number
 * @returns e.g. `"0.0594"`, `"2.14"`, `"575"`, `"2,141"`
 * @example
 * ```ts
 * import { formatNumber } from "./format.ts";
 * formatNumber(574.7474); // "575"
 * formatNumber(0.05943); // "0.0594"
 * ```
 */
export function formatNumber(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return "n/a";
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return formatCount(x);
  if (a === 0) return "0";
  return String(Number(x.toPrecision(3)));
}

/**
 * A rate with its unit.
 *
 * @param perSecond how many per second
 * @param unit what is counted
 * @returns e.g. `"2,141 images/s"`
 * @example
 * ```ts
 * import { formatRate } from "./format.ts";
 * formatRate(2141.4); // "2,141 images/s"
 * formatRate(21.37, "steps"); // "21.4 steps/s"
 * ```
 */
export function formatRate(perSecond: number | undefined, unit = "images"): string {
  return `${formatNumber(perSecond)}${NBSP}${unit}/s`;
}

/**
 * A duration for people.
 *
 * @param seconds the duration
 * @returns e.g. `"4.4 s"`, `"42 s"`, `"12 min 5 s"`, `"1 h 2 min"`; `"–"` when not finite
 * @example
 * ```ts
 * import { formatDuration } from "./format.ts";
 * formatDuration(42.4); // "42 s"
 * formatDuration(725); // "12 min 5 s"
 * formatDuration(3725); // "1 h 2 min"
 * ```
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 10) return `${seconds.toFixed(1)}${NBSP}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}${NBSP}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return s % 60 === 0 ? `${m}${NBSP}min` : `${m}${NBSP}min ${s % 60}${NBSP}s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${h}${NBSP}h` : `${h}${NBSP}h ${m}${NBSP}min`;
}

/**
 * Shares over several runs as "mean ± sd" in percent, or a single run's share marked as such.
 *
 * @param shares one share per run
 * @param options decimals (default 1, or 2 when the spread would round to 0.0)
 * @returns e.g. `"39.3 ± 4.7%"` (with no-break spaces), or `"98.2% (1 run)"`
 * @example
 * ```ts
 * import { formatPercentSpread } from "./format.ts";
 * formatPercentSpread([0.9, 0.92, 0.94]); // "92.0 ± 2.0%" (no-break spaces around ±)
 * formatPercentSpread([0.9136, 0.9132, 0.9133]); // "91.34 ± 0.02%": a tiny spread is not 0.0
 * formatPercentSpread([0.9823]); // "98.2% (1 run)"
 * ```
 */
export function formatPercentSpread(
  shares: readonly number[],
  options: { digits?: number } = {},
): string {
  const { mean, sd, n } = meanSd(shares);
  const d = options.digits ?? (n > 1 && sd > 0 && 100 * sd < 0.05 ? 2 : 1);
  if (n === 1) return `${formatPercent(mean, { digits: d })} (1${NBSP}run)`;
  return `${(100 * mean).toFixed(d)}${NBSP}±${NBSP}${(100 * sd).toFixed(d)}%`;
}
