import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { join } from "node:path";
import {
  chooseRecipe,
  D_RECIPE,
  heldOutSets,
  loadSelectionStudy,
  recipeLabel,
  runSelection,
  SELECTION_CANDIDATES,
  SELECTION_STUDY_FILE,
  selectionRows,
  type SelectionRun,
  type SelectionStudy,
} from "./mod.ts";
import { quarterImages } from "./_testdata.ts";

await tf.setBackend("cpu");

const run = (seed: number, heldOutDigitMean: number): SelectionRun => ({
  seed,
  threeWayHeldOutSeen: 0.9,
  heldOutDigit: [],
  heldOutDigitMean,
  seconds: 1,
});
const study = (means: number[][]): SelectionStudy => ({
  command: "",
  backend: "cpu",
  dataSeed: 42,
  epochs: 10,
  learningRate: 1e-3,
  draws: 50,
  seeds: [42, 43],
  candidates: means.map((m, i) => ({
    recipe: SELECTION_CANDIDATES[i],
    runs: m.map((v, k) => run(42 + k, v)),
  })),
});

Deno.test("chooseRecipe() takes the best mean over seeds; a tie keeps the earlier candidate", () => {
  // means 0.5, 0.5 and 0.5625: the best single run (0.875) does not decide, the mean does
  const c = chooseRecipe(study([[0.75, 0.25], [0.5, 0.5], [0.25, 0.875]]));
  assertEquals(c.index, 2);
  assertEquals(c.ranking.map((r) => r.index), [2, 0, 1]);
  assertEquals(chooseRecipe(study([[0.6], [0.6]])).index, 0);
  const rows = selectionRows(c, [42, 43]);
  assertEquals(rows[0].recipe, recipeLabel(SELECTION_CANDIDATES[2]));
  assertEquals(rows[0]["held-out digit, seed 43"], 0.875);
  assertEquals(rows[0]["held-out digit, mean"], 0.5625);
  assertEquals(rows.map((r) => r.chosen), [true, false, false]);
});

Deno.test("chooseRecipe() rejects a study with no candidates or scores outside [0, 1]", () => {
  assertThrows(() => chooseRecipe(study([])), TypeError, "lists no candidates");
  assertThrows(() => chooseRecipe(study([[75.3]])), TypeError, "outside [0, 1]");
});

Deno.test("recipeLabel() names head, length, margin and mining", () => {
  assertEquals(recipeLabel(D_RECIPE), "trained head, margin 1, random triplets");
});

Deno.test("heldOutSets() gives disjoint sets outside the trained images", () => {
  const labels = Array.from({ length: 400 }, (_, i) => i % 10);
  const trained = [0, 1, 2, 10, 11, 12];
  const s = heldOutSets(labels, trained, {
    poolPerClass: 5,
    referencesPerClass: 4,
    queriesPerClass: 20,
  });
  assertEquals(s.pool.length, 50);
  assertEquals(s.seenReferences.length, 12);
  assertEquals(s.seenQueries.length, 60);
  const all = [...s.pool, ...s.seenReferences, ...s.seenQueries];
  assertEquals(new Set(all).size, all.length);
  assert(all.every((i) => !trained.includes(i)));
  assert([...s.seenReferences, ...s.seenQueries].every((i) => labels[i] < 3));
  // the pool is notebook 10's: the same call with the same seed gives the same images
  assertEquals(heldOutSets(labels, trained, { poolPerClass: 5, queriesPerClass: 20 }).pool, s.pool);
});

Deno.test("runSelection() scores a recipe on held-out seen digits and leaks no tensors", async () => {
  const set = quarterImages(10, 40);
  const trained = Array.from({ length: 3 * 40 }, (_, i) => i).filter((i) => set.labels[i] < 3)
    .slice(0, 24);
  const sets = heldOutSets(set.labels, trained, {
    poolPerClass: 5,
    referencesPerClass: 3,
    queriesPerClass: 10,
  });
  // any image the study embeds must be a seen digit
  assert([...sets.seenReferences, ...sets.seenQueries].every((i) => set.labels[i] < 3));
  const before = tf.memory().numTensors;
  const r = await runSelection(set, { ...D_RECIPE, head: "fixed" }, {
    sets,
    seed: 3,
    epochs: 1,
    draws: 4,
    trainPerClass: 8,
    batchPerClass: 4,
    folds: [0],
    filters: [4, 8],
  });
  assertEquals(tf.memory().numTensors, before);
  assertEquals(r.heldOutDigit.map((d) => d.digit), [0]);
  for (const v of [r.threeWayHeldOutSeen, r.heldOutDigitMean, r.heldOutDigit[0].untrained]) {
    assert(v >= 0 && v <= 1, `${v}`);
  }
});

Deno.test("loadSelectionStudy() reads the committed study and explains a broken file", async () => {
  const committed = await loadSelectionStudy(SELECTION_STUDY_FILE);
  assertEquals(committed.candidates.length, SELECTION_CANDIDATES.length);
  assertEquals(
    committed.candidates.map((c) => c.recipe),
    SELECTION_CANDIDATES.map((r) => ({ ...r })),
  );
  const dir = await Deno.makeTempDir();
  try {
    const bad = join(dir, "study.json");
    await Deno.writeTextFile(bad, "{ not json");
    await assertRejects(() => loadSelectionStudy(bad), TypeError, "selection_cli.ts");
    await assertRejects(
      () => loadSelectionStudy(join(dir, "none.json")),
      TypeError,
      "cannot be opened",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
