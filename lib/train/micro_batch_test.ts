import * as tf from "@tensorflow/tfjs";
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { fit } from "./fit.ts";
import { microBatchRows, stepBytesPerRow } from "./micro_batch.ts";
import { trainingRecords } from "./throughput.ts";
import { separableSource, tinyClassifier } from "./_testing.ts";

await tf.setBackend("cpu");
const train = separableSource(96, 1);

Deno.test("microBatchRows keeps a batch that fits and splits one that does not evenly", () => {
  assertEquals(microBatchRows(96, 1000, undefined), 96);
  assertEquals(microBatchRows(96, 1000, 96_000), 96);
  assertEquals(microBatchRows(96, 1000, 95_999), 48);
  assertEquals(microBatchRows(768, 4e6, 1.5e9), 256);
  assertEquals(microBatchRows(5, 1e9, 1), 1, "never below one row");
});

Deno.test("stepBytesPerRow counts every layer's output, its gradient and the largest's buffers", () => {
  const model = tinyClassifier();
  try {
    // outputs of 8 and 2 floats: 4 bytes · (2 · 10 + 6 · 8)
    assertEquals(stepBytesPerRow(model), 4 * (2 * 10 + 6 * 8));
  } finally {
    model.dispose();
  }
});

Deno.test("fit in micro-batches makes the update of the whole batch", async () => {
  const run = async (stepMemory: number | null) => {
    const model = tinyClassifier();
    try {
      const history = await fit(model, train, {
        epochs: 2,
        batchSize: 32,
        seed: 7,
        stepMemory,
        label: `micro ${stepMemory}`,
      });
      const weights = await Promise.all(model.getWeights().map((w) => w.data()));
      return { history, weights: weights.flatMap((w) => Array.from(w)) };
    } finally {
      model.optimizer.dispose();
      model.dispose();
    }
  };
  const tensorsBefore = tf.memory().numTensors;
  const whole = await run(null);
  // 32 rows at 272 bytes each need 8,704 bytes: a budget of 2,200 makes 4 parts of 8 rows
  const split = await run(2200);
  assertEquals(tf.memory().numTensors, tensorsBefore, "no tensor left behind");
  whole.weights.forEach((w, i) => assertAlmostEquals(split.weights[i], w, 1e-5));
  whole.history.forEach((h, i) => {
    assertAlmostEquals(split.history[i].loss, h.loss, 1e-5);
    assertAlmostEquals(split.history[i].accuracy!, h.accuracy!, 1e-9);
  });
  const records = trainingRecords();
  const splitRecord = records.find((r) => r.label === "micro 2200");
  assertEquals(splitRecord?.microBatchRows, 8);
  assert(records.find((r) => r.label === "micro null")?.microBatchRows === undefined);
});
