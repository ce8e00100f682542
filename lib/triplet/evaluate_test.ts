import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  chooseThreshold,
  type Features,
  oneShotEvaluation,
  rowsOf,
  squaredDistancesTo,
  summarize,
  thresholdCheck,
} from "./mod.ts";

function features(rows: number[][], labels: number[]): Features {
  return {
    data: Float32Array.from(rows.flat()),
    dim: rows[0].length,
    labels: Int32Array.from(labels),
  };
}

Deno.test("summarize() gives mean, sample std, min and max", () => {
  const s = summarize([0.5, 0.7, 0.9]);
  assertAlmostEquals(s.mean, 0.7, 1e-12);
  assertAlmostEquals(s.std, 0.2, 1e-12);
  assertEquals([s.min, s.max], [0.5, 0.9]);
  assertEquals(summarize([3]).std, 0);
  assertThrows(() => summarize([]), RangeError, "no values");
});

Deno.test("squaredDistancesTo() and rowsOf() compute and pick rows", () => {
  const f = features([[0, 0], [3, 4], [1, 2]], [0, 1, 2]);
  assertEquals(Array.from(squaredDistancesTo(f, Float32Array.of(0, 0, 3, 4))), [
    0,
    25,
    25,
    0,
    5,
    8,
  ]);
  assertEquals(Array.from(rowsOf(f, [2, 0])), [1, 2, 0, 0]);
  assertThrows(() => rowsOf(f, [3]), RangeError, "row 3");
  assertThrows(() => squaredDistancesTo(f, Float32Array.of(1, 2, 3)), RangeError, "multiple of 2");
  assertThrows(
    () =>
      squaredDistancesTo(
        { data: new Float32Array(3), dim: 2, labels: Int32Array.of(0) },
        new Float32Array(2),
      ),
    RangeError,
    "Cannot use features 'features'",
  );
});

Deno.test("chooseThreshold() maximises balanced accuracy between the two lists", () => {
  const perfect = chooseThreshold([1, 2, 3], [5, 6]);
  assertEquals(perfect.threshold, 4);
  assertEquals(perfect.balancedAccuracy, 1);
  // overlapping: same [1, 2, 6], different [3, 4, 7, 8]
  // t in (2, 3): TPR 2/3, TNR 1 → 0.833; t in (6, 7): TPR 1, TNR 2/4 → 0.75
  const c = chooseThreshold([1, 2, 6], [3, 4, 7, 8]);
  assertEquals(c.threshold, 2.5);
  assertAlmostEquals(c.truePositiveRate, 2 / 3, 1e-12);
  assertEquals(c.trueNegativeRate, 1);
  assertAlmostEquals(c.balancedAccuracy, 5 / 6, 1e-12);
  assertThrows(() => chooseThreshold([], [1]), RangeError, "0 same-class");
});

Deno.test("thresholdCheck() counts D's hits and the false accepts D did not count", () => {
  // class 0 near 0, class 1 near 10, one class-1 image at 1 (close to the class-0 reference)
  const f = features([[0], [1], [2], [10], [11], [1]], [0, 0, 0, 1, 1, 1]);
  const refs = features([[0], [10]], [0, 1]);
  const r = thresholdCheck(f, refs, 2.5); // squared distance < 2.5 → |x − ref| < 1.58
  assertEquals(r[0], {
    label: 0,
    total: 3,
    within: 2,
    share: 2 / 3,
    otherTotal: 3,
    otherWithin: 1,
    falseAcceptShare: 1 / 3,
  });
  assertEquals([r[1].within, r[1].total, r[1].otherWithin], [2, 3, 0]);
  // a huge threshold: D's score is 100 % everywhere, and so is the false-accept share
  const big = thresholdCheck(f, refs, 1e6);
  assert(big.every((x) => x.share === 1 && x.falseAcceptShare === 1));
  assertThrows(() => thresholdCheck(f, features([[0, 0]], [0]), 1), RangeError, "features of 1");
  assertThrows(() => thresholdCheck(f, refs, NaN), RangeError, "threshold NaN");
});

Deno.test("oneShotEvaluation() scores nearest-reference classification per draw", () => {
  // 1-d: class c lives at 10c ± 1; a pool of two per class; queries exactly on the class centres
  // except one class-3 query at 16 (nearer class 2's region)
  const pool = features([[0], [1], [10], [11], [20], [21], [30], [31]], [0, 0, 1, 1, 2, 2, 3, 3]);
  const q = features([[0], [10], [20], [30], [16]], [0, 1, 2, 3, 3]);
  const r = oneShotEvaluation(q, pool, { draws: 5, seed: 1, seenClasses: [0, 1] });
  assertEquals(r.classes, [0, 1, 2, 3]);
  assertEquals(r.seenClasses, [0, 1]);
  assertEquals(r.unseenClasses, [2, 3]);
  // every draw: 4 of 5 right among all classes; the query at 16 goes to class 2 (refs 20/21 are
  // nearer than 30/31), also within the unseen classes
  assertEquals(r.all.values, [0.8, 0.8, 0.8, 0.8, 0.8]);
  assertEquals(r.allSeen.mean, 1);
  assertEquals(r.allUnseen.mean, 2 / 3);
  assertEquals(r.withinSeen.mean, 1);
  assertEquals(r.withinUnseen.mean, 2 / 3);
  assertEquals(r.perClass, [1, 1, 1, 0.5]);
  assertEquals(r.references.length, 5);
  r.references.forEach((refs) => refs.forEach((p, k) => assertEquals(pool.labels[p], k)));
});

Deno.test("oneShotEvaluation() restricted tasks choose only among seen or unseen references", () => {
  // a seen (class 0) query that sits on the unseen class-1 reference: wrong 2-way, right 1-way
  const pool = features([[0], [5]], [0, 1]);
  const q = features([[5]], [0]);
  const r = oneShotEvaluation(q, pool, { draws: 1, seenClasses: [0] });
  assertEquals(r.all.mean, 0);
  assertEquals(r.withinSeen.mean, 1);
  assert(Number.isNaN(r.withinUnseen.mean)); // no unseen queries
});

Deno.test("oneShotEvaluation() draws the same references for any features of the same pool", () => {
  const pool = features([[0], [1], [2], [3], [4], [5]], [0, 0, 0, 1, 1, 1]);
  const pool2 = features([[9, 9], [8, 8], [7, 7], [6, 6], [5, 5], [4, 4]], [0, 0, 0, 1, 1, 1]);
  const a = oneShotEvaluation(features([[0]], [0]), pool, { draws: 10, seed: 5 });
  const b = oneShotEvaluation(features([[0, 0]], [0]), pool2, { draws: 10, seed: 5 });
  assertEquals(a.references, b.references);
  const c = oneShotEvaluation(features([[0]], [0]), pool, { draws: 10, seed: 6 });
  assert(a.references.some((r, i) => r[0] !== c.references[i][0] || r[1] !== c.references[i][1]));
});

Deno.test("oneShotEvaluation() rejects missing classes, bad draws and mismatched dims", () => {
  const pool = features([[0], [1]], [0, 1]);
  assertThrows(() => oneShotEvaluation(features([[0]], [7]), pool), RangeError, "class 7");
  assertThrows(
    () => oneShotEvaluation(features([[0]], [0]), pool, { draws: 0 }),
    RangeError,
    "0 draws",
  );
  assertThrows(() => oneShotEvaluation(features([[0, 0]], [0]), pool), RangeError, "queries of 2");
});

Deno.test("oneShotEvaluation() gives the same answer from precomputed distances", () => {
  const pool = features([[0, 1], [1, 0], [10, 2], [11, 3], [20, 0], [21, 1]], [0, 0, 1, 1, 2, 2]);
  const q = features([[0, 0], [10, 3], [20, 1], [14, 0], [5, 5]], [0, 1, 2, 2, 1]);
  const distances = new Float32Array(5 * 6);
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 6; j++) {
      const dx = q.data[2 * i] - pool.data[2 * j], dy = q.data[2 * i + 1] - pool.data[2 * j + 1];
      distances[i * 6 + j] = dx * dx + dy * dy;
    }
  }
  const plain = oneShotEvaluation(q, pool, { draws: 8, seed: 2 });
  const fast = oneShotEvaluation(q, pool, { draws: 8, seed: 2, distances });
  assertEquals(fast, plain);
  assertThrows(
    () => oneShotEvaluation(q, pool, { distances: new Float32Array(3) }),
    RangeError,
    "expected 30",
  );
});
