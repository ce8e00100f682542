import * as tf from "@tensorflow/tfjs";
import { assert } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import {
  assertAllClose,
  assertMatchesCpu,
  type HostTensor,
  randomHost,
  useWasm,
} from "./_test_utils.ts";

await useWasm();

function positive(rng: Rng, n: number): HostTensor {
  return {
    values: Float32Array.from({ length: n }, () => 0.1 + rng.next()),
    shape: [n],
    dtype: "float32",
  };
}

Deno.test("FusedBatchNorm on wasm matches cpu, with and without scale and offset", async (t) => {
  const rng = new Rng(17);
  for (
    const [shape, withScale, withOffset] of [
      [[4, 9, 7, 6], true, true],
      [[3, 5, 13], false, true],
      [[8, 3], true, false],
      [[2, 4, 4, 1], false, false],
    ] as [number[], boolean, boolean][]
  ) {
    const c = shape[shape.length - 1];
    await t.step(`${shape.join("x")} scale ${withScale} offset ${withOffset}`, async () => {
      const inputs: Record<string, HostTensor> = {
        x: randomHost(rng, shape),
        mean: randomHost(rng, [c]),
        variance: positive(rng, c),
      };
      if (withScale) inputs.scale = randomHost(rng, [c]);
      if (withOffset) inputs.offset = randomHost(rng, [c]);
      await assertMatchesCpu("FusedBatchNorm", inputs, { varianceEpsilon: 1e-3 }, "batch norm");
    });
  }
});

Deno.test("batch norm's gradients on wasm (our two-pass kernel) match cpu", async () => {
  const rng = new Rng(23);
  const shape = [6, 9, 7, 5];
  const x = randomHost(rng, shape), dyv = randomHost(rng, shape);
  const mean = randomHost(rng, [5]), variance = positive(rng, 5);
  const scale = randomHost(rng, [5]), offset = randomHost(rng, [5]);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const t = (h: HostTensor) => tf.tensor(h.values, h.shape);
      const f = (xv: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
        tf.batchNorm(xv, m, v, o, s, 1e-3);
      const grads = tf.grads(f)([t(x), t(mean), t(variance), t(offset), t(scale)], t(dyv));
      return grads.map((g) => g.dataSync() as Float32Array);
    });
  };
  const want = await run("cpu");
  const got = await run("wasm");
  const names = ["dx", "dmean", "dvariance", "doffset", "dscale"];
  want.forEach((w, i) => assertAllClose(got[i], w, 1e-4, names[i]));
});

Deno.test("on wasm, batch norm's gradient runs as one _WasmBatchNormGrad kernel", async () => {
  await tf.setBackend("wasm");
  const x = tf.randomNormal([4, 3, 3, 2]), m = tf.zeros([2]), v = tf.ones([2]);
  const o = tf.zeros([2]), s = tf.ones([2]);
  // (tf.profile of a batchNorm without scale fails in TF.js itself, on every backend.)
  const dy = tf.randomNormal([4, 3, 3, 2]);
  const info = await tf.profile(() => {
    const g = tf.grad((xv: tf.Tensor) => tf.batchNorm(xv, m, v, o, s, 1e-3));
    return g(x, dy);
  });
  const names = info.kernels.map((k) => k.name);
  assert(names.includes("_WasmBatchNormGrad"), names.join(", "));
  assert(!names.includes("Tile"), names.join(", "));
  tf.dispose([x, dy, m, v, o, s]);
});
