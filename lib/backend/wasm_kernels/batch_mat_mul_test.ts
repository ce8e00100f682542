import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, assertMatchesCpu, randomHost, useWasm } from "./_test_utils.ts";

await useWasm();

Deno.test("BatchMatMul on wasm matches cpu to 1e-4 with every transpose", async (t) => {
  const rng = new Rng(7);
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    for (const [m, k, n, batch] of [[5, 7, 3, 1], [128, 300, 10, 1], [4, 6, 5, 3]]) {
      const label = `${batch}×(${m}×${k})·(${k}×${n}) tA ${ta} tB ${tb}`;
      await t.step(label, async () => {
        const a = randomHost(rng, ta ? [batch, k, m] : [batch, m, k]);
        const b = randomHost(rng, tb ? [batch, n, k] : [batch, k, n]);
        await assertMatchesCpu("BatchMatMul", { a, b }, { transposeA: ta, transposeB: tb }, label);
      });
    }
  }
});

Deno.test("a dense layer's gradients (transposed products) match cpu", async () => {
  const rng = new Rng(8);
  const x = randomHost(rng, [16, 40]), w = randomHost(rng, [40, 12]), bias = randomHost(rng, [12]);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const xt = tf.tensor2d(x.values, [16, 40]);
      const f = (wv: tf.Tensor, bv: tf.Tensor) =>
        tf.sum(
          tf.square(tf.fused.matMul({ a: xt, b: wv as tf.Tensor2D, bias: bv, activation: "relu" })),
        );
      const [gw, gb] = tf.grads(f)([tf.tensor2d(w.values, [40, 12]), tf.tensor1d(bias.values)]);
      return [gw.dataSync(), gb.dataSync()];
    });
  };
  const want = await run("cpu");
  const got = await run("wasm");
  assertAllClose(got[0], want[0], 1e-4, "dW");
  assertAllClose(got[1], want[1], 1e-4, "db");
});
