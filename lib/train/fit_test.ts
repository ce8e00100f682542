import * as tf from "@tensorflow/tfjs";
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { fit } from "./fit.ts";
import { exponentialDecay, type LearningRateSchedule } from "./schedule.ts";
import { evaluate } from "./evaluate.ts";
import { predict } from "./predict.ts";
import { separableSource, tinyClassifier, tripletsSource } from "./_testing.ts";

await tf.setBackend("cpu");
const train = separableSource(256, 1);
const val = separableSource(128, 2);

Deno.test("fit() trains two epochs with finite, decreasing loss and validation", async () => {
  const model = tinyClassifier();
  try {
    const history = await fit(model, train, { epochs: 2, batchSize: 32, seed: 5, validation: val });
    assertEquals(history.map((h) => h.epoch), [1, 2]);
    assert(history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.valLoss!)));
    assert(history[1].loss < history[0].loss, `loss ${history[0].loss} → ${history[1].loss}`);
    assert(history[1].valLoss! < history[0].valLoss!);
    assert(history[1].accuracy! > 0.5 && history[1].valAccuracy! > 0.5);
    assert(history.every((h) => h.seconds > 0 && h.imagesPerSecond > 0));
    // validation figures are the model's own evaluation of the source
    const v = await evaluate(model, val, { batchSize: 50 });
    assertAlmostEquals(v.loss, history[1].valLoss!, 1e-6);
    assertAlmostEquals(v.accuracy!, history[1].valAccuracy!, 1e-9);
  } finally {
    model.dispose();
  }
});

Deno.test("fit() gives the same history for the same seed and another for another", async () => {
  const run = async (seed: number) => {
    const model = tinyClassifier();
    try {
      return (await fit(model, train, { epochs: 2, batchSize: 16, seed })).map((h) => h.loss);
    } finally {
      model.dispose();
    }
  };
  const a = await run(11);
  assertEquals(await run(11), a);
  assert((await run(12)).join() !== a.join());
});

Deno.test("fit() by trainOnBatch and by optimizer.minimize make the same updates", async () => {
  const run = async (method: "trainOnBatch" | "minimize") => {
    const model = tinyClassifier();
    try {
      return await fit(model, train, { epochs: 2, batchSize: 32, seed: 3, method });
    } finally {
      model.dispose();
    }
  };
  const a = await run("trainOnBatch");
  const b = await run("minimize");
  for (let i = 0; i < 2; i++) {
    assertAlmostEquals(a[i].loss, b[i].loss, 1e-5);
    assertAlmostEquals(a[i].accuracy!, b[i].accuracy!, 1e-9);
  }
});

Deno.test("fit(), evaluate() and predict() leave no tensors behind", async () => {
  for (const method of ["trainOnBatch", "minimize"] as const) {
    const model = tinyClassifier({ dropout: true });
    try {
      await fit(model, train, { epochs: 1, batchSize: 64, seed: 1, method }); // optimizer state
      const before = tf.memory().numTensors;
      await fit(model, train, { epochs: 2, batchSize: 64, seed: 1, validation: val, method });
      await evaluate(model, val);
      await predict(model, val, { batchSize: 50 });
      assertEquals(tf.memory().numTensors, before, method);
    } finally {
      model.dispose();
    }
  }
});

Deno.test("fit() and evaluate() count accuracy per prediction when a source gives three per example", async () => {
  // a Triple-MNIST-like source: each example holds three predictions (`[b, 3, 2]`); dividing the
  // digits right by the examples would report up to 300% accuracy
  const source = tripletsSource(96, 7);
  const run = async (method: "trainOnBatch" | "minimize") => {
    const model = tinyClassifier({ triplets: true });
    try {
      const history = await fit(model, source, { epochs: 2, batchSize: 16, seed: 3, method });
      const { xs, ys } = source.batch(new Int32Array(source.size).map((_, i) => i));
      const predicted = tf.tidy(() => tf.argMax(model.predict(xs) as tf.Tensor, -1).dataSync());
      tf.dispose([xs, ys]);
      const right = predicted.filter((p, i) => p === source.labels[i]).length;
      const v = await evaluate(model, source, { batchSize: 40 });
      return { history, v, share: right / (3 * source.size) };
    } finally {
      model.dispose();
    }
  };
  const a = await run("trainOnBatch");
  const b = await run("minimize");
  for (const { history, v, share } of [a, b]) {
    assert(history.every((h) => h.accuracy! >= 0 && h.accuracy! <= 1), `${history[1].accuracy}`);
    assertAlmostEquals(v.accuracy!, share, 1e-9);
  }
  for (let i = 0; i < 2; i++) {
    assertAlmostEquals(a.history[i].accuracy!, b.history[i].accuracy!, 1e-6);
  }
});

Deno.test("fit() stops early when onEpochEnd returns 'stop'", async () => {
  const model = tinyClassifier();
  try {
    const seen: number[] = [];
    const history = await fit(model, train, {
      epochs: 5,
      batchSize: 64,
      seed: 1,
      onEpochEnd: (log, m) => {
        seen.push(log.epoch);
        assertEquals(m, model);
        return log.epoch === 2 ? "stop" : undefined;
      },
    });
    assertEquals([history.length, seen], [2, [1, 2]]);
  } finally {
    model.dispose();
  }
});

Deno.test("fit() and evaluate() refuse a model that is not compiled", async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
  try {
    await assertRejects(
      () => fit(model, train, { epochs: 1, batchSize: 8, seed: 1 }),
      TypeError,
      "as a compiled model",
    );
    await assertRejects(() => evaluate(model, train), TypeError, "call model.compile");
  } finally {
    model.dispose();
  }
});

Deno.test("evaluate() agrees with model.evaluate, also for integer targets", async () => {
  for (const sparse of [false, true]) {
    const model = tinyClassifier({ sparse });
    const source = separableSource(100, 4, sparse);
    try {
      const mine = await evaluate(model, source, { batchSize: 32 });
      const { xs, ys } = source.batch(new Int32Array(100).map((_, i) => i));
      const theirs = model.evaluate(xs, ys, { batchSize: 100 }) as tf.Scalar[];
      assertAlmostEquals(mine.loss, theirs[0].dataSync()[0], 1e-5);
      assertAlmostEquals(mine.accuracy!, theirs[1].dataSync()[0], 1e-6);
      tf.dispose([xs, ys, ...theirs]);
    } finally {
      model.dispose();
    }
  }
});

Deno.test("predict() returns probabilities, argmax classes and the true labels", async () => {
  const model = tinyClassifier();
  try {
    const source = separableSource(10, 9);
    const p = await predict(model, source, { batchSize: 3 });
    assertEquals([p.numClasses, p.probabilities.length, p.predicted.length], [2, 20, 10]);
    for (let i = 0; i < 10; i++) {
      const [a, b] = [p.probabilities[2 * i], p.probabilities[2 * i + 1]];
      assertAlmostEquals(a + b, 1, 1e-5);
      assertEquals(p.predicted[i], b > a ? 1 : 0);
    }
    const { ys } = source.batch(new Int32Array(10).map((_, i) => i));
    assertEquals(Array.from(p.labels), Array.from(tf.argMax(ys, -1).dataSync()));
    ys.dispose();
  } finally {
    model.dispose();
  }
});

Deno.test("fit() sets each epoch's learning rate from the schedule, before the epoch", async () => {
  const model = tinyClassifier();
  try {
    const initial = (model.optimizer as unknown as { learningRate: number }).learningRate;
    const seen: number[] = [];
    await fit(model, train, {
      epochs: 3,
      batchSize: 64,
      seed: 3,
      learningRate: exponentialDecay(0.5),
      onEpochEnd: (_log, m) => {
        seen.push((m.optimizer as unknown as { learningRate: number }).learningRate);
      },
    });
    assertEquals(seen, [initial, initial / 2, initial / 4]);
  } finally {
    model.dispose();
  }
});

Deno.test("fit() with a constant schedule trains exactly as without one", async () => {
  const run = async (schedule?: LearningRateSchedule) => {
    const model = tinyClassifier();
    try {
      const history = await fit(model, train, {
        epochs: 2,
        batchSize: 32,
        seed: 9,
        ...(schedule ? { learningRate: schedule } : {}),
      });
      return history.map((h) => h.loss);
    } finally {
      model.dispose();
    }
  };
  assertEquals(await run((_epoch, initial) => initial), await run());
});

Deno.test("evaluate() and predict() cover the first maxBatches batches under a step cap", async () => {
  const model = tinyClassifier();
  const source = separableSource(100);
  const full = await predict(model, source, { batchSize: 16, maxBatches: null });
  const capped = await predict(model, source, { batchSize: 16, maxBatches: 2 });
  assertEquals([full.labels.length, capped.labels.length], [100, 32]);
  assertEquals(capped.predicted, full.predicted.slice(0, 32), "a prefix: rows keep their index");
  const before = Deno.env.get("NOTEBOOK_MAX_STEPS");
  Deno.env.set("NOTEBOOK_MAX_STEPS", "1");
  try {
    assertEquals((await predict(model, source, { batchSize: 10 })).labels.length, 10);
    const first = await evaluate(model, source, { batchSize: 10 });
    const prefix = await evaluate(model, separableSource(10), { batchSize: 10, maxBatches: null });
    assertAlmostEquals(first.loss, prefix.loss, 1e-6);
  } finally {
    if (before === undefined) Deno.env.delete("NOTEBOOK_MAX_STEPS");
    else Deno.env.set("NOTEBOOK_MAX_STEPS", before);
    model.dispose();
  }
});
