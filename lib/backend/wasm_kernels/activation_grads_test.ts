import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, randomHost, useWasm } from "./_test_utils.ts";

await useWasm();

async function gradOn(backend: string, f: (x: tf.Tensor) => tf.Tensor, values: Float32Array) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor1d(values);
    const dy = tf.tensor1d(values.map((_, i) => (i % 7) - 3));
    return tf.grad(f)(x, dy).dataSync() as Float32Array;
  });
}

Deno.test("relu and leaky relu gradients on wasm match cpu, zeros, NaN and odd lengths included", async () => {
  const rng = new Rng(22);
  const values = randomHost(rng, [1003]).values as Float32Array;
  values[0] = 0, values[1] = -0, values[2] = NaN;
  for (
    const [name, f] of [
      ["relu", (x: tf.Tensor) => tf.relu(x)],
      ["leakyRelu", (x: tf.Tensor) => tf.leakyRelu(x, 0.2)],
    ] as const
  ) {
    const want = await gradOn("cpu", f, values);
    const got = await gradOn("wasm", f, values);
    assertEquals(Number.isNaN(got[2]), Number.isNaN(want[2]), `${name} at NaN`);
    got[2] = want[2] = 0;
    assertAllClose(got, want, 1e-6, name);
  }
});

Deno.test("the replaced relu gradient still works on cpu", async () => {
  await tf.setBackend("cpu");
  const g = tf.grad((x) => tf.relu(x))(tf.tensor1d([-1, 2]));
  assertEquals(Array.from(g.dataSync()), [0, 1]);
  await tf.setBackend("wasm");
});
