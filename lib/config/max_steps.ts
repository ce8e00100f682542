/**
 * The step cap: `NOTEBOOK_MAX_STEPS=N` makes every training loop of the library stop after N
 * steps per epoch and N epochs, and every evaluation, prediction and embedding pass cover its
 * first N batches only, so that a notebook runs every code path of any profile (`full`
 * included: its networks, trainers and data shapes) in minutes. Its figures then mean nothing,
 * and the run says so: the banner of `setupNotebook`, `metrics.json` and `run.json` record
 * `maxSteps`, and the report's index marks such rows.
 *
 * @module
 */

/** The largest step cap: a cap meant to shorten a run is small. */
export const MAX_STEP_CAP = 1_000_000;

/**
 * Parses a step cap.
 *
 * @param value the text, e.g. the value of `NOTEBOOK_MAX_STEPS`; empty or undefined means no cap
 * @param name what the text is (an environment variable or an option), for the message
 * @returns a whole number from 1 to {@linkcode MAX_STEP_CAP}, or undefined for no cap
 * @throws {RangeError} when `value` is not such a number
 * @example
 * ```ts
 * import { parseMaxSteps } from "./max_steps.ts";
 * parseMaxSteps("2"); // 2
 * parseMaxSteps(undefined); // undefined
 * ```
 */
export function parseMaxSteps(
  value: string | undefined,
  name = "NOTEBOOK_MAX_STEPS",
): number | undefined {
  const v = (value ?? "").trim();
  if (v === "") return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > MAX_STEP_CAP) {
    const todo = name.startsWith("--")
      ? `pass ${name} 2, or leave it out to train in full`
      : `set ${name}=2, or unset it to train in full`;
    throw new RangeError(
      `Cannot use ${name} '${v}' as it must be a whole number from 1 to ${MAX_STEP_CAP}: ${todo}`,
    );
  }
  return n;
}

/**
 * The active step cap, from the environment variable `NOTEBOOK_MAX_STEPS`.
 *
 * @returns the cap, or undefined when training runs in full (the variable is unset or empty)
 * @throws {RangeError} when `NOTEBOOK_MAX_STEPS` is not a whole number from 1 to
 *   {@linkcode MAX_STEP_CAP}
 */
export function activeMaxSteps(): number | undefined {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("NOTEBOOK_MAX_STEPS");
  } catch {
    raw = undefined; // no --allow-env: no cap
  }
  return parseMaxSteps(raw);
}

/**
 * Caps a count of steps or epochs by the step cap.
 *
 * @param count the count the run asks for
 * @param maxSteps the cap (left out: the active one, {@linkcode activeMaxSteps}; `null`: none)
 * @returns `min(count, maxSteps)`, or `count` when there is no cap
 * @example
 * ```ts
 * import { capSteps } from "./max_steps.ts";
 * capSteps(200, 2); // 2
 * capSteps(200, null); // 200
 * ```
 */
export function capSteps(count: number, maxSteps?: number | null): number {
  const cap = maxSteps === undefined ? activeMaxSteps() : maxSteps;
  return cap === null || cap === undefined ? count : Math.min(count, cap);
}

/**
 * How many examples an evaluation or prediction pass covers under the step cap: the first
 * `maxSteps` batches (a capped run checks that the code runs, so it scores a prefix of each set;
 * a prefix keeps every row at its index).
 *
 * @param count the examples of the set
 * @param batchSize examples per batch of the pass
 * @param maxSteps the cap (left out: the active one; `null`: none)
 * @returns `min(count, maxSteps × batchSize)`, or `count` when there is no cap
 * @example
 * ```ts
 * import { capExamples } from "./max_steps.ts";
 * capExamples(10_000, 256, 2); // 512
 * capExamples(300, 256, 2); // 300
 * ```
 */
export function capExamples(count: number, batchSize: number, maxSteps?: number | null): number {
  const cap = maxSteps === undefined ? activeMaxSteps() : maxSteps;
  return cap === null || cap === undefined ? count : Math.min(count, cap * batchSize);
}

/**
 * The line a capped run shows and records, e.g. in the notebook's banner.
 *
 * @param maxSteps the cap
 * @returns a warning that the figures of the run are not results
 * @example
 * ```ts
 * import { stepCapWarning } from "./max_steps.ts";
 * stepCapWarning(2).startsWith("⚠ NOTEBOOK_MAX_STEPS=2"); // true
 * ```
 */
export function stepCapWarning(maxSteps: number): string {
  return `⚠ NOTEBOOK_MAX_STEPS=${maxSteps}: every training loop stops after ${maxSteps} ` +
    `step${maxSteps === 1 ? "" : "s"} per epoch and ${maxSteps} epoch${
      maxSteps === 1 ? "" : "s"
    }, and every evaluation or prediction pass covers ${
      maxSteps === 1 ? "its first batch" : `its first ${maxSteps} batches`
    } only. This run only checks that the code runs; its figures are not results.`;
}
