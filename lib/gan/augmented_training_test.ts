import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { trainEnhancedCnn } from "./augmented_training.ts";
import { mixSplits } from "./mix.ts";

// Task 4's network on 84×28 thirds: minutes per step on the pure-JS `cpu` backend, a second on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

function blocks(labels: number[]): TripleMnistSplit {
  const images = new Uint8Array(labels.length * 7056);
  labels.forEach((label, i) => {
    for (let r = 20 + (label % 7) * 4; r < 48 + (label % 7) * 4; r++) {
      for (let c = 0; c < 84; c++) {
        if (c % 28 > 6 && c % 28 < 20) images[i * 7056 + r * 84 + c] = 200;
      }
    }
  });
  return {
    name: "train",
    images,
    labels: Uint16Array.from(labels),
    indexInClass: new Uint32Array(labels.length),
    count: labels.length,
    height: 84,
    width: 84,
  };
}

Deno.test("trainEnhancedCnn() trains Task 4's network on a mix and scores validation each epoch", async () => {
  const mixed = mixSplits(blocks([123, 456, 789]), blocks([12, 345]));
  const before = tf.memory().numTensors;
  const { model, history, seconds } = await trainEnhancedCnn(mixed, {
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
  const weights = model.weights.length;
  model.dispose();
  // besides the model, only the optimiser's two Adam slots per trainable weight (and its step) remain
  const left = tf.memory().numTensors - before;
  assert(left <= 2 * weights + 2, `${left} tensors left`);
});
