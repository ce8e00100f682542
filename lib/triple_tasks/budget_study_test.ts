import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { type BudgetStudyRun, readBudgetStudy, saveBudgetStudyRun } from "./budget_study.ts";

const run = (decay: number, em: number[]): BudgetStudyRun => ({
  task: 3,
  imagesPerClass: 20,
  batchImages: 32,
  learningRateDecay: decay,
  seed: 42,
  pool: "disjoint",
  valExactMatch: em,
  valLoss: em.map(() => 0.1),
  backend: "cpu",
  ranAt: "2026-01-01",
});

Deno.test("saveBudgetStudyRun() records a run and replaces an earlier run of the same recipe", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "study.json");
  try {
    await saveBudgetStudyRun(run(1, [0.7]), file);
    await saveBudgetStudyRun(run(0.5, [0.8]), file);
    await saveBudgetStudyRun(run(1, [0.75, 0.8]), file);
    const saved = JSON.parse(Deno.readTextFileSync(file)).runs as BudgetStudyRun[];
    assertEquals(saved.map((r) => [r.learningRateDecay, r.valExactMatch]), [
      [0.5, [0.8]],
      [1, [0.75, 0.8]],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readBudgetStudy() gives the committed study's runs of one task", () => {
  const runs = readBudgetStudy(3);
  assertEquals(runs.every((r) => r.task === 3 && r.valExactMatch.length > 0), true);
});
