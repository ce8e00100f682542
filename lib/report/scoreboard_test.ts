import { assert, assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { PUBLISHED_FIGURES } from "./published.ts";
import { scoreboard, scoreFigure } from "./scoreboard.ts";

const byWhat = (source: string, text: string) =>
  PUBLISHED_FIGURES.find((f) => f.source === source && f.what.includes(text))!;

const models = (rows: Record<string, unknown>[]) => ({ profile: "standard", models: rows });

Deno.test("every source has published figures, each with provenance and a way to read ours", () => {
  assertEquals([...new Set(PUBLISHED_FIGURES.map((f) => f.source))], ["A", "B", "C", "D", "E"]);
  for (const f of PUBLISHED_FIGURES) {
    assert(f.provenance.length > 10 && f.oursWhat && f.oursKey, f.what);
    assertEquals(f.ours({}), undefined, `${f.what}: nothing read from empty metrics`);
  }
});

Deno.test("scoreFigure() says reproduced, not reproduced, or beats it, within the tolerance", () => {
  const c = byWhat("C", "MLP");
  const at = (acc: number) =>
    scoreFigure(c, models([{ name: "digitalRecognitionMlp", testAccuracy: acc }]));
  assertEquals(at(0.975).verdict, "reproduced");
  assertStringIncludes(at(0.975).line, "ours 97.5% against ≈98%: within ±1.0\u00a0point");
  assertEquals(at(0.965).verdict, "not reproduced");
  assertStringIncludes(at(0.965).line, "falls short of ≈98% by 1.5\u00a0points");
  assertEquals(at(0.995).verdict, "reproduced");
  assertStringIncludes(at(0.995).line, "beats ≈98% by 1.5\u00a0points");
});

Deno.test("scoreFigure() corrects a flawed figure and shows ours measured its way", () => {
  const b = byWhat("B", "MLP");
  const row = scoreFigure(
    b,
    models([{ name: "deepDigitsMlp", testAccuracy: 0.971, trainAccuracy: 0.983 }]),
  );
  assertEquals(row.verdict, "corrected");
  assertEquals(row.oursTheirWay, 0.983);
  assertStringIncludes(row.line, "B's 96.8% was wrong (its test loader loaded the training set");
  assertStringIncludes(row.line, "measured on training images, ours is 98.3%");
  assertStringIncludes(row.line, "ours, measured properly: 97.1%");
  const d = scoreFigure(
    byWhat("D", "softmax"),
    models([{ name: "softmaxRegression", testAccuracy: 0.885, sourceMetricTest: 94.2 }]),
  );
  assertAlmostEquals(d.oursTheirWay!, 0.942, 1e-12, "D's metric, stored in percent, as a share");
  assertStringIncludes(d.line, "the true figure of D's own model: 88.4%");
});

Deno.test("scoreFigure() handles ranges, notebook 10's shapes, quick runs and missing figures", () => {
  const e = byWhat("E", "CNN");
  assertEquals(scoreFigure(e, models([{ name: "CNN", testAccuracy: 0.92 }])).verdict, "reproduced");
  assertEquals(
    scoreFigure(e, models([{ name: "CNN", testAccuracy: 0.89 }])).verdict,
    "not reproduced",
  );
  assertStringIncludes(
    scoreFigure(e, models([{ name: "CNN", testAccuracy: 0.95 }])).line,
    "above the published 91.0%–93.0%",
  );
  const oneShot = byWhat("D", "one-shot");
  const rows = Array.from({ length: 10 }, (_, label) => ({ label, share: label >= 3 ? 0.9 : 1 }));
  const ten = scoreFigure(oneShot, {
    profile: "quick",
    target: [{ mean: 0.42 }],
    dCheck: { threshold12_6: rows },
  });
  assertEquals([ten.verdict, ten.ours, ten.quick], ["corrected", 0.42, true]);
  assertAlmostEquals(ten.oursTheirWay!, 0.9, 1e-12, "D's check: the mean over digits 3–9");
  assert(ten.line.endsWith("— from a quick run: not a result"));
  const missing = scoreFigure(byWhat("D", "LeNet"), models([]));
  assertEquals(missing.verdict, "not run");
  assertStringIncludes(missing.line, 'has no models[name="lenetAbd01"].testAccuracy');
  const board = scoreboard({});
  assertEquals(board.length, PUBLISHED_FIGURES.length);
  assert(board.every((r) => r.verdict === "not run" && r.line.includes("has no metrics.json")));
});

Deno.test("scoreFigure() leaves out a run capped by NOTEBOOK_MAX_STEPS, whatever its figure", () => {
  const e = byWhat("E", "CNN");
  const capped = scoreFigure(e, {
    profile: "full",
    maxSteps: 2,
    models: [{ name: "CNN", testAccuracy: 0.95 }],
  });
  assertEquals([capped.verdict, capped.quick, capped.maxSteps, capped.ours], [
    "not run",
    true,
    2,
    undefined,
  ]);
  assertStringIncludes(capped.line, "capped at 2 steps (NOTEBOOK_MAX_STEPS): not a result");
});
