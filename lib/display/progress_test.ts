import { assert, assertEquals, assertThrows } from "@std/assert";
import { formatDuration } from "./format.ts";
import { createProgress, progressFraction, progressHtml, progressLine } from "./progress.ts";
import { silentProgress } from "../train/progress.ts";
import type { ProgressState } from "../train/progress.ts";

const state: ProgressState = {
  epoch: 2,
  epochs: 4,
  batch: 5,
  batches: 10,
  loss: 0.123456,
  accuracy: 0.9512,
  imagesPerSecond: 1234.5,
  etaSeconds: 125,
  extra: { "val accuracy": 0.9, gLoss: 1.5 },
};

Deno.test("progressLine() shows bar, epoch, batch, figures and ETA on one line", () => {
  assertEquals(progressFraction(state), 15 / 40);
  assertEquals(
    progressLine("CNN", state, 8),
    "CNN [###.....] 38% epoch 2/4 batch 5/10 loss 0.1235 accuracy 95.1% " +
      "val accuracy 90.0% gLoss 1.5000 images/s 1,235 ETA 2\u00a0min 5\u00a0s",
  );
  assert(!progressLine("x", state).includes("\n"));
});

Deno.test("progressHtml() is script-free HTML with the figures, and a summary when done", () => {
  const live = progressHtml("CNN <1>", state);
  assert(!live.includes("<script"));
  assert(live.includes("CNN &lt;1&gt;"));
  assert(live.includes("width:38%"));
  assert(live.includes("ETA <b>2\u00a0min 5\u00a0s</b>"));
  const done = progressHtml("CNN", state, "4 epochs in 10 s");
  assert(done.includes("width:100%"));
  assert(done.includes("4 epochs in 10 s"));
  assert(!done.includes("ETA"));
  assert(progressHtml("CNN", undefined).includes("starting"));
});

Deno.test("formatDuration() writes seconds, minutes and hours, with no-break spaces", () => {
  assertEquals(
    [formatDuration(4.44), formatDuration(42.4), formatDuration(120), formatDuration(725)],
    ["4.4\u00a0s", "42\u00a0s", "2\u00a0min", "12\u00a0min 5\u00a0s"],
  );
  assertEquals([formatDuration(3725), formatDuration(NaN)], ["1\u00a0h 2\u00a0min", "–"]);
});

Deno.test("createProgress() logs one line per epoch in log mode, nothing when silent", () => {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    const p = createProgress("MLP", { mode: "log" });
    p.update({ ...state, batch: 3 });
    p.update({ ...state, batch: 10 });
    p.finish("done");
  } finally {
    console.log = original;
  }
  assertEquals(lines.length, 2);
  assert(lines[0].startsWith("MLP [") && lines[0].includes("batch 10/10"));
  assertEquals(lines[1], "MLP: done");
  assertEquals(createProgress("x", { mode: "silent" }), silentProgress);
  assertThrows(
    () => createProgress("x", { mode: "loud" as "log" }),
    RangeError,
    "Cannot create progress in mode 'loud'",
  );
});

Deno.test("progressHtml() marks an interrupted run and keeps its bar where it stopped", () => {
  const html = progressHtml("CNN", state, "interrupted at epoch 2/4", "interrupted");
  assert(html.includes('class="digits-progress interrupted"'));
  assert(html.includes(">interrupted</b>"));
  assert(html.includes("width:38%"), "the bar stays at the fraction reached");
  assert(html.includes("interrupted at epoch 2/4"));
  assert(!html.includes("ETA"));
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    createProgress("MLP", { mode: "log" }).finish("stopped", "interrupted");
  } finally {
    console.log = original;
  }
  assertEquals(lines, ["MLP: interrupted: stopped"]);
});
