import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { testSplit } from "../triple_mnist/_testing.ts";
import { task5bSets, trainEnhancedCnn } from "./mixed_training.ts";
import { mixSplits } from "./mix.ts";

// Task 4's network on 84×28 thirds: minutes per step on the pure-JS `cpu` backend, a second on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

function blocks(labels: number[]): TripleMnistSplit {
  return testSplit(labels, (image, i) => {
    const top = 20 + (labels[i] % 7) * 4;
    for (let r = top; r < top + 28; r++) {
      for (let c = 0; c < 84; c++) if (c % 28 > 6 && c % 28 < 20) image[r * 84 + c] = 200;
    }
  });
}

Deno.test("trainEnhancedCnn() trains Task 4's network on a mix and scores validation each epoch", async () => {
  const mixed = mixSplits(blocks([123, 456, 789]), blocks([12, 345]));
  const before = tf.memory().numTensors;
  const { model, history, keptEpoch, seconds } = await trainEnhancedCnn(mixed, {
    epochs: 2,
    seed: 3,
    batchImages: 5,
    validation: blocks([901, 234]),
  });
  assertEquals(history.map((h) => h.epoch), [1, 2]);
  for (const h of history) {
    assert(Number.isFinite(h.loss) && h.valF1 >= 0 && h.valF1 <= 1);
    assert(h.valExactMatch >= 0 && h.valExactMatch <= 1);
  }
  assert(seconds > 0);
  assertEquals(model.name, "triple_enhanced_cnn");
  assertEquals(keptEpoch, 2); // without keepBest, the last epoch
  const weights = model.weights.length;
  model.dispose();
  // besides the model, only the optimiser's two Adam slots per trainable weight (and its step) remain
  const left = tf.memory().numTensors - before;
  assert(left <= 2 * weights + 2, `${left} tensors left`);
});

Deno.test("trainEnhancedCnn() with keepBest keeps the epoch of the best validation exact match", async () => {
  const validation = blocks([901, 234]);
  const run = await trainEnhancedCnn(mixSplits(blocks([123, 456, 789]), blocks([12])), {
    epochs: 3,
    seed: 5,
    batchImages: 4,
    validation,
    keepBest: true,
  });
  const em = run.history.map((h) => h.valExactMatch);
  assertEquals(run.keptEpoch, em.indexOf(Math.max(...em)) + 1);
  run.model.dispose();
});

Deno.test("task5bSets() builds A's two sets and the scarce pair, seeded", () => {
  const real = blocks(Array.from({ length: 12 }, (_, i) => 100 + i));
  const scarce = blocks([100, 101, 102]);
  const synthetic = blocks(Array.from({ length: 8 }, (_, i) => 200 + i));
  const { sets, replaced } = task5bSets(real, scarce, synthetic, { seed: 1, epochs: 2 });
  assertEquals(replaced, 3); // min(5000, 12 / 4, 8)
  const counts = (name: keyof typeof sets) => {
    const m = sets[name].mixed;
    return [m.realCount, m.split.count - m.realCount, sets[name].epochs];
  };
  assertEquals(counts("real"), [12, 0, 2]);
  assertEquals(counts("combined"), [9, 3, 2]);
  assertEquals(counts("scarce real"), [3, 0, 4]);
  assertEquals(counts("scarce + synthetic"), [3, 3, 2]);
  const again = task5bSets(real, scarce, synthetic, { seed: 1, epochs: 2 });
  assertEquals(again.sets.combined.mixed.split.labels, sets.combined.mixed.split.labels);
  const other = task5bSets(real, scarce, synthetic, { seed: 2, epochs: 2 });
  assert(
    other.sets.combined.mixed.split.labels.join() !== sets.combined.mixed.split.labels.join(),
  );
});
