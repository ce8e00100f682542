import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, randomHost, useWasm } from "./_test_utils.ts";

await useWasm();

Deno.test("mean and sum gradients on wasm match cpu, over every kind of axis set", async (t) => {
  const rng = new Rng(31);
  const x = randomHost(rng, [3, 5, 4, 6]);
  const cases: [string, (v: tf.Tensor) => tf.Tensor][] = [
    ["mean over all but the last axis (batch norm)", (v) => tf.mean(v, [0, 1, 2], true)],
    ["mean over all axes", (v) => tf.mean(v)],
    ["mean over axis 1", (v) => tf.mean(v, 1)],
    ["mean over negative axes", (v) => tf.mean(v, [-1, -3])],
    ["sum over all but the last axis", (v) => tf.sum(v, [0, 1, 2])],
    ["sum over all axes, kept", (v) => tf.sum(v, undefined, true)],
    ["sum over axis 3", (v) => tf.sum(v, 3)],
  ];
  for (const [label, f] of cases) {
    await t.step(label, async () => {
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const xt = tf.tensor(x.values, x.shape);
          // A weighting makes dy differ from element to element.
          const g = tf.grad((v) =>
            tf.sum(tf.mul(f(v), tf.range(1, f(v).size + 1).reshape(f(v).shape)))
          );
          return g(xt).dataSync() as Float32Array;
        });
      };
      const want = await run("cpu");
      const got = await run("wasm");
      assertAllClose(got, want, 1e-6, label);
    });
  }
});
