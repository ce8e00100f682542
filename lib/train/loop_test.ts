import { assert, assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { runLoop } from "./loop.ts";
import { historyThroughput, trainingRecords } from "./throughput.ts";
import { interruptMark, simulateInterrupt } from "../interrupt/mod.ts";
import type { ProgressReporter, ProgressState } from "./progress.ts";

function recorder() {
  const states: ProgressState[] = [];
  const finished: (string | undefined)[] = [];
  const outcomes: (string | undefined)[] = [];
  let flushed = 0;
  const reporter: ProgressReporter = {
    update: (s) => states.push(s),
    finish: (summary, outcome) => {
      finished.push(summary);
      outcomes.push(outcome);
    },
    flush: () => {
      flushed++;
      return Promise.resolve();
    },
  };
  return { reporter, states, finished, outcomes, flushed: () => flushed };
}

Deno.test("runLoop() visits every example once per epoch in a seeded order", async () => {
  const orders: number[][] = [];
  const step = (indices: Int32Array, ctx: { epoch: number }) => {
    (orders[ctx.epoch - 1] ??= []).push(...indices);
    return { loss: 1 };
  };
  await runLoop(10, step, { epochs: 2, batchSize: 4, seed: 7 });
  assertEquals(orders.map((o) => [...o].sort((a, b) => a - b)), [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  ]);
  assert(orders[0].join() !== orders[1].join(), "each epoch gets a new order");
  const again: number[][] = [];
  await runLoop(10, (indices, ctx) => {
    (again[ctx.epoch - 1] ??= []).push(...indices);
    return { loss: 1 };
  }, { epochs: 2, batchSize: 4, seed: 7 });
  assertEquals(again, orders);
  const plain: number[] = [];
  await runLoop(5, (indices) => {
    plain.push(...indices);
    return { loss: 1 };
  }, { epochs: 1, batchSize: 2, seed: 7, shuffle: false });
  assertEquals(plain, [0, 1, 2, 3, 4]);
});

Deno.test("runLoop() averages loss, accuracy and extras weighted by batch size", async () => {
  const logs = await runLoop(10, (indices) => ({
    loss: indices.length,
    accuracy: indices.length === 4 ? 1 : 0,
    extra: { gLoss: 2 },
  }), { epochs: 1, batchSize: 4, seed: 1 });
  assertAlmostEquals(logs[0].loss, (4 * 4 + 4 * 4 + 2 * 2) / 10);
  assertAlmostEquals(logs[0].accuracy!, 0.8);
  assertEquals(logs[0].extra, { gLoss: 2 });
  assertEquals(logs[0].examples, 10);
  const dropped = await runLoop(10, () => ({ loss: 0 }), {
    epochs: 1,
    batchSize: 4,
    seed: 1,
    dropRemainder: true,
  });
  assertEquals(dropped[0].examples, 8);
});

Deno.test("runLoop() reports progress for every batch, then finishes and flushes once", async () => {
  const r = recorder();
  await runLoop(10, () => ({ loss: 0.5 }), {
    epochs: 2,
    batchSize: 4,
    seed: 1,
    progress: r.reporter,
    summary: (logs) => `${logs.length} done`,
  });
  assertEquals(r.states.map((s) => `${s.epoch}/${s.epochs}:${s.batch}/${s.batches}`), [
    "1/2:1/3",
    "1/2:2/3",
    "1/2:3/3",
    "2/2:1/3",
    "2/2:2/3",
    "2/2:3/3",
  ]);
  assert(r.states.every((s) => s.etaSeconds >= 0 && s.imagesPerSecond >= 0));
  assertEquals(r.states.at(-1)!.etaSeconds, 0);
  assertEquals(r.finished, ["2 done"]);
  assertEquals(r.flushed(), 1);
});

Deno.test("runLoop() stops when onEpochEnd says so, and passes the step a seeded rng", async () => {
  const draws: number[] = [];
  const logs = await runLoop(4, (_, ctx) => {
    draws.push(ctx.rng.next());
    return { loss: 1 };
  }, {
    epochs: 5,
    batchSize: 4,
    seed: 3,
    onEpochEnd: (log) => log.epoch === 2 ? "stop" : undefined,
  });
  assertEquals(logs.length, 2);
  const again: number[] = [];
  await runLoop(4, (_, ctx) => {
    again.push(ctx.rng.next());
    return { loss: 1 };
  }, { epochs: 2, batchSize: 4, seed: 3 });
  assertEquals(again, draws);
});

Deno.test("runLoop() rejects bad sizes with the option's name", async () => {
  const step = () => ({ loss: 0 });
  await assertRejects(
    () => runLoop(10, step, { epochs: 0, batchSize: 4, seed: 1 }),
    RangeError,
    "epochs 0",
  );
  await assertRejects(
    () => runLoop(10, step, { epochs: 1, batchSize: 2.5, seed: 1 }),
    RangeError,
    "batchSize 2.5",
  );
  await assertRejects(
    () => runLoop(0, step, { epochs: 1, batchSize: 4, seed: 1 }),
    RangeError,
    "size 0",
  );
});

Deno.test("runLoop() stops after the current batch on an interrupt, keeping what it trained", async () => {
  const r = recorder();
  const seen: string[] = [];
  const epochsEnded: number[] = [];
  const logs = await runLoop(10, (_indices, ctx) => {
    seen.push(`${ctx.epoch}.${ctx.batch}`);
    if (ctx.epoch === 2 && ctx.batch === 2) simulateInterrupt();
    return { loss: 1 };
  }, {
    epochs: 5,
    batchSize: 4,
    seed: 1,
    progress: r.reporter,
    onEpochEnd: (log) => {
      epochsEnded.push(log.epoch);
    },
  });
  assertEquals(seen, ["1.1", "1.2", "1.3", "2.1", "2.2"], "the batch in progress finishes");
  assertEquals(logs.map((l) => l.epoch), [1], "the unfinished epoch is not logged");
  assertEquals(epochsEnded, [1]);
  assertEquals(r.outcomes, ["interrupted"]);
  assert(r.finished[0]!.startsWith("interrupted at epoch 2/5, batch 2/3; the weights"));
  assertEquals(r.flushed(), 1);
});

Deno.test("runLoop() ignores interrupts that came before it started", async () => {
  simulateInterrupt();
  const before = interruptMark();
  const r = recorder();
  const logs = await runLoop(6, () => ({ loss: 1 }), {
    epochs: 2,
    batchSize: 3,
    seed: 1,
    progress: r.reporter,
  });
  assertEquals(logs.length, 2);
  assertEquals(r.outcomes, [undefined]);
  assertEquals(interruptMark(), before, "nothing new arrived");
});

Deno.test("runLoop() with maxSteps runs at most that many batches per epoch and epochs", async () => {
  const seen: [number, number, number][] = [];
  const logs = await runLoop(100, (indices, ctx) => {
    seen.push([ctx.epoch, ctx.batch, ctx.batches]);
    return { loss: indices.length };
  }, { epochs: 5, batchSize: 10, seed: 1, maxSteps: 2 });
  assertEquals(seen, [[1, 1, 2], [1, 2, 2], [2, 1, 2], [2, 2, 2]]);
  assertEquals(logs.map((l) => [l.epoch, l.examples]), [[1, 20], [2, 20]]);
  // null: no cap, whatever the environment says
  const all = await runLoop(30, () => ({ loss: 0 }), {
    epochs: 2,
    batchSize: 10,
    seed: 1,
    maxSteps: null,
  });
  assertEquals(all.map((l) => l.examples), [30, 30]);
});

Deno.test("runLoop() takes its step cap from NOTEBOOK_MAX_STEPS by default", async () => {
  const before = Deno.env.get("NOTEBOOK_MAX_STEPS");
  Deno.env.set("NOTEBOOK_MAX_STEPS", "1");
  try {
    let steps = 0;
    const logs = await runLoop(50, () => {
      steps++;
      return { loss: 0 };
    }, { epochs: 3, batchSize: 5, seed: 1 });
    assertEquals([steps, logs.length], [1, 1]);
    await assertRejects(
      () => runLoop(5, () => ({ loss: 0 }), { epochs: 1, batchSize: 5, seed: 1, maxSteps: 0 }),
      RangeError,
      "maxSteps 0",
    );
  } finally {
    if (before === undefined) Deno.env.delete("NOTEBOOK_MAX_STEPS");
    else Deno.env.set("NOTEBOOK_MAX_STEPS", before);
  }
});

Deno.test("runLoop() records each run's throughput, label and cap", async () => {
  const before = trainingRecords().length;
  await runLoop(10, () => ({ loss: 0 }), {
    epochs: 3,
    batchSize: 4,
    seed: 1,
    label: "demo",
    maxSteps: 2,
  });
  await runLoop(6, () => ({ loss: 0 }), { epochs: 1, batchSize: 4, seed: 1, maxSteps: null });
  const [capped, plain] = trainingRecords(before);
  assertEquals(
    [capped.label, capped.epochs, capped.steps, capped.examples, capped.batchSize, capped.maxSteps],
    ["demo", 2, 4, 16, 4, 2],
  );
  assertEquals([plain.label, plain.epochs, plain.steps, plain.examples, plain.maxSteps], [
    undefined,
    1,
    2,
    6,
    undefined,
  ]);
  assert(capped.seconds >= 0 && capped.imagesPerSecond >= 0);
});

Deno.test("historyThroughput() weighs each epoch by its examples", () => {
  assertEquals(historyThroughput([]), { epochs: 0, examples: 0, seconds: 0, imagesPerSecond: 0 });
  const t = historyThroughput([
    { seconds: 2, imagesPerSecond: 50, examples: 100 },
    { seconds: 1, imagesPerSecond: 200, examples: 200 },
  ]);
  assertEquals(t, { epochs: 2, examples: 300, seconds: 3, imagesPerSecond: 100 });
});
