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
