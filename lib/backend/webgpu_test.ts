/**
 * The webgpu path, forced onto whatever adapter the machine has (CI: Mesa's lavapipe, from the
 * Debian package mesa-vulkan-drivers, which runs WebGPU on the CPU): a tiny training step must
 * match cpu. Ignored only where there is no WebGPU adapter at all.
 */
import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { initBackend } from "./init_backend.ts";
import { isSoftwareAdapter, probeWebGpu } from "./webgpu.ts";
import { assertAllClose } from "./wasm_kernels/_test_utils.ts";

tf.env().set("PROD", true);
const probe = await probeWebGpu();

Deno.test("isSoftwareAdapter() recognises CPU renderers and fallback adapters", () => {
  assert(isSoftwareAdapter({ description: "llvmpipe (LLVM 15.0.6, 256 bits)" }));
  assert(isSoftwareAdapter({ description: "lavapipe" }));
  assert(isSoftwareAdapter({ description: "SwiftShader Device (Subzero)" }));
  assert(isSoftwareAdapter({ description: "NVIDIA H100", isFallbackAdapter: true }));
  assert(!isSoftwareAdapter({ description: "NVIDIA GeForce RTX 4090", vendor: "nvidia" }));
  assert(!isSoftwareAdapter({ description: "AMD Radeon Pro", architecture: "rdna-3" }));
});

function model(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5, activation: "softmax" }),
    ],
  });
}

async function twoSteps(initial: Float32Array[] | null) {
  const m = model();
  if (initial !== null) m.setWeights(m.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
  // webgpu has no dataSync under Deno (it reads back through a canvas): read asynchronously.
  const read = (ts: tf.Tensor[]) =>
    Promise.all(ts.map(async (t) => await t.data() as Float32Array));
  const start = await read(m.getWeights());
  m.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
  const xs = tf.tensor4d(Float32Array.from({ length: 4 * 64 }, (_, i) => Math.sin(i * 0.7)), [
    4,
    8,
    8,
    1,
  ]);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 4], "int32"), 5);
  const losses = [await m.trainOnBatch(xs, ys) as number, await m.trainOnBatch(xs, ys) as number];
  const weights = await read(m.getWeights());
  tf.dispose([xs, ys]);
  m.dispose();
  return { start, losses, weights };
}

Deno.test({
  name: probe.available
    ? `webgpu, forced on ${probe.adapter}, trains a tiny conv net like cpu`
    : `webgpu training step (ignored: ${probe.why})`,
  ignore: !probe.available,
  async fn() {
    await initBackend({ backend: "cpu" });
    const cpu = await twoSteps(null);
    const choice = await initBackend({ backend: "webgpu" });
    assertEquals(choice.name, "webgpu");
    assertEquals(tf.getBackend(), "webgpu");
    const gpu = await twoSteps(cpu.start);
    assertAllClose(gpu.losses, cpu.losses, 1e-4, "losses");
    cpu.weights.forEach((w, i) => assertAllClose(gpu.weights[i], w, 1e-4, `weight ${i}`));
    await tf.setBackend("cpu");
  },
});
