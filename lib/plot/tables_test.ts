import { assertEquals, assertThrows } from "@std/assert";
import { DIGIT_SCORE_FORMATS, digitScoreTable, keptEpochTable } from "./tables.ts";

Deno.test("keptEpochTable() marks the kept epoch and formats validation shares as percentages", () => {
  const t = keptEpochTable([
    { epoch: 1, valExactMatch: 0.5, valAccuracy: 0.8, valLoss: 0.7 },
    { epoch: 2, valExactMatch: 0.6, valAccuracy: 0.85, valLoss: 0.6 },
    { epoch: 3, valExactMatch: 0.55 },
  ], 2);
  assertEquals(t.rows.map((r) => r.kept), ["", "✓", ""]);
  assertEquals(t.rows[0], {
    epoch: 1,
    "validation exact match": 0.5,
    "validation digit accuracy": 0.8,
    "validation loss": 0.7,
    kept: "",
  });
  assertEquals(t.formats["validation exact match"], "percent2");
  assertEquals(t.summary.values, { kept: 2, epochs: 3, em: 0.6 });
  assertThrows(() => keptEpochTable([{ epoch: 1 }], 4), RangeError, "epochs 1");
});

Deno.test("digitScoreTable() puts each row's columns before the scores, per position in order", () => {
  const scores = { exactMatch: 0.9, perPosition: [0.97, 0.96, 0.98], averagedMacroF1: 0.97 };
  const t = digitScoreTable([{ columns: { split: "test", images: 10 }, scores }], "caption");
  assertEquals(Object.entries(t.rows[0]), [
    ["split", "test"],
    ["images", 10],
    ["exact match", 0.9],
    ["first digit", 0.97],
    ["second digit", 0.96],
    ["third digit", 0.98],
    ["averaged macro F1", 0.97],
  ]);
  assertEquals(t.caption, "caption");
  assertEquals(t.formats, DIGIT_SCORE_FORMATS);
  assertEquals(DIGIT_SCORE_FORMATS["third digit"], "percent2");
});
