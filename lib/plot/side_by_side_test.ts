import { assert, assertEquals, assertThrows } from "@std/assert";
import { sideBySide } from "./side_by_side.ts";
import { lineChart } from "./line.ts";
import { trainingCurves } from "./curves.ts";

const history = [
  { epoch: 1, loss: 0.9, valLoss: 0.8, accuracy: 0.7, valAccuracy: 0.75 },
  { epoch: 2, loss: 0.4, valLoss: 0.5, accuracy: 0.85, valAccuracy: 0.8 },
];

Deno.test("sideBySide() puts the right figure on x2/y2 and splits the width", () => {
  const fig = sideBySide(
    trainingCurves({ mlp: history, cnn: history }, "loss"),
    trainingCurves({ mlp: history, cnn: history }, "accuracy"),
    { title: "Loss and accuracy", gap: 0.1 },
  );
  const left = fig.data.filter((t) => t.xaxis === undefined);
  const right = fig.data.filter((t) => t.xaxis === "x2");
  assertEquals(left.length, 6);
  assertEquals(right.length, 6);
  assert(right.every((t) => t.yaxis === "y2"));
  const l = fig.layout as Record<string, Record<string, unknown>>;
  assertEquals(l.xaxis.domain, [0, 0.45]);
  assertEquals(l.xaxis2.domain, [0.55, 1]);
  assertEquals([l.xaxis2.anchor, l.yaxis2.anchor], ["y2", "x2"]);
  assertEquals(l.yaxis.title, { text: "loss" }, "each panel keeps its own axis titles");
  assertEquals(l.yaxis2.tickformat, ".1%");
  assertEquals((l.title as unknown as { text: string }).text, "Loss and accuracy");
});

Deno.test("sideBySide() shows each legend entry once", () => {
  const fig = sideBySide(
    lineChart([{ name: "train", y: [1, 2] }, { name: "held-out cost", y: [2, 3] }]),
    lineChart([{ name: "train", y: [0.5, 0.6] }, { name: "held-out accuracy", y: [0.4, 0.5] }]),
  );
  assertEquals(
    fig.data.map((t) => [t.name, t.showlegend ?? true]),
    [["train", true], ["held-out cost", true], ["train", false], ["held-out accuracy", true]],
  );
});

Deno.test("sideBySide() sets a panel's log axis and tick format, and moves right shapes", () => {
  const right = lineChart([{ name: "a", y: [0.5, 0.6] }]);
  right.layout.shapes = [{ type: "line", x0: 1, x1: 1, yref: "paper", y0: 0, y1: 1 }];
  const fig = sideBySide(lineChart([{ name: "b", y: [0.06, 0.4, 2.3] }]), right, {
    left: { logY: true },
    right: { yFormat: ".0%" },
    height: 560,
  });
  const l = fig.layout as Record<string, Record<string, unknown>>;
  assertEquals(l.yaxis.type, "log");
  assertEquals(l.yaxis.ticktext, ["0.1", "0.2", "0.5", "1", "2"]);
  assertEquals(l.yaxis2.tickformat, ".0%");
  assertEquals(fig.layout.height, 560);
  assertEquals((fig.layout.shapes as Record<string, unknown>[])[0].xref, "x2");
  assertEquals((fig.layout.shapes as Record<string, unknown>[])[0].yref, "y2 domain");
});

Deno.test("sideBySide() rejects a gap outside [0, 0.5)", () => {
  const f = lineChart([{ name: "a", y: [1] }]);
  assertThrows(() => sideBySide(f, f, { gap: 0.5 }), RangeError, "gap 0.5");
});
