/**
 * Verdicts that know their noise: is the difference between two models' scores, each measured
 * over one or more seeds, larger than the seed-to-seed spread?
 *
 * The rule (the collection's "rules of honest results"): a difference is a finding only when it
 * beats the noise. With several seeds per model the noise is measured: the difference of the
 * means must exceed both the larger seed-to-seed standard deviation and twice the standard error
 * of the difference. With one seed per model the spread is unknown, so no verdict is a finding;
 * the result still names the smallest difference that the test set alone could resolve (twice
 * the binomial standard error of the difference), a floor, not a threshold.
 *
 * @example
 * ```ts
 * import { compareRuns } from "./verdict.ts";
 * const v = compareRuns([0.90, 0.91, 0.92], [0.86, 0.87, 0.86]);
 * v.resolved; // true: 4.7 points apart, spread about 1 point
 * ```
 * @module
 */
import { meanSd } from "./spread.ts";

/** Options of {@linkcode compareRuns}. */
export interface CompareOptions {
  /**
   * how many test items each score was measured on; with one seed per model it gives the
   * binomial floor below which the test set alone cannot tell the two apart
   */
  testSize?: number;
}

/** What {@linkcode compareRuns} found. */
export interface Comparison {
  /** the mean of `a`'s scores */
  meanA: number;
  /** the mean of `b`'s scores */
  meanB: number;
  /** `meanA − meanB` */
  difference: number;
  /** seeds per model (the smaller of the two counts) */
  runs: number;
  /** the larger sample standard deviation of the two (NaN with one seed) */
  spread: number;
  /**
   * the difference it takes to count: with several seeds, the larger of `spread` and twice the
   * standard error of the difference; with one seed, NaN (unknown)
   */
  threshold: number;
  /** twice the binomial standard error of the difference on `testSize` items (NaN without it) */
  testFloor: number;
  /** true only when several seeds were run and `|difference| > threshold` */
  resolved: boolean;
  /** `"a"` or `"b"` when resolved, else `undefined` */
  better?: "a" | "b";
}

/**
 * Compares two models' scores over seeds.
 *
 * @param a the first model's score per seed (e.g. test accuracies as shares)
 * @param b the second model's score per seed
 * @param options the test-set size, for the one-seed floor
 * @returns means, difference, spread, threshold and whether the difference is resolved
 * @throws {RangeError} when either list is empty
 * @example
 * ```ts
 * import { compareRuns } from "./verdict.ts";
 * const one = compareRuns([0.618], [0.5715], { testSize: 2000 });
 * one.resolved; // false: one run each, the spread is unknown
 * ```
 */
export function compareRuns(
  a: readonly number[],
  b: readonly number[],
  options: CompareOptions = {},
): Comparison {
  if (a.length === 0 || b.length === 0) {
    throw new RangeError(
      `Cannot compare runs as each model needs at least one score: found ${a.length} and ${b.length}`,
    );
  }
  const sa = meanSd(a);
  const sb = meanSd(b);
  const difference = sa.mean - sb.mean;
  const runs = Math.min(sa.n, sb.n);
  let testFloor = NaN;
  if (options.testSize !== undefined && options.testSize > 0) {
    const v = (p: number) => Math.max(p * (1 - p), 0) / options.testSize!;
    testFloor = 2 * Math.sqrt(v(sa.mean) + v(sb.mean));
  }
  if (runs < 2) {
    return {
      meanA: sa.mean,
      meanB: sb.mean,
      difference,
      runs,
      spread: NaN,
      threshold: NaN,
      testFloor,
      resolved: false,
    };
  }
  const spread = Math.max(sa.sd, sb.sd);
  const standardError = Math.sqrt(sa.sd ** 2 / sa.n + sb.sd ** 2 / sb.n);
  const threshold = Math.max(spread, 2 * standardError, Number.isNaN(testFloor) ? 0 : testFloor);
  const resolved = Math.abs(difference) > threshold;
  return {
    meanA: sa.mean,
    meanB: sb.mean,
    difference,
    runs,
    spread,
    threshold,
    testFloor,
    resolved,
    better: resolved ? (difference > 0 ? "a" : "b") : undefined,
  };
}

/** What {@linkcode compareWithChance} found. */
export interface ChanceComparison {
  /** the observed share */
  observed: number;
  /** the share chance would give */
  chance: number;
  /** `observed − chance` */
  difference: number;
  /** twice the binomial standard error of a share at `chance` over `n` items */
  floor: number;
  /** true when the observed share is above chance by more than `floor` */
  above: boolean;
}

/**
 * Whether a share measured on `n` items is above what chance gives, beyond the binomial noise
 * of `n` draws (twice the standard error at the chance rate).
 *
 * @param observed the measured share, e.g. answers with two digits right
 * @param chance the share guessing would give
 * @param n the number of items measured
 * @returns the difference, the floor it must beat, and whether it does
 * @throws {RangeError} when `n` is not a positive integer
 * @example
 * ```ts
 * import { compareWithChance } from "./verdict.ts";
 * compareWithChance(0.08, 0.027, 400).above; // true: the floor is 1.6 points
 * compareWithChance(0.03, 0.027, 400).above; // false
 * ```
 */
export function compareWithChance(observed: number, chance: number, n: number): ChanceComparison {
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(
      `Cannot compare a share with chance over ${n} items as it must be a positive integer`,
    );
  }
  const floor = 2 * Math.sqrt(Math.max(chance * (1 - chance), 0) / n);
  const difference = observed - chance;
  return { observed, chance, difference, floor, above: difference > floor };
}
