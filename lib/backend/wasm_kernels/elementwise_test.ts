import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import {
  assertAllClose,
  assertMatchesCpu,
  type HostTensor,
  randomHost,
  runOn,
  useWasm,
} from "./_test_utils.ts";

await useWasm();

const rng = new Rng(51);

function withSpecials(t: HostTensor): HostTensor {
  const v = t.values as Float32Array;
  v[0] = 0, v[1] = -0, v[2] = NaN, v[3] = -Infinity;
  return t;
}

Deno.test("Relu, LeakyRelu, Square and Floor on wasm match cpu (odd lengths, zeros, NaN)", async (t) => {
  for (const shape of [[7], [3, 5, 4, 6], [2, 1, 1, 3]]) {
    for (
      const [kernel, attrs] of [
        ["Relu", {}],
        ["LeakyRelu", { alpha: 0.15 }],
        ["Square", {}],
        ["Floor", {}],
      ]
    ) {
      await t.step(`${kernel} [${shape}]`, async () => {
        const x = withSpecials(randomHost(rng, shape));
        const got = await runOn("wasm", kernel as string, { x }, attrs as Record<string, unknown>);
        const want = await runOn("cpu", kernel as string, { x }, attrs as Record<string, unknown>);
        // The same NaNs and infinities; the rest within float32 rounding (cpu computes
        // LeakyRelu's product in float64).
        const special = (v: number) => Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? "" : v;
        assertEquals(Array.from(got.values, special), Array.from(want.values, special));
        const finite = (v: ArrayLike<number>) => Array.from(v, (e) => Number.isFinite(e) ? e : 0);
        assertAllClose(finite(got.values), finite(want.values), 1e-6, kernel as string);
      });
    }
  }
});

Deno.test("Add, Sub, Multiply and RealDiv on wasm match cpu for each way the operands line up", async (t) => {
  const cases: [string, number[], number[]][] = [
    ["same shape", [3, 5, 4, 6], [3, 5, 4, 6]],
    ["one value per channel", [3, 5, 4, 8], [8]],
    ["one value per channel, kept dims, odd channels", [2, 3, 3, 5], [1, 1, 1, 5]],
    ["per channel first", [1, 1, 1, 6], [2, 3, 4, 6]],
    ["one value", [4, 7], [1]],
    ["one value first", [], [9, 3]],
    ["another broadcast (the wasm backend's own)", [3, 1, 5], [3, 4, 1]],
  ];
  for (const kernel of ["Add", "Sub", "Multiply", "RealDiv"]) {
    for (const [label, sa, sb] of cases) {
      await t.step(`${kernel}: ${label}`, async () => {
        await assertMatchesCpu(
          kernel,
          { a: randomHost(rng, sa), b: randomHost(rng, sb) },
          {},
          label,
        );
      });
    }
  }
  await t.step("int32 stays with the wasm backend's kernel", async () => {
    const a: HostTensor = { values: Int32Array.from([1, 2, 3]), shape: [3], dtype: "int32" };
    const got = await runOn("wasm", "Add", { a, b: a }, {});
    assertEquals(Array.from(got.values), [2, 4, 6]);
  });
});

Deno.test("the gradients through the new kernels match cpu", async () => {
  const x = randomHost(rng, [4, 3, 3, 6]), b = randomHost(rng, [6]);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const f = (v: tf.Tensor) =>
        tf.sum(tf.square(tf.leakyRelu(tf.relu(tf.add(tf.mul(v, tf.tensor(b.values)), 0.1)), 0.2)));
      return tf.grad(f)(tf.tensor(x.values, x.shape)).dataSync() as Float32Array;
    });
  };
  const want = await run("cpu");
  const got = await run("wasm");
  assertAllClose(got, want);
});
