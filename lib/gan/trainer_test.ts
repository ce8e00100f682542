import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "@std/assert";
import { stepBytesPerRow } from "../train/mod.ts";
import { createWeightAverage } from "./average.ts";
import { digitGan, digitGenerator } from "../models/digit_gan.ts";
import { createGanTrainer } from "./trainer.ts";
import { trainGan } from "./train.ts";
import { barDigits } from "./_testing.ts";

// Convolution gradients take seconds on the pure-JS `cpu` backend, milliseconds on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

function weights(model: tf.LayersModel): Float32Array[] {
  return model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
}

function changed(a: Float32Array[], b: Float32Array[]): boolean {
  return a.some((w, i) => w.some((v, j) => v !== b[i][j]));
}

Deno.test("GanTrainer.step() updates the generator and the discriminator, each with its own optimiser", async () => {
  const source = barDigits(8);
  const batch = source.batch(Int32Array.from({ length: 8 }, (_, i) => i));
  for (
    const [frozen, rates] of [
      ["discriminator", { discriminatorLearningRate: 0 }],
      ["generator", { generatorLearningRate: 0 }],
    ] as const
  ) {
    const gan = digitGan({ seed: 3, width: 8 });
    const g0 = weights(gan.generator);
    const d0 = weights(gan.discriminator);
    const trainer = createGanTrainer(gan, { optimizer: rates });
    const r = await trainer.step(batch.xs, batch.ys);
    for (const v of Object.values(r)) assert(Number.isFinite(v));
    assertEquals(changed(g0, weights(gan.generator)), frozen !== "generator");
    assertEquals(changed(d0, weights(gan.discriminator)), frozen !== "discriminator");
    assertEquals(trainer.steps, 1);
    trainer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  }
  tf.dispose([batch.xs, batch.ys]);
});

Deno.test("GanTrainer.step() leaks no tensors and repeats exactly for a seed", async () => {
  const source = barDigits(8);
  const batch = source.batch(Int32Array.from({ length: 8 }, (_, i) => i));
  const run = async () => {
    const gan = digitGan({ seed: 4, width: 8 });
    const trainer = createGanTrainer(gan, { seed: 9 });
    const results = [await trainer.step(batch.xs, batch.ys)];
    const after = tf.memory().numTensors; // the optimisers' slots now exist
    results.push(await trainer.step(batch.xs, batch.ys), await trainer.step(batch.xs, batch.ys));
    assertEquals(tf.memory().numTensors, after);
    trainer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
    return results;
  };
  assertEquals(await run(), await run());
  tf.dispose([batch.xs, batch.ys]);
});

Deno.test("GanTrainer.step() folds every step into the generator's running average, without leaks", async () => {
  const source = barDigits(8);
  const batch = source.batch(Int32Array.from({ length: 8 }, (_, i) => i));
  const gan = digitGan({ seed: 4, width: 8 });
  const average = createWeightAverage(gan.generator, digitGenerator({ width: 8 }), 0.5);
  const trainer = createGanTrainer(gan, { seed: 9, average });
  await trainer.step(batch.xs, batch.ys);
  const after = tf.memory().numTensors;
  const before = weights(average.model);
  await trainer.step(batch.xs, batch.ys);
  assertEquals([trainer.steps, average.steps], [2, 2]);
  assertEquals(tf.memory().numTensors, after);
  assert(changed(before, weights(average.model)), "the average moved");
  assert(changed(weights(gan.generator), weights(average.model)), "and lags the generator");
  trainer.dispose();
  for (const m of [gan.generator, gan.discriminator, average.model]) m.dispose();
  tf.dispose([batch.xs, batch.ys]);
});

Deno.test("GanTrainer.step() rejects labels that do not fit the GAN", async () => {
  const gan = digitGan({ seed: 1, width: 8 });
  const trainer = createGanTrainer(gan);
  const xs = tf.zeros([2, 28, 28, 1]);
  const ys = tf.zeros([2, 3], "int32");
  await assertRejects(
    () => trainer.step(xs, ys),
    TypeError,
    "Cannot train GAN 'digit-gan' with labels of shape [2,3] as they must be [2, 1]",
  );
  tf.dispose([xs, ys]);
  trainer.dispose();
});

Deno.test("trainGan() logs G and D losses per epoch, and the discriminator learns the digits", async () => {
  const gan = digitGan({ seed: 5, width: 8 });
  const trainer = createGanTrainer(gan, {
    seed: 1,
    optimizer: { discriminatorLearningRate: 2e-3 },
  });
  const seen: number[] = [];
  const logs = await trainGan(trainer, barDigits(32), {
    epochs: 10,
    batchSize: 8,
    seed: 2,
    onEpochEnd: (log) => {
      seen.push(log.epoch);
    },
  });
  assertEquals(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assertEquals(trainer.steps, 10 * 4);
  for (const log of logs) {
    assert(Number.isFinite(log.generatorLoss) && Number.isFinite(log.discriminatorLoss));
    assert(Math.abs(log.ratio - log.generatorLoss / log.discriminatorLoss) < 1e-12);
    assert(log.realScore > 0 && log.realScore < 1 && log.fakeScore > 0 && log.fakeScore < 1);
  }
  // the auxiliary classifier reads real digits: its cross-entropy falls well below log 10
  assert(logs[0].discriminatorAuxLoss > 1.5, `first ${logs[0].discriminatorAuxLoss}`);
  assert(
    logs[9].discriminatorAuxLoss < logs[0].discriminatorAuxLoss / 2,
    `aux CE by epoch ${logs.map((l) => l.discriminatorAuxLoss.toFixed(2))}`,
  );
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("GanTrainer.step() in micro-batches makes the update of the whole batch", async () => {
  const source = barDigits(8);
  const batch = source.batch(Int32Array.from({ length: 8 }, (_, i) => i));
  const run = async (stepMemory: number | null) => {
    const gan = digitGan({ seed: 5, width: 8 }); // no batch norm: the split changes nothing
    const trainer = createGanTrainer(gan, { seed: 11, stepMemory });
    const before = tf.memory().numTensors;
    const results = [await trainer.step(batch.xs, batch.ys)];
    const after = tf.memory().numTensors; // the optimisers' slots now exist
    results.push(await trainer.step(batch.xs, batch.ys));
    assertEquals(tf.memory().numTensors, after, "no tensor left behind by a step");
    assert(after > before);
    const out = {
      results,
      micro: trainer.microBatches.smallest,
      g: weights(gan.generator),
      d: weights(gan.discriminator),
    };
    trainer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
    return out;
  };
  const whole = await run(null);
  // a budget of a third of the batch's estimate: three parts of 3, 3 and 2 rows
  const gan = digitGan({ seed: 5, width: 8 });
  const perRow = stepBytesPerRow(gan.generator) + stepBytesPerRow(gan.discriminator);
  gan.generator.dispose();
  gan.discriminator.dispose();
  const split = await run(Math.ceil((8 * perRow) / 3));
  assertEquals(whole.micro, undefined);
  assertEquals(split.micro, 3);
  whole.results.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) {
      assertAlmostEquals(split.results[i][k as keyof typeof r], v, 1e-4, `step ${i + 1} ${k}`);
    }
  });
  for (const [a, b] of [[whole.g, split.g], [whole.d, split.d]]) {
    a.forEach((w, i) => w.forEach((v, j) => assertAlmostEquals(b[i][j], v, 1e-4)));
  }
  tf.dispose([batch.xs, batch.ys]);
});
