import { assert, assertEquals } from "@std/assert";
import { compareRuns } from "../metrics/verdict.ts";
import { NBSP } from "./format.ts";
import { verdictProse } from "./verdict.ts";

const names = { a: "Task 4", b: "Task 3" };

Deno.test("verdictProse() calls a resolved difference real, naming the better model", () => {
  const text = verdictProse(compareRuns([0.86, 0.87, 0.86], [0.9, 0.91, 0.92]), names);
  assert(text.startsWith("**Task 3** scores higher than Task 4 by 4.7"), text);
  assert(text.endsWith("a real difference."));
});

Deno.test("verdictProse() says an unresolved difference is within the seed noise", () => {
  const text = verdictProse(compareRuns([0.9, 0.93, 0.88], [0.91, 0.89, 0.9]), names);
  assert(text.includes("**not resolved**: over 3 seeds it would have to exceed"), text);
});

Deno.test("verdictProse() with one run names what it would take to count", () => {
  const text = verdictProse(compareRuns([0.618], [0.5715], { testSize: 2000 }), names);
  assertEquals(
    text,
    `This rests on **one run** per model, so the 4.6${NBSP}points between Task 4 and Task 3 ` +
      "is not a finding: the seed-to-seed spread is unknown. To count, it would need repeats " +
      "over seeds (`./lab report --seeds 3`), and even then more than " +
      `3.1${NBSP}points, the test set's own noise.`,
  );
  assert(!verdictProse(compareRuns([0.6], [0.5]), names).includes("test set's own noise"));
});
