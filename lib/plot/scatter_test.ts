import { assertEquals, assertThrows } from "@std/assert";
import { embeddingScatter } from "./scatter.ts";
import { probabilityChart } from "./probability.ts";
import { colorAt } from "./types.ts";

Deno.test("embeddingScatter() colours by class and marks unseen classes with crosses", () => {
  const fig = embeddingScatter(new Float32Array([0, 0, 1, 1, 2, 2, 3, 3]), [1, 0, 1, 1], {
    classNames: ["zero", "one"],
    seen: [true, true, true, false],
  });
  assertEquals(fig.data.map((t) => t.name), ["zero (seen)", "one (seen)", "one (unseen)"]);
  const marker = (i: number) => fig.data[i].marker as { color: string; symbol: string };
  assertEquals([marker(1).color, marker(2).color], [colorAt(1), colorAt(1)]);
  assertEquals([marker(1).symbol, marker(2).symbol], ["circle", "x"]);
  assertEquals([fig.data[1].x, fig.data[1].y], [[0, 2], [0, 2]]);
});

Deno.test("embeddingScatter() accepts pairs and checks counts", () => {
  const fig = embeddingScatter([[0.5, 1], [2, 3]], [0, 0]);
  assertEquals(fig.data.length, 1);
  assertEquals(fig.data[0].name, "0");
  assertThrows(() => embeddingScatter([1, 2, 3], [0]), RangeError, "one x,y pair per label");
  assertThrows(
    () => embeddingScatter([1, 2], [0], { seen: [true, false] }),
    RangeError,
    "2 flags for 1 points",
  );
});

Deno.test("probabilityChart() highlights the prediction and the true class", () => {
  const wrong = probabilityChart([0.1, 0.7, 0.2], { trueClass: 2, classNames: ["a", "b", "c"] });
  assertEquals((wrong.data[0].marker as { color: string[] }).color, [
    "#b0b0b0",
    "#d62728",
    "#2ca02c",
  ]);
  assertEquals(wrong.data[0].text, ["10.0%", "70.0%", "20.0%"]);
  assertEquals((wrong.layout.title as { text: string }).text, "predicted b (70.0%), true c");
  const top = probabilityChart([0.1, 0.6, 0.3], { top: 2 });
  assertEquals(top.data[0].x, ["1", "2"]);
  assertThrows(() => probabilityChart([1], { trueClass: 3 }), RangeError, "below 1");
});
