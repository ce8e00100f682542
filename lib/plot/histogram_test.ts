import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { binCounts, histogram } from "./histogram.ts";
import { strided, violinPlot } from "./violin.ts";

Deno.test("binCounts() puts the maximum in the last bin and drops values outside", () => {
  assertEquals(Array.from(binCounts([0, 0.49, 0.5, 1, 2, -1], 2, 0, 1)), [2, 2]);
});

Deno.test("histogram() bins all series on shared bins", () => {
  const fig = histogram({ a: [0, 1, 2, 3], b: [3, 3] }, { bins: 3 });
  assertEquals(fig.data.map((t) => t.y), [[1, 1, 2], [0, 0, 2]]);
  assertEquals(fig.data[0].x, [0.5, 1.5, 2.5]);
  assertEquals(fig.layout.barmode, "overlay");
  assertEquals(fig.layout.showlegend, true);
});

Deno.test("histogram() normalises to fractions and keeps big inputs small", () => {
  const values = new Float32Array(100_000).map((_, i) => i % 10);
  const fig = histogram({ w: values }, { bins: 10, normalize: "fraction" });
  const y = fig.data[0].y as number[];
  assertEquals(y.length, 10);
  assertAlmostEquals(y.reduce((a, b) => a + b, 0), 1, 1e-9);
  assertThrows(() => histogram({ w: [1] }, { bins: 0 }), RangeError, "positive integer");
});

Deno.test("violinPlot() caps the points per group, evenly", () => {
  assertEquals(strided([0, 1, 2, 3, 4, 5], 3), [0, 2, 4]);
  const fig = violinPlot({ same: new Float32Array(5000), different: [1, 2] }, { maxPoints: 100 });
  assertEquals((fig.data[0].y as number[]).length, 100);
  assertEquals(fig.data.map((t) => [t.type, t.name]), [["violin", "same"], [
    "violin",
    "different",
  ]]);
});
