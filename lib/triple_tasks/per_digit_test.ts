import * as tf from "@tensorflow/tfjs";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertRejects,
  assertThrows,
} from "@std/assert";
import { Rng } from "../random/mod.ts";
import {
  thirdsBatch,
  thirdsSource,
  type TripleMnist,
  type TripleMnistSplit,
} from "../triple_mnist/mod.ts";
import { testSplit } from "../triple_mnist/_testing.ts";
import { initBackend } from "../backend/mod.ts";
import { scoreTripleModel } from "../analysis/mod.ts";
import { compileTripleCnn, tripleEnhancedCnn, triplePerDigitCnn } from "../models/triple_mnist.ts";
import { perDigitTrainingSource } from "./sources.ts";
import { TASK3_BUDGET, TASK4_BUDGET, trainedTriplePerDigitCnn } from "./per_digit.ts";
import { trainTripleCnn } from "./trainer.ts";

await tf.setBackend("cpu");

/** A tiny split of random images with the given classes. */
function fakeSplit(labels: number[]): TripleMnistSplit {
  const rng = new Rng(17);
  return testSplit(labels, (image) => {
    for (let p = 0; p < image.length; p++) image[p] = rng.int(256);
  });
}

Deno.test("perDigitTrainingSource() cuts whole images into thirdsSource's examples, 3 per image", () => {
  const split = fakeSplit([907, 123, 45]);
  const before = tf.memory().numTensors;
  const source = perDigitTrainingSource(split);
  assertEquals(source.size, 3);
  const ours = source.batch(Int32Array.of(2, 0));
  const theirs = thirdsSource(split).batch(Int32Array.of(6, 7, 8, 0, 1, 2));
  assertEquals(ours.xs.shape, [6, 84, 28, 1]);
  assertEquals(ours.ys.shape, [6, 10]);
  assertEquals(Array.from(ours.xs.dataSync()), Array.from(theirs.xs.dataSync()));
  assertEquals(Array.from(ours.ys.dataSync()), Array.from(theirs.ys.dataSync()));
  tf.dispose([ours.xs, ours.ys, theirs.xs, theirs.ys]);
  assertEquals(tf.memory().numTensors, before);
  assertThrows(
    () => thirdsBatch({ xs: tf.zeros([1, 84, 28, 1]), ys: tf.zeros([1, 10]) }),
    TypeError,
    "[b, 84, 84, 1] and [b, 3, 10]",
  );
});

Deno.test("perDigitTrainingSource() with augmentation: same shapes and digits, new pixels, seeded", () => {
  const split = fakeSplit([907, 123]);
  const a = perDigitTrainingSource(split, { augment: { seed: 4 } }).batch(Int32Array.of(0, 1));
  const b = perDigitTrainingSource(split, { augment: { seed: 4 } }).batch(Int32Array.of(0, 1));
  const plain = perDigitTrainingSource(split).batch(Int32Array.of(0, 1));
  assertEquals(a.xs.shape, [6, 84, 28, 1]);
  assertEquals(Array.from(a.ys.argMax(1).dataSync()), [9, 0, 7, 1, 2, 3]);
  assertEquals(Array.from(a.xs.dataSync()), Array.from(b.xs.dataSync()));
  assertNotEquals(Array.from(a.xs.dataSync()), Array.from(plain.xs.dataSync()));
  tf.dispose([a.xs, a.ys, b.xs, b.ys, plain.xs, plain.ys]);
});

Deno.test("TASK3_BUDGET and TASK4_BUDGET: full is A's recipe", () => {
  assertEquals(TASK3_BUDGET.full, { imagesPerClass: 100, epochs: 10, batchImages: 256 });
  assertEquals(TASK4_BUDGET.full.epochs, 250);
});

Deno.test("trainedTriplePerDigitCnn() trains, saves, and loads the same model back", async () => {
  await initBackend({ backend: "wasm" });
  const dir = await Deno.makeTempDir({ prefix: "triple_task3_" });
  try {
    const split = fakeSplit([907, 123, 45, 678, 210, 999]);
    const data: TripleMnist = {
      train: split,
      val: { ...split, name: "val" },
      test: { ...split, name: "test" },
      dir,
      imagesPerClass: 1,
      origin: "generated",
      pool: "disjoint",
      generatedNow: false,
      fromCache: [],
      seconds: 0,
    };
    const budget = { imagesPerClass: 1, epochs: 2, batchImages: 3 };
    const lines: string[] = [];
    const first = await trainedTriplePerDigitCnn({
      data,
      budget,
      seed: 5,
      dir,
      log: (l) => lines.push(l),
    });
    assertEquals(first.loaded, false);
    assertEquals(first.record.history.length, 2);
    assert(first.record.history.every((h) => Number.isFinite(h.loss) && h.accuracy! <= 1));
    assert(first.record.history[0].valAccuracy !== undefined);
    // the kept epoch is the one with the best validation exact match (the earlier on a tie)
    const em = first.record.history.map((h) => h.valExactMatch!);
    assertEquals(first.record.keptEpoch, em.indexOf(Math.max(...em)) + 1);
    assertEquals(first.record.data.pool, "disjoint");
    const second = await trainedTriplePerDigitCnn({
      data,
      budget,
      seed: 5,
      dir,
      log: (l) => lines.push(l),
    });
    assertEquals(second.loaded, true);
    const x = tf.randomUniform([4, 84, 28, 1], 0, 1, "float32", 9);
    const a = first.model.predict(x) as tf.Tensor;
    const b = second.model.predict(x) as tf.Tensor;
    assert(tf.tidy(() => a.sub(b).abs().max().arraySync() as number) < 1e-6);
    // another budget is not the saved model: it trains again
    const third = await trainedTriplePerDigitCnn({
      data,
      budget: { ...budget, epochs: 1 },
      seed: 5,
      dir,
      log: (l) => lines.push(l),
    });
    assertEquals(third.loaded, false);
    // a model trained on the other digit pool is not reused either
    const fourth = await trainedTriplePerDigitCnn({
      data: { ...data, pool: "shared" },
      budget: { ...budget, epochs: 1 },
      seed: 5,
      dir,
      log: (l) => lines.push(l),
    });
    assertEquals([fourth.loaded, fourth.record.data.pool], [false, "shared"]);
    tf.dispose([x, a, b]);
    [first, second, third, fourth].forEach((t) => t.model.dispose());
  } finally {
    await Deno.remove(dir, { recursive: true });
    await tf.setBackend("cpu");
  }
});

Deno.test("trainTripleCnn() keeps the epoch with the best validation exact match", async () => {
  await initBackend({ backend: "wasm" });
  try {
    const split = fakeSplit([907, 123, 45, 678]);
    const model = compileTripleCnn(triplePerDigitCnn({ seed: 2 }));
    const run = await trainTripleCnn(model, split, {
      epochs: 3,
      seed: 1,
      batchSize: 2,
      validation: split,
      keepBest: true,
    });
    const em = run.history.map((h) => h.valExactMatch!);
    assert(em.every((v) => v >= 0 && v <= 1));
    assertEquals(run.keptEpoch, em.indexOf(Math.max(...em)) + 1);
    // the model holds the kept epoch's weights: scoring it again gives that epoch's figures
    const scores = await scoreTripleModel(model, split);
    assertEquals(scores.exactMatch, em[run.keptEpoch - 1]);
    assertAlmostEquals(scores.digitAccuracy, run.history[run.keptEpoch - 1].valAccuracy!, 1e-9);
    model.dispose();
    const fresh = compileTripleCnn(triplePerDigitCnn({ seed: 2 }));
    await assertRejects(
      () => trainTripleCnn(fresh, split, { epochs: 1, seed: 1, keepBest: true }),
      RangeError,
      "without validation images",
    );
    fresh.dispose();
  } finally {
    await tf.setBackend("cpu");
  }
});

Deno.test("trainTripleCnn() decays the learning rate after every epoch and restores it", async () => {
  await initBackend({ backend: "wasm" });
  try {
    const split = fakeSplit([907, 123]);
    const model = compileTripleCnn(triplePerDigitCnn({ seed: 2 }));
    const optimizer = model.optimizer as unknown as { learningRate: number };
    const rates: number[] = [];
    await trainTripleCnn(model, split, {
      epochs: 2,
      seed: 1,
      batchSize: 2,
      learningRateDecay: 0.5,
      onEpochEnd: () => rates.push(optimizer.learningRate),
    });
    assertEquals(rates, [1e-3, 5e-4]); // the rate each epoch trained at
    assertEquals(optimizer.learningRate, 1e-3);
    await assertRejects(
      () => trainTripleCnn(model, split, { epochs: 1, seed: 1, learningRateDecay: 0 }),
      RangeError,
      "must be in (0, 1]",
    );
    model.dispose();
  } finally {
    await tf.setBackend("cpu");
  }
});

Deno.test("trainTripleCnn() with augmentation and dropout repeats exactly for a seed", async () => {
  await initBackend({ backend: "wasm" });
  try {
    const split = fakeSplit([907, 123, 45, 678]);
    const once = async () => {
      const model = compileTripleCnn(tripleEnhancedCnn({ seed: 8 }));
      const run = await trainTripleCnn(model, split, {
        epochs: 2,
        seed: 3,
        batchSize: 2,
        augment: true,
      });
      const w = model.getLayer("digit").getWeights()[0].dataSync().slice(0, 50);
      model.dispose();
      return { losses: run.history.map((h) => h.loss), w: Array.from(w) };
    };
    const a = await once();
    const b = await once();
    assert(a.losses.every(Number.isFinite));
    assertEquals(a.losses, b.losses);
    assertEquals(a.w, b.w);
  } finally {
    await tf.setBackend("cpu");
  }
});
