import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { initWasmWithThreads } from "../wasm_threads.ts";
import { registerWasmTrainingKernels } from "./register.ts";
import { assertMatchesCpu, randomHost } from "./_test_utils.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

registerWasmTrainingKernels();
tf.env().set("PROD", true);
const started = await initWasmWithThreads(2);

Deno.test("splitRange() cuts n items into near-equal contiguous ranges", () => {
  assertEquals(splitRange(5, 2), [[0, 2], [2, 5]]);
  assertEquals(splitRange(1, 4), [[0, 1]]);
  assertEquals(splitRange(128, 3), [[0, 42], [42, 85], [85, 128]]);
});

Deno.test({
  name: "with 2 threads, our kernels run on the pool and still match cpu",
  ignore: !started.ok || started.threads < 2,
  async fn(t) {
    assertEquals(tf.getBackend(), "wasm");
    const pool = kernelPool(tf.backend() as unknown as WasmBackend);
    assert(pool !== undefined && pool.threads === 2, "a 2-thread pool");
    const rng = new Rng(21);
    await t.step("Conv2DBackpropFilter", async () => {
      await assertMatchesCpu(
        "Conv2DBackpropFilter",
        { x: randomHost(rng, [5, 9, 8, 3]), dy: randomHost(rng, [5, 5, 4, 10]) },
        { strides: 2, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 3, 10] },
        "bp filter",
      );
    });
    await t.step("MaxPoolGrad", async () => {
      const x = randomHost(rng, [3, 8, 8, 6]);
      await assertMatchesCpu(
        "MaxPoolGrad",
        { dy: randomHost(rng, [3, 4, 4, 6]), input: x, output: x },
        { filterSize: 2, strides: 2, pad: "valid" },
        "max pool grad",
      );
    });
    await t.step("Conv2D with one input channel", async () => {
      await assertMatchesCpu(
        "Conv2D",
        { x: randomHost(rng, [3, 10, 9, 1]), filter: randomHost(rng, [3, 3, 1, 12]) },
        { strides: 1, pad: "same", dataFormat: "NHWC", dilations: 1 },
        "conv2d",
      );
    });
  },
});
