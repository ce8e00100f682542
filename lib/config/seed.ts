/**
 * The run seed: every random choice of a run (splits, samples, initial weights) derives from it.
 * @module
 */

/** The seed used when `NOTEBOOK_SEED` is not set. */
export const DEFAULT_SEED = 42;

/**
 * The run seed, from the environment variable `NOTEBOOK_SEED` (default 42).
 *
 * @returns a non-negative integer seed
 * @throws {RangeError} when `NOTEBOOK_SEED` is not a non-negative integer
 */
export function activeSeed(): number {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("NOTEBOOK_SEED");
  } catch {
    raw = undefined;
  }
  if (raw === undefined || raw.trim() === "") return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(
      `Cannot use NOTEBOOK_SEED '${raw}' as it must be a non-negative integer: set e.g. NOTEBOOK_SEED=42`,
    );
  }
  return n;
}

/** The most runs `NOTEBOOK_SEEDS` may ask for. */
export const MAX_SEED_RUNS = 20;

/**
 * Parses a number of seeds (runs) to repeat a notebook's trainings over.
 *
 * @param value the text, e.g. the value of `NOTEBOOK_SEEDS`; empty or undefined means 1
 * @returns a whole number from 1 to {@linkcode MAX_SEED_RUNS}
 * @throws {RangeError} when `value` is not such a number
 * @example
 * ```ts
 * import { parseSeedCount } from "./seed.ts";
 * parseSeedCount("3"); // 3
 * parseSeedCount(undefined); // 1
 * ```
 */
export function parseSeedCount(value: string | undefined): number {
  const v = (value ?? "").trim();
  if (v === "") return 1;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > MAX_SEED_RUNS) {
    throw new RangeError(
      `Cannot use NOTEBOOK_SEEDS '${v}' as it must be a whole number from 1 to ${MAX_SEED_RUNS}: set e.g. NOTEBOOK_SEEDS=3, or unset it for one run`,
    );
  }
  return n;
}

/**
 * The seeds of this run's repeated trainings: `NOTEBOOK_SEEDS` (default 1) consecutive seeds
 * starting at the run seed. The first is always the run seed, so one seed gives exactly the
 * single-seed run.
 *
 * @returns e.g. `[42]`, or `[42, 43, 44]` with `NOTEBOOK_SEEDS=3`
 * @throws {RangeError} when `NOTEBOOK_SEED` or `NOTEBOOK_SEEDS` is invalid
 * @example
 * ```ts
 * import { activeSeeds } from "./seed.ts";
 * activeSeeds().length >= 1; // true
 * ```
 */
export function activeSeeds(): number[] {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("NOTEBOOK_SEEDS");
  } catch {
    raw = undefined;
  }
  const first = activeSeed();
  return Array.from({ length: parseSeedCount(raw) }, (_, i) => first + i);
}
