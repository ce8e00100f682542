import * as tf from "@tensorflow/tfjs";
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { fitKeepingBest } from "./fit_best.ts";
import { evaluate } from "./evaluate.ts";
import { separableSource, tinyClassifier } from "./_testing.ts";

await tf.setBackend("cpu");
const train = separableSource(256, 1);
const val = separableSource(128, 2);

/** From epoch `from` on, a step size that wrecks the weights: validation gets worse. */
const wreckAfter = (from: number) => (log: { epoch: number }, model: tf.LayersModel) => {
  if (log.epoch === from) {
    (model.optimizer as tf.SGDOptimizer).setLearningRate(1e4);
  }
};

Deno.test("fitKeepingBest() stops after `patience` worse epochs and restores the best one", async () => {
  const model = tinyClassifier();
  try {
    const r = await fitKeepingBest(model, train, {
      epochs: 10,
      batchSize: 32,
      seed: 5,
      validation: val,
      patience: 2,
      onEpochEnd: wreckAfter(3),
    });
    assert(r.bestEpoch <= 3, `best epoch ${r.bestEpoch}`);
    assertEquals(r.stoppedEarly, true);
    assertEquals(r.history.length, r.bestEpoch + 2);
    assertEquals(r.monitor, "valAccuracy");
    const best = Math.max(...r.history.map((h) => h.valAccuracy!));
    assertEquals(r.bestValue, best);
    assert(r.history.at(-1)!.valAccuracy! < best);
    // the model holds the kept epoch's weights: its validation accuracy is that epoch's
    assertAlmostEquals((await evaluate(model, val)).accuracy!, best, 1e-9);
  } finally {
    model.dispose();
  }
});

Deno.test("fitKeepingBest() runs every epoch without patience and can keep the lowest loss", async () => {
  const model = tinyClassifier();
  try {
    const r = await fitKeepingBest(model, train, {
      epochs: 4,
      batchSize: 32,
      seed: 5,
      validation: val,
      monitor: "valLoss",
    });
    assertEquals(r.history.length, 4);
    assertEquals(r.stoppedEarly, false);
    assertEquals(r.bestValue, Math.min(...r.history.map((h) => h.valLoss!)));
    assertAlmostEquals((await evaluate(model, val)).loss, r.bestValue, 1e-6);
  } finally {
    model.dispose();
  }
});

Deno.test("fitKeepingBest() leaks no tensors and rejects a patience of 0", async () => {
  const model = tinyClassifier();
  try {
    const before = tf.memory().numTensors;
    await fitKeepingBest(model, train, { epochs: 2, batchSize: 64, seed: 1, validation: val });
    // the optimizer's slots are the only new tensors (SGD has none)
    assertEquals(tf.memory().numTensors, before);
    await assertRejects(
      () =>
        fitKeepingBest(model, train, {
          epochs: 2,
          batchSize: 64,
          seed: 1,
          validation: val,
          patience: 0,
        }),
      RangeError,
      "patience 0",
    );
  } finally {
    model.dispose();
  }
});
