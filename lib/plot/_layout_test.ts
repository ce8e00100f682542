import { assert, assertEquals } from "@std/assert";
import { baseLayout, logTicks, MODE_BAR_BAND, titleLayout } from "./_layout.ts";
import { lineChart } from "./line.ts";

Deno.test("titles sit above the plot area, below the mode bar's band", () => {
  const layout = baseLayout({ title: "A long title that would reach the mode bar" });
  const title = layout.title as Record<string, unknown>;
  assertEquals([title.yref, title.y, title.yanchor], ["paper", 1, "bottom"]);
  const top = (layout.margin as { t: number }).t;
  assert(top >= MODE_BAR_BAND + 22 + 12, `top margin ${top}`);
  assert(titleLayout("two<br>lines").top > top, "room for every line");
  assertEquals((baseLayout({}).margin as { t: number }).t, 20, "no title, no band");
});

Deno.test("logTicks() labels 1-2-5 steps in full, finer when narrow, decades when wide", () => {
  assertEquals(logTicks([0.06, 0.4, 2.3])?.ticktext, ["0.1", "0.2", "0.5", "1", "2"]);
  assertEquals(logTicks([0.31, 0.58])?.tickvals, [0.4, 0.5]);
  assertEquals(logTicks([0.33, 0.36])?.tickvals, [0.33, 0.36], "the ends when no step fits");
  assertEquals(logTicks([1e-5, 3e4])?.ticktext, [
    "1e−5",
    "0.0001",
    "0.001",
    "0.01",
    "0.1",
    "1",
    "10",
    "100",
    "1,000",
    "10,000",
  ]);
  assertEquals(logTicks([0, -1, NaN]), undefined);
  const fig = lineChart([{ name: "loss", y: [2.3, 0.9, 0.2, 0.06] }], { logY: true });
  const y = fig.layout.yaxis as { type: string; tickmode: string; ticktext: string[] };
  assertEquals([y.type, y.tickmode], ["log", "array"]);
  assertEquals(y.ticktext, ["0.1", "0.2", "0.5", "1", "2"]);
});
