import { assertEquals, assertThrows } from "@std/assert";
import { D_REFERENCE_RANKS, D_REPORTED_COUNTS, D_THRESHOLD, rankedIndices } from "./source_d.ts";

Deno.test("rankedIndices() finds the k-th image of each class", () => {
  const labels = [1, 0, 0, 1, 0, 2];
  assertEquals(Array.from(rankedIndices(labels, [0, 1, 0])), [1, 3, 5]);
  assertEquals(Array.from(rankedIndices(labels, [2])), [4]);
  assertThrows(() => rankedIndices(labels, [0, 2]), RangeError, "image 2 of class 1");
});

Deno.test("D's constants: ten references, threshold 12.6, counts as reported", () => {
  assertEquals(D_REFERENCE_RANKS.length, 10);
  assertEquals(D_THRESHOLD, 12.6);
  assertEquals(D_REPORTED_COUNTS.reduce((s, [, n]) => s + n, 0), 60_000);
  assertEquals(D_REPORTED_COUNTS[7], [5589, 6265]);
});
