import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, randomHost, useWasm } from "./_test_utils.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

await useWasm();

/** Takes `steps` Adam steps on a quadratic loss from the same start; returns weights and state. */
async function adamSteps(backend: string, steps: number, sizes: number[]) {
  await tf.setBackend(backend);
  const rng = new Rng(41);
  const vars = sizes.map((n, i) =>
    tf.variable(tf.tensor1d(randomHost(rng, [n]).values), true, `w${i}`)
  );
  const targets = sizes.map((n) => tf.tensor1d(randomHost(rng, [n]).values));
  const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  for (let s = 0; s < steps; s++) {
    opt.minimize(() =>
      tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(v, targets[i]))))) as tf.Scalar
    );
  }
  const weights = vars.map((v) => v.dataSync().slice());
  const state = await opt.getWeights();
  const moments = state.slice(1).map((w) => w.tensor.dataSync().slice());
  const iterations = state[0].tensor.dataSync()[0];
  opt.dispose();
  tf.dispose([...vars, ...targets]);
  return { weights, moments, iterations };
}

Deno.test("Adam on wasm (one kernel per variable) matches cpu: weights, moments, iterations", async () => {
  // Sizes: below and above the threaded size, and odd (the scalar tail). Tighter than the
  // kernels' 1e-4: Adam amplifies a wrong constant (e.g. 1 − β2 rounded differently).
  const sizes = [7, 1001, 70_001];
  const want = await adamSteps("cpu", 5, sizes);
  const got = await adamSteps("wasm", 5, sizes);
  assertEquals(got.iterations, want.iterations);
  for (const [i, w] of got.weights.entries()) assertAllClose(w, want.weights[i], 2e-6, `w${i}`);
  for (const [i, m] of got.moments.entries()) {
    assertAllClose(m, want.moments[i], 2e-6, `moment ${i}`);
  }
});

Deno.test("Adam on wasm skips a variable without a gradient and leaks nothing", async () => {
  await tf.setBackend("wasm");
  const a = tf.variable(tf.tensor1d([1, 2, 3])), b = tf.variable(tf.tensor1d([4, 5]));
  const opt = tf.train.adam(0.1);
  const g = tf.ones([3]);
  const grads = [{ name: a.name, tensor: g }, {
    name: b.name,
    tensor: null as unknown as tf.Tensor,
  }];
  const backend = tf.backend() as unknown as WasmBackend & { numDataIds(): number };
  opt.applyGradients(grads);
  // The moments of both variables exist (as TF.js makes them); b is unchanged.
  assertEquals(Array.from(b.dataSync()), [4, 5]);
  assert(a.dataSync()[0] < 1);
  const tensors = tf.memory().numTensors, ids = backend.numDataIds();
  opt.applyGradients(grads);
  assertEquals(tf.memory().numTensors, tensors);
  assertEquals(backend.numDataIds(), ids);
  g.dispose();
  opt.dispose();
  tf.dispose([a, b]);
});
