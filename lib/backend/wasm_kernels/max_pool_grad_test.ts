import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, type HostTensor, randomHost, runOn, useWasm } from "./_test_utils.ts";

await useWasm();

interface PoolCase {
  x: number[];
  size: number | [number, number];
  strides: number | [number, number];
  pad: "same" | "valid";
}

const CASES: PoolCase[] = [
  { x: [2, 26, 26, 32], size: 2, strides: 2, pad: "valid" },
  { x: [1, 11, 11, 5], size: 2, strides: 2, pad: "valid" }, // odd: last row/column unpooled
  { x: [3, 9, 7, 1], size: 3, strides: 2, pad: "same" },
  { x: [2, 8, 8, 6], size: 2, strides: 1, pad: "valid" }, // overlapping windows
  { x: [1, 7, 10, 3], size: [3, 2], strides: [2, 3], pad: "same" },
];

Deno.test("MaxPoolGrad on wasm matches cpu to 1e-4", async (t) => {
  const rng = new Rng(5);
  for (const c of CASES) {
    const label = `x ${c.x.join("x")} pool ${c.size} s${c.strides} ${c.pad}`;
    await t.step(label, async () => {
      const x = randomHost(rng, c.x);
      const dyShape = tf.backend_util.computePool2DInfo(
        c.x as [number, number, number, number],
        c.size,
        c.strides,
        1,
        c.pad,
      ).outShape;
      await assertMatchesCpu(
        "MaxPoolGrad",
        { dy: randomHost(rng, dyShape), input: x, output: x },
        { filterSize: c.size, strides: c.strides, pad: c.pad },
        label,
      );
    });
  }
});

Deno.test("MaxPoolGrad on wasm routes ties to the first maximum, like cpu", async () => {
  // Every window of x is constant: the whole gradient goes to each window's top-left.
  const x: HostTensor = {
    values: new Float32Array(2 * 4 * 4 * 5).fill(1),
    shape: [2, 4, 4, 5],
    dtype: "float32",
  };
  const dy: HostTensor = {
    values: Float32Array.from({ length: 2 * 2 * 2 * 5 }, (_, i) => i + 1),
    shape: [2, 2, 2, 5],
    dtype: "float32",
  };
  const attrs = { filterSize: 2, strides: 2, pad: "valid" };
  const got = await runOn("wasm", "MaxPoolGrad", { dy, input: x, output: x }, attrs);
  const want = await runOn("cpu", "MaxPoolGrad", { dy, input: x, output: x }, attrs);
  assertEquals(Array.from(got.values), Array.from(want.values));
  assertEquals(got.values[0], 1); // (n0, row 0, col 0, c0) is the first window's top-left
  assertEquals(got.values[5], 0); // (n0, row 0, col 1, c0) is not
});

Deno.test("MaxPoolGrad on wasm matches cpu on ties in every position, -Infinity and NaN", async () => {
  // Values from {0, 1, 2} (many ties, as after a relu), with -Infinity and NaN windows.
  const rng = new Rng(6);
  const shape = [2, 7, 9, 6]; // odd sizes: the last row and column are not pooled
  const values = Float32Array.from({ length: 2 * 7 * 9 * 6 }, () => Math.floor(rng.uniform(0, 3)));
  for (let i = 0; i < 40; i++) values[i * 13] = -Infinity;
  for (let i = 0; i < 20; i++) values[i * 29 + 3] = NaN;
  const x: HostTensor = { values, shape, dtype: "float32" };
  const dy = randomHost(rng, [2, 3, 4, 6]);
  const attrs = { filterSize: 2, strides: 2, pad: "valid" };
  const got = await runOn("wasm", "MaxPoolGrad", { dy, input: x, output: x }, attrs);
  const want = await runOn("cpu", "MaxPoolGrad", { dy, input: x, output: x }, attrs);
  assertEquals(Array.from(got.values), Array.from(want.values));
});
