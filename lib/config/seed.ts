/**
 * The run seed: every random choice of a run (splits, samples, initial weights) derives from it.
 * @module
 */

/** The seed used when `NOTEBOOK_SEED` is not set. */
export const DEFAULT_SEED = 42;

/**
 * The largest seed: the random generators take 32-bit seeds, so a larger one would silently run
 * as a smaller one (4294967338 as 42) while the results recorded the large number.
 */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Parses a run seed.
 *
 * @param value the text, e.g. the value of `NOTEBOOK_SEED`; empty or undefined means the default
 * @param name what the text is, for the message
 * @returns a whole number from 0 to {@linkcode MAX_SEED}
 * @throws {RangeError} when `value` is not such a number
 * @example
 * ```ts
 * import { parseSeed } from "./seed.ts";
 * parseSeed("7"); // 7
 * parseSeed(undefined); // 42
 * ```
 */
export function parseSeed(value: string | undefined, name = "NOTEBOOK_SEED"): number {
  const v = (value ?? "").trim();
  if (v === "") return DEFAULT_SEED;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n > MAX_SEED) {
    throw new RangeError(
      `Cannot use ${name} '${v}' as it must be a whole number from 0 to ${MAX_SEED} ` +
        `(the generators take 32-bit seeds): set e.g. ${name}=42`,
    );
  }
  return n;
}

/**
 * The run seed, from the environment variable `NOTEBOOK_SEED` (default 42).
 *
 * @returns a whole number from 0 to {@linkcode MAX_SEED}
 * @throws {RangeError} when `NOTEBOOK_SEED` is not such a number
 */
export function activeSeed(): number {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("NOTEBOOK_SEED");
  } catch {
    raw = undefined;
  }
  return parseSeed(raw);
}

/** The most runs `NOTEBOOK_SEEDS` may ask for. */
export const MAX_SEED_RUNS = 20;

/**
 * Parses a number of seeds (runs) to repeat a notebook's trainings over.
 *
 * @param value the text, e.g. the value of `NOTEBOOK_SEEDS`; empty or undefined means 1
 * @param name what the text is (an environment variable or an option), for the message
 * @returns a whole number from 1 to {@linkcode MAX_SEED_RUNS}
 * @throws {RangeError} when `value` is not such a number
 * @example
 * ```ts
 * import { parseSeedCount } from "./seed.ts";
 * parseSeedCount("3"); // 3
 * parseSeedCount(undefined); // 1
 * ```
 */
export function parseSeedCount(value: string | undefined, name = "NOTEBOOK_SEEDS"): number {
  const v = (value ?? "").trim();
  if (v === "") return 1;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > MAX_SEED_RUNS) {
    const todo = name.startsWith("--")
      ? `pass e.g. ${name} 3, or leave it out for one run`
      : `set e.g. ${name}=3, or unset it for one run`;
    throw new RangeError(
      `Cannot use ${name} '${v}' as it must be a whole number from 1 to ${MAX_SEED_RUNS}: ${todo}`,
    );
  }
  return n;
}

/**
 * Checks that the seeds of a run, `first` to `first + count − 1`, all fit the generators.
 *
 * @param first the run seed
 * @param count the number of seeds
 * @throws {RangeError} when the last seed exceeds {@linkcode MAX_SEED}
 */
export function checkSeedRange(first: number, count: number): void {
  if (first + count - 1 > MAX_SEED) {
    throw new RangeError(
      `Cannot repeat the run over ${count} seeds from NOTEBOOK_SEED ${first} as the last, ${
        first + count - 1
      }, must be at most ${MAX_SEED}: set NOTEBOOK_SEED to at most ${MAX_SEED - count + 1}`,
    );
  }
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
  const count = parseSeedCount(raw);
  checkSeedRange(first, count);
  return Array.from({ length: count }, (_, i) => first + i);
}
