import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { createWeightAverage, warmedUpDecay } from "./average.ts";

await initBackend({ backend: "cpu" });

function dense(units: number, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [2] });
  const layer = tf.layers.dense({
    units,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: "zeros",
  });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

function values(model: tf.LayersModel): number[][] {
  return model.weights.map((w) => Array.from(w.read().dataSync()));
}

Deno.test("warmedUpDecay() grows as (1 + t) / (10 + t) until it reaches the decay", () => {
  assertAlmostEquals(warmedUpDecay(0.999, 1), 2 / 11, 1e-12);
  assertAlmostEquals(warmedUpDecay(0.999, 90), 91 / 100, 1e-12);
  assertEquals(warmedUpDecay(0.999, 10_000), 0.999);
  assertEquals(warmedUpDecay(0, 5), 0);
});

Deno.test("createWeightAverage() starts at the source's weights and follows the formula", () => {
  const source = dense(3, 1);
  const target = dense(3, 2);
  const average = createWeightAverage(source, target, 0.5);
  assertEquals(values(target), values(source));
  const w0 = values(source);
  // Move the source: every weight + 1, then fold it in twice.
  for (const w of source.weights) (w.read() as tf.Variable).assign(tf.add(w.read(), 1));
  average.update(); // decay min(0.5, 2/11) = 2/11
  const d1 = 2 / 11;
  values(target).forEach((w, i) =>
    w.forEach((v, j) => assertAlmostEquals(v, d1 * w0[i][j] + (1 - d1) * (w0[i][j] + 1), 1e-6))
  );
  average.update(); // decay min(0.5, 3/12) = 0.25
  const after1 = (x: number) => d1 * x + (1 - d1) * (x + 1);
  values(target).forEach((w, i) =>
    w.forEach((v, j) =>
      assertAlmostEquals(v, 0.25 * after1(w0[i][j]) + 0.75 * (w0[i][j] + 1), 1e-6)
    )
  );
  assertEquals(average.steps, 2);
  for (const m of [source, target]) m.dispose();
});

Deno.test("createWeightAverage() with decay 0 copies, and the average does not alias the source", () => {
  const source = dense(2, 3);
  const target = dense(2, 4);
  const average = createWeightAverage(source, target, 0);
  for (const w of source.weights) (w.read() as tf.Variable).assign(tf.mul(w.read(), 2));
  assertEquals(values(target).flat().every((v, i) => v * 2 === values(source).flat()[i]), true);
  average.update();
  assertEquals(values(target), values(source));
});

Deno.test("createWeightAverage() rejects a bad decay and a different architecture", () => {
  assertThrows(
    () => createWeightAverage(dense(2, 1), dense(2, 2), 1),
    RangeError,
    "decay 1 as it must be in [0, 1)",
  );
  assertThrows(
    () => createWeightAverage(dense(2, 1), dense(3, 2), 0.9),
    TypeError,
    "weight 0 is [2,2] against [2,3]",
  );
});
