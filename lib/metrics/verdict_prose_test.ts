import { assertEquals, assertStringIncludes } from "@std/assert";
import { compareRuns } from "./verdict.ts";
import { verdictProse } from "./verdict_prose.ts";
import { renderProse } from "../display/prose.ts";

const say = (a: number[], b: number[], testSize?: number) => {
  const v = verdictProse(compareRuns(a, b, { testSize }), { a: "the CNN", b: "the ANN" });
  return renderProse(v.template, v.values).replaceAll("\u00a0", " ");
};

Deno.test("verdictProse() calls a gap beyond the seed spread real, naming the leader", () => {
  const text = say([0.86, 0.87, 0.86], [0.9, 0.91, 0.92]);
  assertStringIncludes(text, "The ANN is ahead of the CNN by +4.7 points over 3 seeds");
  assertStringIncludes(text, "**a real difference**");
});

Deno.test("verdictProse() says a gap within the noise is not resolved, and what it would take", () => {
  const text = say([0.9, 0.93, 0.87], [0.89, 0.9, 0.88]);
  assertStringIncludes(text, "The CNN is ahead of the ANN by +1.0 point over 3 seeds");
  assertStringIncludes(text, "it would take more than +3.7 points to count");
  assertStringIncludes(text, "**not resolved**");
});

Deno.test("verdictProse() with one run says so and names the test-set floor", () => {
  const text = say([0.91], [0.88], 10000);
  assertStringIncludes(text, "by +3.0 points in one run each");
  assertStringIncludes(text, "**This verdict rests on one run**");
  assertStringIncludes(text, "a gap must exceed +0.9 points to count");
  assertStringIncludes(text, "--seeds 3");
  // without a test size there is no floor to name
  assertEquals(say([0.91], [0.88]).includes("must exceed"), false);
});
