import { assertEquals, assertThrows } from "@std/assert";
import { bestIndex, trainingCurves } from "./curves.ts";
import { lineChart } from "./line.ts";
import { colorAt } from "./types.ts";

const mlp = [
  { epoch: 1, loss: 0.9, accuracy: 0.7, valLoss: 0.8, valAccuracy: 0.75 },
  { epoch: 2, loss: 0.5, accuracy: 0.85, valLoss: 0.45, valAccuracy: 0.88 },
  { epoch: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.5, valAccuracy: 0.87 },
];
const cnn = [
  { epoch: 1, loss: 0.6, accuracy: 0.8 },
  { epoch: 2, loss: 0.2, accuracy: 0.95 },
];

Deno.test("trainingCurves() draws train, validation and a best-epoch star per model", () => {
  const fig = trainingCurves({ mlp, cnn }, "loss");
  const names = fig.data.map((t) => t.name);
  assertEquals(names, [
    "mlp train",
    "mlp validation",
    "mlp best (epoch 2)",
    "cnn train",
    "cnn best (epoch 2)",
  ]);
  // one colour per model, validation dashed
  const line = (i: number) => fig.data[i].line as { color: string; dash: string };
  assertEquals([line(0).color, line(1).color, line(3).color], [colorAt(0), colorAt(0), colorAt(1)]);
  assertEquals([line(0).dash, line(1).dash], ["solid", "dash"]);
  assertEquals(fig.data[1].y, [0.8, 0.45, 0.5]);
  // the best epoch is judged on validation loss (epoch 2), not training loss (epoch 3)
  assertEquals([fig.data[2].x, fig.data[2].y], [[2], [0.45]]);
  // without validation, on training loss
  assertEquals([fig.data[4].x, fig.data[4].y], [[2], [0.2]]);
});

Deno.test("trainingCurves() picks the highest accuracy and formats the axis as percent", () => {
  const fig = trainingCurves({ mlp }, "accuracy", { markBest: true });
  const star = fig.data.find((t) => String(t.name).startsWith("best"))!;
  assertEquals([star.x, star.y], [[2], [0.88]]);
  assertEquals((fig.layout.yaxis as { tickformat: string }).tickformat, ".1%");
  assertEquals(fig.data.map((t) => t.name), ["train", "validation", "best (epoch 2)"]);
});

Deno.test("trainingCurves() can leave out validation and the marker", () => {
  const fig = trainingCurves({ mlp }, "loss", { validation: false, markBest: false });
  assertEquals(fig.data.map((t) => t.name), ["train"]);
});

Deno.test("trainingCurves() rejects accuracy curves of a history without accuracy", () => {
  assertThrows(
    () => trainingCurves({ ae: [{ epoch: 1, loss: 0.1 }] }, "accuracy"),
    RangeError,
    "Cannot plot accuracy of 'ae'",
  );
});

Deno.test("bestIndex() skips non-finite values", () => {
  assertEquals(bestIndex([NaN, 3, 1, Infinity], "min"), 2);
  assertEquals(bestIndex([NaN, 3, 1], "max"), 1);
  assertEquals(bestIndex([NaN], "max"), -1);
});

Deno.test("lineChart() numbers x from 1 and checks lengths", () => {
  const fig = lineChart([{ name: "a", y: [3, 2, 1] }, { name: "b", x: [0, 5], y: [1, 2] }]);
  assertEquals(fig.data[0].x, [1, 2, 3]);
  assertEquals(fig.data[1].x, [0, 5]);
  assertThrows(
    () => lineChart([{ name: "bad", x: [1], y: [1, 2] }]),
    RangeError,
    "Cannot plot series 'bad'",
  );
});
