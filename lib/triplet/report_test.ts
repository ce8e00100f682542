import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import type { Features } from "./distances.ts";
import { oneShotEvaluation } from "./evaluate.ts";
import {
  compareWithBaseline,
  oneShotSummary,
  oneShotTable,
  pairedComparison,
  percentSpread,
} from "./report.ts";

const f = (rows: number[], labels: number[]): Features => ({
  data: Float32Array.from(rows),
  dim: 1,
  labels: Int32Array.from(labels),
});

Deno.test("oneShotTable() lists every task with its size and chance level", () => {
  const pool = f([0, 1, 10, 11, 20, 21], [0, 0, 1, 1, 2, 2]);
  const q = f([0, 10, 20, 14], [0, 1, 2, 2]);
  const r = oneShotEvaluation(q, pool, { draws: 3, seenClasses: [0] });
  const rows = oneShotTable({ net: r, other: r });
  assertEquals(rows.length, 5);
  assertEquals(rows[0].task, "3-way: all classes, all queries");
  assertEquals(rows[0].chance, "33.3 %");
  assertEquals(rows[3].task, "1-way: seen classes only");
  assertEquals(rows[4].chance, "50.0 %");
  assertEquals(rows[0].net, percentSpread(r.all));
  assertEquals(Object.keys(rows[0]), ["task", "chance", "net", "other"]);
  assertThrows(() => oneShotTable({}), RangeError, "no results");
});

Deno.test("percentSpread() and pairedComparison() format and compare draws", () => {
  assertEquals(percentSpread({ mean: 0.5, std: 0.01, min: 0, max: 1, values: [] }), "50.0 ± 1.0 %");
  assertEquals(percentSpread({ mean: NaN, std: 0, min: 0, max: 0, values: [] }), "—");
  const mk = (v: number[]) => ({ all: { mean: 0, std: 0, min: 0, max: 0, values: v } });
  const p = pairedComparison(
    mk([0.5, 0.6, 0.7]) as never,
    mk([0.4, 0.7, 0.6]) as never,
    "all",
  );
  assertAlmostEquals(p.wins, 2 / 3, 1e-12);
  assertAlmostEquals(p.meanDifference, 0.1 / 3, 1e-12);
  // differences 0.1, −0.1, 0.1: standard error √(0.04/3 / 3)
  assertAlmostEquals(p.standardError, Math.sqrt(0.04 / 3 / 3), 1e-12);
  assertEquals(p.resolved, false);
  const steady = pairedComparison(
    mk([0.5, 0.6, 0.7]) as never,
    mk([0.45, 0.54, 0.66]) as never,
    "all",
  );
  assertEquals(steady.resolved, true);
  assertThrows(() => pairedComparison(mk([1]) as never, mk([1, 2]) as never, "all"), RangeError);
});

Deno.test("compareWithBaseline() needs a higher mean beyond the draws' noise and half the draws", () => {
  const r = (v: number[]) => ({
    allUnseen: { mean: v.reduce((a, b) => a + b) / v.length, std: 0, min: 0, max: 1, values: v },
  });
  const win = compareWithBaseline("net", r([0.5, 0.6, 0.5]) as never, r([0.4, 0.5, 0.45]) as never);
  assertEquals(win.beats, true);
  assertAlmostEquals(win.wins, 1, 1e-12);
  assertAlmostEquals(win.meanDifference, 0.25 / 3, 1e-12);
  assertAlmostEquals(win.baselineMean, 0.45, 1e-12);
  const noisy = compareWithBaseline(
    "net",
    r([0.5, 0.6, 0.4]) as never,
    r([0.4, 0.5, 0.45]) as never,
  );
  assertEquals(noisy.beats, false); // higher in two draws of three, but within the noise
  const lucky = compareWithBaseline(
    "net",
    r([0.9, 0.1, 0.1]) as never,
    r([0.2, 0.2, 0.2]) as never,
  );
  assertEquals(lucky.beats, false); // higher mean, but only one draw in three
});

Deno.test("oneShotSummary() keeps the summaries and drops the per-draw values", () => {
  const pool = f([0, 1, 10, 11], [0, 0, 1, 1]);
  const r = oneShotEvaluation(f([0, 10], [0, 1]), pool, { draws: 4, seenClasses: [0] });
  const s = oneShotSummary(r);
  assertEquals(Object.keys(s), [
    "all",
    "allSeen",
    "allUnseen",
    "withinSeen",
    "withinUnseen",
    "perClass",
  ]);
  assertEquals(s.all, { mean: 1, std: 0, min: 1, max: 1 });
  assertEquals(s.perClass, [1, 1]);
});
