import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  accuracyOf,
  classificationReport,
  compareRuns,
  compareWithChance,
  confusionMatrix,
  macroF1,
  mostConfusedPairs,
  perClassAccuracy,
  perClassAccuracyTable,
  reportJson,
  reportTable,
} from "./mod.ts";

// Rows are true classes: supports 8, 7, 10; column (prediction) sums 6, 11, 8.
const CM = [[5, 2, 1], [1, 6, 0], [0, 3, 7]];
const NAMES = ["a", "b", "c"];

function labelsFor(cm: number[][]): { t: number[]; p: number[] } {
  const t: number[] = [];
  const p: number[] = [];
  cm.forEach((row, i) =>
    row.forEach((n, j) => {
      for (let r = 0; r < n; r++) {
        t.push(i);
        p.push(j);
      }
    })
  );
  return { t, p };
}

Deno.test("confusionMatrix() counts (true, predicted) pairs, rows true", () => {
  const { t, p } = labelsFor(CM);
  assertEquals(confusionMatrix(t, p, 3), CM);
  assertEquals(confusionMatrix(Int32Array.of(1), Uint8Array.of(0), 2), [[0, 0], [1, 0]]);
});

Deno.test("confusionMatrix() rejects bad input", () => {
  assertThrows(() => confusionMatrix([0], [0, 1], 2), RangeError, "1 true, 2 predicted");
  assertThrows(() => confusionMatrix([0], [2], 2), RangeError, "true 0, predicted 2");
  assertThrows(() => confusionMatrix([], [], 0), RangeError, "positive integer");
});

Deno.test("classificationReport() matches hand-computed precision, recall and F1", () => {
  const r = classificationReport(CM, NAMES);
  const expected = [
    { name: "a", precision: 5 / 6, recall: 5 / 8, f1: 10 / 14, support: 8 },
    { name: "b", precision: 6 / 11, recall: 6 / 7, f1: 12 / 18, support: 7 },
    { name: "c", precision: 7 / 8, recall: 7 / 10, f1: 14 / 18, support: 10 },
  ];
  r.classes.forEach((c, i) => {
    assertEquals(c.name, expected[i].name);
    assertEquals(c.support, expected[i].support);
    assertAlmostEquals(c.precision, expected[i].precision, 1e-12);
    assertAlmostEquals(c.recall, expected[i].recall, 1e-12);
    assertAlmostEquals(c.f1, expected[i].f1, 1e-12);
  });
  assertAlmostEquals(r.accuracy, 18 / 25, 1e-12);
  assertEquals(r.total, 25);
  assertAlmostEquals(r.macro.precision, (5 / 6 + 6 / 11 + 7 / 8) / 3, 1e-12);
  assertAlmostEquals(r.macro.recall, (5 / 8 + 6 / 7 + 7 / 10) / 3, 1e-12);
  assertAlmostEquals(r.macro.f1, (10 / 14 + 12 / 18 + 14 / 18) / 3, 1e-12);
  assertAlmostEquals(r.weighted.precision, (8 * 5 / 6 + 7 * 6 / 11 + 10 * 7 / 8) / 25, 1e-12);
  assertAlmostEquals(r.weighted.recall, r.accuracy, 1e-12);
  assertAlmostEquals(r.weighted.f1, (8 * 10 / 14 + 7 * 12 / 18 + 10 * 14 / 18) / 25, 1e-12);
  assertAlmostEquals(macroF1(CM), r.macro.f1, 1e-12);
});

Deno.test("classificationReport() scores a never-predicted, empty class as 0", () => {
  const r = classificationReport([[2, 0], [0, 0]], ["x", "y"]);
  assertEquals(r.classes[1], { name: "y", precision: 0, recall: 0, f1: 0, support: 0 });
  assertEquals(r.accuracy, 1);
  assertThrows(() => classificationReport(CM, ["a"]), RangeError, "one class name per row");
});

Deno.test("reportJson() writes deep-digits' format", () => {
  const json = reportJson(classificationReport(CM, NAMES));
  assertEquals(Object.keys(json), ["overall", "class"]);
  assertEquals(Object.keys(json.overall), ["precision", "recall", "f1", "num_samples"]);
  assertEquals(json.overall.num_samples, 25);
  assertAlmostEquals(json.overall.recall, 0.72, 1e-12);
  assertEquals(Object.keys(json.class), NAMES);
  assertEquals(json.class.b.num_samples, 7);
  assertAlmostEquals(json.class.c.f1, 14 / 18, 1e-12);
});

Deno.test("perClassAccuracy() and accuracyOf() are recall per class and overall", () => {
  const acc = perClassAccuracy(CM);
  [5 / 8, 6 / 7, 7 / 10].forEach((v, i) => assertAlmostEquals(acc[i], v, 1e-12));
  assertEquals(perClassAccuracy([[0, 0], [1, 1]]), [0, 0.5]);
  assertAlmostEquals(accuracyOf(CM), 0.72, 1e-12);
});

Deno.test("mostConfusedPairs() ranks off-diagonal cells, directed or both ways", () => {
  const directed = mostConfusedPairs(CM, 3, { classNames: NAMES });
  assertEquals(
    directed.map((p) => [p.trueName, p.predictedName, p.count]),
    [["c", "b", 3], ["a", "b", 2], ["b", "a", 1]], // b→a (1/7) ranks above a→c (1/8)
  );
  assertAlmostEquals(directed[0].rate, 0.3, 1e-12);
  const both = mostConfusedPairs(CM, 10, { symmetric: true });
  assertEquals(
    both.map((p) => [p.trueClass, p.predictedClass, p.count]),
    [[0, 1, 3], [1, 2, 3], [0, 2, 1]],
  );
  assertAlmostEquals(both[0].rate, 3 / 15, 1e-12);
  assertEquals(mostConfusedPairs([[4, 0], [0, 4]], 5), []);
});

Deno.test("reportTable() lays the report out like scikit-learn", () => {
  const df = reportTable(classificationReport(CM, NAMES));
  assertEquals(df.columns, ["class", "precision", "recall", "f1", "support"]);
  assertEquals(df.getColumn("class").toArray(), [
    "a",
    "b",
    "c",
    "accuracy",
    "macro avg",
    "weighted avg",
  ]);
  assertEquals(df.getColumn("precision").toArray()[3], null);
  assertAlmostEquals(df.getColumn("f1").toArray()[3] as number, 0.72, 1e-12);
  assertEquals(df.getColumn("support").toArray().map(Number), [8, 7, 10, 25, 25, 25]);
});

Deno.test("perClassAccuracyTable() names each class's most frequent mistake", () => {
  const df = perClassAccuracyTable(CM, NAMES);
  assertEquals(df.getColumn("most confused with").toArray(), ["b", "a", "b"]);
  assertEquals(df.getColumn("times").toArray().map(Number), [2, 1, 3]);
  assertEquals(df.getColumn("correct").toArray().map(Number), [5, 6, 7]);
  assertAlmostEquals(df.getColumn("accuracy").toArray()[2] as number, 0.7, 1e-12);
  const perfect = perClassAccuracyTable([[3, 0], [0, 1]], ["x", "y"]);
  assertEquals(perfect.getColumn("most confused with").toArray() as unknown[], [null, null]);
});

Deno.test("compareRuns() resolves a difference only when it beats the seed-to-seed spread", async (t) => {
  await t.step("clearly apart over three seeds", () => {
    const v = compareRuns([0.9, 0.91, 0.92], [0.86, 0.87, 0.86]);
    assertEquals([v.resolved, v.better, v.runs], [true, "a", 3]);
    assert(Math.abs(v.difference - (0.91 - 0.863333)) < 1e-5);
  });
  await t.step("within the spread", () => {
    const v = compareRuns([0.9, 0.95, 0.85], [0.88, 0.9, 0.89]);
    assertEquals([v.resolved, v.better], [false, undefined]);
    assert(v.threshold >= v.spread);
  });
  await t.step("one run each is never resolved, but names the test set's floor", () => {
    const v = compareRuns([0.618], [0.5715], { testSize: 2000 });
    assertEquals(v.resolved, false);
    assert(Number.isNaN(v.spread) && Number.isNaN(v.threshold));
    assert(v.testFloor > 0.02 && v.testFloor < 0.04, String(v.testFloor));
  });
  await t.step("no scores is an error", () => {
    assertThrows(() => compareRuns([], [0.5]), RangeError, "at least one score");
  });
});

Deno.test("compareWithChance() calls a share above chance only beyond twice its binomial error", () => {
  const v = compareWithChance(0.08, 0.027, 400);
  assertAlmostEquals(v.floor, 2 * Math.sqrt((0.027 * 0.973) / 400), 1e-12);
  assertAlmostEquals(v.difference, 0.053, 1e-12);
  assert(v.above);
  assert(!compareWithChance(0.035, 0.027, 400).above); // 0.8 points, the floor is 1.6
  assert(!compareWithChance(0.01, 0.027, 400).above); // below chance is not above it
  assertThrows(() => compareWithChance(0.5, 0.5, 0), RangeError, "positive integer");
});
