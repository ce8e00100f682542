import { assertEquals, assertThrows } from "@std/assert";
import { barChart, groupedBarChart, horizontalBarChart } from "./bar.ts";

Deno.test("barChart() writes each value on its bar", () => {
  const fig = barChart(["MLP", "CNN"], new Float32Array([0.9751, 0.9912]), { format: "percent" });
  const t = fig.data[0];
  assertEquals(t.type, "bar");
  assertEquals(t.x, ["MLP", "CNN"]);
  assertEquals(t.y, [0.9751, 0.9912]);
  assertEquals(t.text, ["97.5%", "99.1%"]);
  assertEquals(barChart(["a"], [1234]).data[0].text, ["1,234"]);
  assertEquals(barChart(["a"], [2.5], { format: (v) => `${v}s` }).data[0].text, ["2.5s"]);
  assertEquals(barChart(["a"], [1], { showValues: false }).data[0].text, undefined);
});

Deno.test("barChart() rejects labels and values of different lengths", () => {
  assertThrows(() => barChart(["a", "b"], [1]), RangeError, "one value per label");
});

Deno.test("horizontalBarChart() swaps axes and keeps the label order top to bottom", () => {
  const fig = horizontalBarChart(["first", "second"], [1, 2]);
  const t = fig.data[0];
  assertEquals([t.orientation, t.x, t.y], ["h", [1, 2], ["first", "second"]]);
  assertEquals((fig.layout.yaxis as { autorange: string }).autorange, "reversed");
});

Deno.test("groupedBarChart() makes one trace per group with values written", () => {
  const fig = groupedBarChart(["MNIST", "Fashion"], { MLP: [0.97, 0.88], CNN: [0.99, 0.91] }, {
    format: "percent",
    range: [0.8, 1],
  });
  assertEquals(fig.layout.barmode, "group");
  assertEquals(fig.data.map((t) => t.name), ["MLP", "CNN"]);
  assertEquals(fig.data[1].text, ["99.0%", "91.0%"]);
  assertEquals((fig.layout.yaxis as { range: number[] }).range, [0.8, 1]);
  assertThrows(
    () => groupedBarChart(["a", "b"], { g: [1] }),
    RangeError,
    "Cannot plot group 'g'",
  );
});
