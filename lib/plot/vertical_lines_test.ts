import { assertEquals } from "@std/assert";
import { withVerticalLines } from "./vertical_lines.ts";
import { lineChart } from "./line.ts";
import { colorAt } from "./types.ts";

Deno.test("withVerticalLines() adds one full-height line per x, in palette order", () => {
  const base = lineChart([{ name: "a", y: [1, 2, 3] }]);
  const fig = withVerticalLines(base, [2, 3], { dash: "dash" });
  assertEquals(
    fig.layout.shapes,
    [2, 3].map((x, i) => ({
      type: "line",
      x0: x,
      x1: x,
      yref: "paper",
      y0: 0,
      y1: 1,
      line: { color: colorAt(i), dash: "dash", width: 2 },
    })),
  );
  assertEquals(base.layout.shapes, undefined, "the figure passed in is not changed");
  assertEquals((withVerticalLines(fig, [1]).layout.shapes as unknown[]).length, 3);
});
