import { assertEquals, assertThrows } from "@std/assert";
import {
  confidenceViolins,
  digitErrorHistogram,
  digitShareHeatmap,
  perPositionConfusion,
} from "./triple_digits.ts";

const matrix = (right: number, wrong: number) =>
  Array.from(
    { length: 10 },
    (_, t) => Array.from({ length: 10 }, (_, p) => t === p ? right : wrong),
  );

Deno.test("perPositionConfusion() draws one titled 10×10 matrix per position", () => {
  const figs = perPositionConfusion([matrix(5, 0), matrix(4, 1), matrix(3, 2)], { height: 300 });
  assertEquals(figs.length, 3);
  assertEquals(
    figs.map((f) => (f.layout.title as { text: string }).text),
    [
      "Test confusion matrix, first digit",
      "Test confusion matrix, second digit",
      "Test confusion matrix, third digit",
    ],
  );
  assertEquals((figs[1].data[0].z as number[][])[0].slice(0, 2), [4, 1]);
  assertEquals(figs[0].layout.height, 300);
  assertThrows(() => perPositionConfusion([matrix(1, 0)]), RangeError, "has 3");
});

Deno.test("digitErrorHistogram() counts |true − predicted| per position on a log axis", () => {
  const fig = digitErrorHistogram([Int32Array.of(0, 0, 9), Int32Array.of(0, 1), Int32Array.of(0)]);
  assertEquals(fig.data.map((t) => t.name), ["first", "second", "third"]);
  assertEquals(Array.from(fig.data[0].y as number[]), [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assertEquals(Array.from(fig.data[1].y as number[]).slice(0, 2), [1, 1]);
  assertEquals(fig.layout.barmode, "group");
  assertEquals((fig.layout.yaxis as { type: string }).type, "log");
  assertThrows(() => digitErrorHistogram([[0], [0]]), RangeError, "has 3");
});

Deno.test("confidenceViolins() colours right digits green and wrong ones red, skipping empty groups", () => {
  const fig = confidenceViolins({
    correct: [[0.9, 0.8], [0.9], [0.7]],
    incorrect: [[0.5], [], [0.4, 0.3]],
  });
  assertEquals(fig.data.length, 5); // the middle position has no wrong digits
  assertEquals(fig.data.map((t) => t.name), [
    "first digit · right (2)",
    "first digit · wrong (1)",
    "second digit · right (1)",
    "third digit · right (1)",
    "third digit · wrong (2)",
  ]);
  assertEquals((fig.data[1].line as { color: string }).color, "#d62728");
  assertEquals((fig.data[2].line as { color: string }).color, "#2ca02c");
  assertThrows(() => confidenceViolins({ correct: [[1]], incorrect: [[1]] }), RangeError, "has 3");
});

Deno.test("digitShareHeatmap() draws one annotated row per label and one column per digit", () => {
  const shares = Array.from({ length: 10 }, (_, d) => d / 45);
  const fig = digitShareHeatmap([
    { label: "train · first", shares },
    { label: "test · third", shares: Float64Array.from(shares).reverse() },
  ]);
  assertEquals(fig.data[0].y, ["train · first", "test · third"]);
  assertEquals((fig.data[0].x as string[]).length, 10);
  assertEquals((fig.data[0].z as number[][])[1][0], 9 / 45);
  assertEquals(fig.layout.height, 480);
  assertThrows(() => digitShareHeatmap([{ label: "x", shares: [1] }]), RangeError, "'x'");
});
