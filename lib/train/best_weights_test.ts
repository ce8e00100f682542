import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { keepBestWeights } from "./best_weights.ts";

await initBackend({ backend: "cpu" });

function model(): tf.LayersModel {
  const input = tf.input({ shape: [2] });
  const dense = tf.layers.dense({ units: 1, kernelInitializer: "zeros" });
  return tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
}

/** Sets every weight of the model to `value`. */
function fill(m: tf.LayersModel, value: number): void {
  for (const w of m.weights) (w.read() as tf.Variable).assign(tf.fill(w.shape as number[], value));
}

const firstWeight = (m: tf.LayersModel) => m.weights[0].read().dataSync()[0];

Deno.test("keepBestWeights() restores the weights of the best score, ties and NaN ignored", () => {
  const m = model();
  const best = keepBestWeights(m);
  best.restore(); // nothing kept yet: nothing changes
  assertEquals([best.epoch, best.score, firstWeight(m)], [undefined, -Infinity, 0]);
  const scores = [0.2, 0.7, NaN, 0.7, 0.5];
  const kept = scores.map((s, i) => {
    fill(m, i + 1);
    return best.offer(i + 1, s);
  });
  assertEquals(kept, [true, true, false, false, false]);
  assertEquals([best.epoch, best.score], [2, 0.7]);
  assertEquals(firstWeight(m), 5);
  best.restore();
  assertEquals(m.weights.map((w) => Array.from(w.read().dataSync())), [[2, 2], [2]]);
  const before = tf.memory().numTensors;
  best.dispose();
  assertEquals(tf.memory().numTensors, before - 2, "the copy of the two weights is freed");
  m.dispose();
});
