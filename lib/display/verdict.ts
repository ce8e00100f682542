/**
 * A verdict in words: what `compareRuns` (lib/metrics) found about two models' scores over
 * seeds, as one sentence for a notebook, so every comparison says the same thing the same way.
 * @module
 */
import type { Comparison } from "../metrics/verdict.ts";
import { formatPoints } from "./format.ts";

/** The two models' names, in the order `compareRuns(a, b)` was called. */
export interface VerdictNames {
  /** the first model */
  a: string;
  /** the second model */
  b: string;
}

function unsigned(difference: number): string {
  return formatPoints(Math.abs(difference)).replace(/^[+±−]/, "");
}

/**
 * One sentence on a comparison: a real difference only when `compareRuns` resolved it; otherwise
 * why it is not a finding, and what it would take to count (the seed spread's threshold, or with
 * one seed per model, repeats and the test set's own binomial floor).
 *
 * @param c what `compareRuns(a, b, { testSize })` returned
 * @param names the two models' names
 * @returns the sentence, Markdown
 * @example
 * ```ts
 * import { compareRuns } from "../metrics/verdict.ts";
 * import { verdictProse } from "./verdict.ts";
 * verdictProse(compareRuns([0.9, 0.91, 0.92], [0.86, 0.87, 0.86]), { a: "Task 4", b: "Task 3" });
 * // "Task 4 scores higher by 4.7 points, more than the 1.0 points it must beat …: a real difference."
 * ```
 */
export function verdictProse(c: Comparison, names: VerdictNames): string {
  const diff = unsigned(c.difference);
  if (c.resolved) {
    const [better, worse] = c.better === "a" ? [names.a, names.b] : [names.b, names.a];
    return `**${better}** scores higher than ${worse} by ${diff}, more than the ` +
      `${unsigned(c.threshold)} it must beat over ${c.runs} seeds (the seed-to-seed spread and ` +
      `the standard error of the difference): a real difference.`;
  }
  if (c.runs >= 2) {
    return `The ${diff} between ${names.a} and ${names.b} is **not resolved**: over ${c.runs} ` +
      `seeds it would have to exceed ${unsigned(c.threshold)} to count.`;
  }
  const floor = Number.isNaN(c.testFloor)
    ? ""
    : `, and even then more than ${unsigned(c.testFloor)}, the test set's own noise`;
  return `This rests on **one run** per model, so the ${diff} between ${names.a} and ` +
    `${names.b} is not a finding: the seed-to-seed spread is unknown. To count, it would need ` +
    `repeats over seeds (\`./lab report --seeds 3\`)${floor}.`;
}
