import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { cdcgan } from "../models/cdcgan.ts";
import { createGanTrainer } from "./trainer.ts";

// A cDCGAN step takes minutes on the pure-JS `cpu` backend (its conv gradients), seconds on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

Deno.test("one cDCGAN training step (the benchmark's cdcgan-step) updates both networks, leaking nothing", async () => {
  const gan = cdcgan({ seed: 1 });
  const trainer = createGanTrainer(gan, { seed: 2 });
  const real = tf.randomUniform([2, 84, 84, 1], -1, 1, "float32", 3);
  const labels = tf.tensor2d([[0, 4, 2], [9, 0, 7]], [2, 3], "int32");
  const g0 = gan.generator.getLayer("g_convt_12").getWeights()[0].dataSync().slice();
  const d0 = gan.discriminator.getLayer("d_conv_1").getWeights()[0].dataSync().slice();
  const first = await trainer.step(real, labels);
  const tensors = tf.memory().numTensors;
  const second = await trainer.step(real, labels);
  assertEquals(tf.memory().numTensors, tensors);
  for (const r of [first, second]) {
    for (const v of Object.values(r)) assert(Number.isFinite(v), JSON.stringify(r));
    // D's loss: two smoothed BCEs (≥ 2 · H(0.9) ≈ 0.65) plus the digit cross-entropy
    assert(r.discriminatorLoss > 0.6 && r.discriminatorLoss < 10, JSON.stringify(r));
  }
  const g1 = gan.generator.getLayer("g_convt_12").getWeights()[0].dataSync();
  const d1 = gan.discriminator.getLayer("d_conv_1").getWeights()[0].dataSync();
  assert(g1.some((v, i) => v !== g0[i]), "generator unchanged");
  assert(d1.some((v, i) => v !== d0[i]), "discriminator unchanged");
  tf.dispose([real, labels]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("the cDCGAN's trainer checks the batch shape", async () => {
  const gan = cdcgan({ seed: 1 });
  const trainer = createGanTrainer(gan);
  const real = tf.zeros([2, 28, 28, 1]);
  const labels = tf.zeros([2, 3], "int32");
  await assertRejects(
    () => trainer.step(real, labels),
    TypeError,
    "Cannot train GAN 'cdcgan' on images of shape [2,28,28,1] as they must be [batch, 84, 84, 1]",
  );
  tf.dispose([real, labels]);
  trainer.dispose();
  gan.generator.dispose();
  gan.discriminator.dispose();
});
