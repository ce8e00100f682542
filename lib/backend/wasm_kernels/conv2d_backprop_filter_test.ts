import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertThrows } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, assertMatchesCpu, randomHost, useWasm } from "./_test_utils.ts";
import { CONV_CASES, labelOf, outShapeOf } from "./_conv_cases.ts";
import { conv2dBackpropFilterWasm } from "./conv2d_backprop_filter.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

await useWasm();

Deno.test("Conv2DBackpropFilter on wasm matches cpu to 1e-4", async (t) => {
  const rng = new Rng(1);
  for (const c of CONV_CASES) {
    await t.step(labelOf(c), async () => {
      await assertMatchesCpu(
        "Conv2DBackpropFilter",
        { x: randomHost(rng, c.x), dy: randomHost(rng, outShapeOf(c)) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter },
        labelOf(c),
      );
    });
  }
});

Deno.test("tf.grad of conv2d w.r.t. its filter works on wasm and matches cpu", async () => {
  const rng = new Rng(2);
  const x = randomHost(rng, [3, 8, 8, 2]), f = randomHost(rng, [3, 3, 2, 4]);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const xt = tf.tensor4d(x.values, x.shape as [number, number, number, number]);
      const g = tf.grad((w) => tf.sum(tf.square(tf.conv2d(xt, w as tf.Tensor4D, 2, "same"))));
      return g(tf.tensor(f.values, f.shape)).dataSync();
    });
  };
  const want = await run("cpu");
  const got = await run("wasm");
  assertAllClose(got, want);
  assert(want.some((v) => v !== 0));
});

Deno.test("conv2dBackpropFilterWasm() rejects NCHW data and int32 inputs", () => {
  const backend = tf.backend() as unknown as WasmBackend;
  const x = tf.zeros([1, 4, 4, 1]),
    dy = tf.zeros([1, 2, 2, 1]),
    xi = tf.zeros([1, 4, 4, 1], "int32");
  const attrs = {
    strides: 1,
    pad: "valid" as const,
    filterShape: [3, 3, 1, 1] as [number, number, number, number],
  };
  const e1 = assertThrows(
    () => conv2dBackpropFilterWasm(backend, x, dy, { ...attrs, dataFormat: "NCHW" }),
    TypeError,
  );
  assert(e1.message.includes("NCHW"), e1.message);
  const e2 = assertThrows(
    () => conv2dBackpropFilterWasm(backend, xi, dy, { ...attrs, dataFormat: "NHWC" }),
    TypeError,
  );
  assertEquals(e2.message.split(" as ")[0], "Cannot run Conv2DBackpropFilter on input 'x'");
  tf.dispose([x, dy, xi]);
});

Deno.test("Conv2DBackpropFilter on wasm leaks no tensors or heap blocks", () => {
  const x = tf.randomNormal([2, 9, 9, 3]), dy = tf.randomNormal([2, 5, 5, 4]);
  const before = tf.memory().numTensors;
  const backend = tf.backend() as unknown as WasmBackend & { numDataIds(): number };
  const ids = backend.numDataIds();
  const g = tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
    strides: 2,
    pad: "same",
    dataFormat: "NHWC",
    filterShape: [3, 3, 3, 4],
  }) as tf.Tensor;
  g.dispose();
  assertEquals(tf.memory().numTensors, before);
  assertEquals(backend.numDataIds(), ids);
  tf.dispose([x, dy]);
});
