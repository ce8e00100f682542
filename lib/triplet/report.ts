/**
 * Tables of one-shot results for the notebook: mean ± spread per method and task.
 * @module
 */
import type { OneShotResult } from "./evaluate.ts";
import type { Spread } from "./distances.ts";

/** The one-shot tasks of a {@linkcode OneShotResult}, with readable names. */
export const ONE_SHOT_TASKS = [
  ["all", "all classes, all queries"],
  ["allSeen", "all classes, seen-class queries"],
  ["allUnseen", "all classes, unseen-class queries"],
  ["withinSeen", "seen classes only"],
  ["withinUnseen", "unseen classes only"],
] as const;

/** A task key of {@linkcode ONE_SHOT_TASKS}. */
export type OneShotTask = typeof ONE_SHOT_TASKS[number][0];

/**
 * Formats a spread of accuracies as `mean ± std %` with one decimal.
 *
 * @param s the spread
 * @returns e.g. `"48.2 ± 1.3 %"`
 *
 * @example
 * ```ts
 * import { percentSpread } from "./report.ts";
 * percentSpread({ mean: 0.482, std: 0.013, min: 0, max: 1, values: [] }); // "48.2 ± 1.3 %"
 * ```
 */
export function percentSpread(s: Spread): string {
  if (Number.isNaN(s.mean)) return "—";
  return `${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)} %`;
}

/**
 * One row per task, one column per method: the one-shot accuracies as `mean ± std %`, with the
 * task's "k-way" size and its chance level.
 *
 * @param results the results of each method (same classes), by method name
 * @returns table rows
 * @throws {RangeError} when `results` is empty
 */
export function oneShotTable(results: Record<string, OneShotResult>): Record<string, string>[] {
  const names = Object.keys(results);
  if (names.length === 0) throw new RangeError("Cannot tabulate no results: give at least one");
  const first = results[names[0]];
  const ways: Record<OneShotTask, number> = {
    all: first.classes.length,
    allSeen: first.classes.length,
    allUnseen: first.classes.length,
    withinSeen: first.seenClasses.length,
    withinUnseen: first.unseenClasses.length,
  };
  return ONE_SHOT_TASKS.map(([key, label]) => ({
    task: `${ways[key]}-way: ${label}`,
    chance: `${(100 / ways[key]).toFixed(1)} %`,
    ...Object.fromEntries(names.map((n) => [n, percentSpread(results[n][key])])),
  }));
}

/** Two methods compared draw by draw (the same references in every draw). */
export interface PairedComparison {
  /** the share of draws where `a` was higher */
  wins: number;
  /** `a − b` averaged over the draws */
  meanDifference: number;
  /** the standard error of that mean, from the spread of the per-draw differences */
  standardError: number;
  /**
   * the difference beats the draw-to-draw noise: `|meanDifference|` exceeds twice its standard
   * error (with one draw, never)
   */
  resolved: boolean;
}

/**
 * How often, over the paired draws (same references), method `a` beat method `b` on a task, the
 * mean difference, and whether it beats the noise of the draws.
 *
 * @param a the first method's result
 * @param b the second method's result, from the same draws
 * @param task which accuracy
 * @returns wins, mean difference, its standard error and whether it is resolved
 * @throws {RangeError} when the two have different numbers of draws
 * @example
 * ```ts
 * import { pairedComparison } from "./report.ts";
 * const r = (v: number[]) => ({ all: { mean: 0, std: 0, min: 0, max: 1, values: v } });
 * pairedComparison(r([0.6, 0.7]) as never, r([0.5, 0.6]) as never, "all").resolved; // true
 * ```
 */
export function pairedComparison(
  a: OneShotResult,
  b: OneShotResult,
  task: OneShotTask,
): PairedComparison {
  const x = a[task].values, y = b[task].values;
  if (x.length !== y.length) {
    throw new RangeError(
      `Cannot pair ${x.length} draws with ${y.length}: run both on the same number of draws`,
    );
  }
  const n = x.length;
  let wins = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] > y[i]) wins++;
    sum += x[i] - y[i];
  }
  const meanDifference = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - y[i] - meanDifference) ** 2;
  const standardError = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN;
  return {
    wins: wins / n,
    meanDifference,
    standardError,
    resolved: n > 1 && Math.abs(meanDifference) > 2 * standardError,
  };
}

/** How a method fares against a baseline on one task, over the same draws. */
export interface BaselineVerdict {
  /** the method's name */
  name: string;
  /** the task compared */
  task: OneShotTask;
  /** the method's mean accuracy on the task */
  mean: number;
  /** the baseline's mean accuracy on the task */
  baselineMean: number;
  /** mean of the per-draw differences (method − baseline) */
  meanDifference: number;
  /** the standard error of that mean over the draws */
  standardError: number;
  /** share of draws where the method was higher */
  wins: number;
  /**
   * higher on average by more than twice the standard error, and in at least half of the draws
   */
  beats: boolean;
}

/**
 * Compares a method with a baseline on one task, draw by draw.
 *
 * @param name the method's name
 * @param method its result
 * @param baseline the baseline's result on the same draws
 * @param task which accuracy @default "allUnseen"
 * @returns the comparison; `beats` needs a positive mean difference beyond twice its standard
 *   error over the draws, and wins in ≥ half the draws
 * @throws {RangeError} when the two have different numbers of draws
 *
 * @example
 * ```ts
 * import { compareWithBaseline } from "./report.ts";
 * const r = (v: number[]) => ({ allUnseen: { mean: v[0], std: 0, min: 0, max: 1, values: v } });
 * compareWithBaseline("net", r([0.5, 0.6]) as never, r([0.4, 0.7]) as never).beats; // false
 * ```
 */
export function compareWithBaseline(
  name: string,
  method: OneShotResult,
  baseline: OneShotResult,
  task: OneShotTask = "allUnseen",
): BaselineVerdict {
  const { wins, meanDifference, standardError, resolved } = pairedComparison(
    method,
    baseline,
    task,
  );
  return {
    name,
    task,
    mean: method[task].mean,
    baselineMean: baseline[task].mean,
    meanDifference,
    standardError,
    wins,
    beats: resolved && meanDifference > 0 && wins >= 0.5,
  };
}

/**
 * The mean, std, min and max of every task, without the per-draw values: for `metrics.json`.
 *
 * @param result a one-shot result
 * @returns `{task: {mean, std, min, max}}` plus the per-class means
 */
export function oneShotSummary(
  result: OneShotResult,
): Record<string, { mean: number; std: number; min: number; max: number } | number[]> {
  const out: Record<string, { mean: number; std: number; min: number; max: number } | number[]> =
    {};
  for (const [key] of ONE_SHOT_TASKS) {
    const s = result[key];
    out[key] = { mean: s.mean, std: s.std, min: s.min, max: s.max };
  }
  out.perClass = result.perClass;
  return out;
}
