/**
 * A {@linkcode Comparison} in words: one sentence that says whether a difference between two
 * models is a finding, with the figures behind the verdict. It returns a template with
 * `{name:format}` placeholders and their values, for `showProse` (lib/display) to fill, so the
 * figures are formatted the way every other sentence of the collection formats them.
 *
 * @example
 * ```ts
 * import { compareRuns } from "./verdict.ts";
 * import { verdictProse } from "./verdict_prose.ts";
 * const v = verdictProse(compareRuns([0.91], [0.88], { testSize: 10000 }), {
 *   a: "the CNN",
 *   b: "the ANN",
 * });
 * v.template.startsWith("{Leader} is ahead"); // true: {Leader} is {leader} capitalised
 * v.values.testFloor; // about 0.0087: the smallest gap 10,000 test images can resolve
 * ```
 * @module
 */
import type { Comparison } from "./verdict.ts";

/** A sentence to fill: a template and the values of its placeholders. */
export interface VerdictProse {
  /** Markdown with `{name:format}` placeholders (formats of lib/display's `renderProse`) */
  template: string;
  /** the placeholders' values: shares for `pts`, names and counts as they are */
  values: Record<string, string | number>;
}

/**
 * Words for a comparison of two models over seeds:
 *
 * - several seeds and resolved: who is ahead, by how much, and the spread it beat;
 * - several seeds, not resolved: the gap and the threshold it did not reach;
 * - one seed: the gap, that the verdict rests on one run, and what it would take to count (the
 *   test-set floor, when known, and repeating the training over seeds).
 *
 * @param comparison from `compareRuns(a, b)`
 * @param names how to call the two models in the sentence
 * @returns the template and values
 * @example
 * ```ts
 * import { compareRuns } from "./verdict.ts";
 * import { verdictProse } from "./verdict_prose.ts";
 * const v = verdictProse(compareRuns([0.9, 0.91, 0.92], [0.86, 0.87, 0.86]), { a: "A", b: "B" });
 * v.values.leader; // "A"
 * v.template.includes("a real difference"); // true
 * ```
 */
export function verdictProse(
  comparison: Comparison,
  names: { a: string; b: string },
): VerdictProse {
  const aAhead = comparison.difference >= 0;
  const leader = aAhead ? names.a : names.b;
  const values: Record<string, string | number> = {
    leader,
    Leader: leader.charAt(0).toUpperCase() + leader.slice(1),
    trailer: aAhead ? names.b : names.a,
    gap: Math.abs(comparison.difference),
    runs: comparison.runs,
    threshold: comparison.threshold,
    spread: comparison.spread,
    testFloor: comparison.testFloor,
  };
  if (comparison.runs >= 2) {
    const template = comparison.resolved
      ? "{Leader} is ahead of {trailer} by {gap:pts} over {runs} seeds, more than the " +
        "seed-to-seed spread allows ({threshold:pts}): **a real difference**."
      : "{Leader} is ahead of {trailer} by {gap:pts} over {runs} seeds, within the noise (it " +
        "would take more than {threshold:pts} to count): **not resolved**.";
    return { template, values };
  }
  const floor = Number.isFinite(comparison.testFloor)
    ? ", and on the test set alone a gap must exceed {testFloor:pts} to count"
    : "";
  return {
    template: "{Leader} is ahead of {trailer} by {gap:pts} in one run each. **This verdict rests " +
      `on one run**: the seed-to-seed spread is unknown${floor}. Repeating the training over ` +
      "seeds (`./lab report --seeds 3`) measures the spread the gap has to beat.",
    values,
  };
}
