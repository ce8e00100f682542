import { assertEquals, assertThrows } from "@std/assert";
import { confusionHeatmap, heatmap } from "./heatmap.ts";

Deno.test("confusionHeatmap() annotates counts, true classes down, predicted across", () => {
  const fig = confusionHeatmap([new Int32Array([5, 1]), new Int32Array([0, 4])], ["cat", "dog"]);
  const t = fig.data[0];
  assertEquals(t.z, [[5, 1], [0, 4]]);
  assertEquals(t.text, [["5", "1"], ["0", "4"]]);
  assertEquals([t.x, t.y], [["cat", "dog"], ["cat", "dog"]]);
  const ax = (k: string) => fig.layout[k] as { title: { text: string }; autorange?: string };
  assertEquals([ax("xaxis").title.text, ax("yaxis").title.text], ["predicted", "true"]);
  assertEquals(ax("yaxis").autorange, "reversed");
});

Deno.test("confusionHeatmap() normalises rows to recall fractions", () => {
  const fig = confusionHeatmap([[3, 1], [0, 0]], ["a", "b"], { normalize: true });
  assertEquals(fig.data[0].z, [[0.75, 0.25], [0, 0]]);
  assertEquals(fig.data[0].text, [["75.0%", "25.0%"], ["0.0%", "0.0%"]]);
});

Deno.test("confusionHeatmap() can leave cells blank, and rejects mismatched labels", () => {
  assertEquals(confusionHeatmap([[1]], ["a"], { annotate: false }).data[0].text, undefined);
  assertThrows(() => confusionHeatmap([[1, 2], [3, 4]], ["a"]), RangeError, "must be 1×1");
});

Deno.test("heatmap() rejects ragged rows and wrong label counts", () => {
  assertThrows(() => heatmap([[1, 2], [3]]), RangeError, "row 1 has 1 values");
  assertThrows(() => heatmap([[1, 2]], { x: ["a"] }), RangeError, "one label per row and column");
  assertEquals(heatmap([[1, 2]]).data[0].x, ["0", "1"]);
});
