import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { initWasmWithThreads } from "../wasm_threads.ts";
import { registerWasmTrainingKernels } from "./register.ts";
import { assertAllClose, assertMatchesCpu, randomHost, RTOL } from "./_test_utils.ts";
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
    // Every product and Winograd job split over the two threads.
    const convs: { x: number[]; f: number[]; s: number; pad: "same" | "valid" }[] = [
      { x: [3, 11, 9, 6], f: [3, 3, 6, 10], s: 1, pad: "same" }, // Winograd
      { x: [2, 10, 12, 5], f: [4, 4, 5, 9], s: 2, pad: "same" }, // GEMM, sub-pixel phases
      { x: [3, 9, 9, 2], f: [3, 3, 2, 7], s: 1, pad: "valid" }, // few input channels
    ];
    for (const c of convs) {
      const label = `${c.x} * ${c.f} s${c.s} ${c.pad}`;
      const oh = c.pad === "same"
        ? Math.ceil(c.x[1] / c.s)
        : Math.floor((c.x[1] - c.f[0]) / c.s) + 1;
      const ow = c.pad === "same"
        ? Math.ceil(c.x[2] / c.s)
        : Math.floor((c.x[2] - c.f[1]) / c.s) + 1;
      const dy = [c.x[0], oh, ow, c.f[3]];
      const attrs = { strides: c.s, pad: c.pad, dataFormat: "NHWC" };
      await t.step(`Conv2D ${label}`, async () => {
        await assertMatchesCpu(
          "Conv2D",
          { x: randomHost(rng, c.x), filter: randomHost(rng, c.f) },
          { ...attrs, dilations: 1 },
          label,
        );
      });
      await t.step(`FusedConv2D + bias + leaky relu ${label}`, async () => {
        await assertMatchesCpu(
          "FusedConv2D",
          {
            x: randomHost(rng, c.x),
            filter: randomHost(rng, c.f),
            bias: randomHost(rng, [c.f[3]]),
          },
          { ...attrs, dilations: 1, activation: "leakyrelu", leakyreluAlpha: 0.2 },
          label,
        );
      });
      await t.step(`Conv2DBackpropFilter ${label}`, async () => {
        await assertMatchesCpu(
          "Conv2DBackpropFilter",
          { x: randomHost(rng, c.x), dy: randomHost(rng, dy) },
          { ...attrs, filterShape: c.f },
          label,
        );
      });
      await t.step(`Conv2DBackpropInput ${label}`, async () => {
        await assertMatchesCpu(
          "Conv2DBackpropInput",
          { dy: randomHost(rng, dy), filter: randomHost(rng, c.f) },
          { ...attrs, inputShape: c.x },
          label,
        );
      });
    }
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      await t.step(`BatchMatMul transposeA ${ta} transposeB ${tb}`, async () => {
        const [m, k, n] = [19, 23, 29];
        await assertMatchesCpu(
          "BatchMatMul",
          {
            a: randomHost(rng, ta ? [1, k, m] : [1, m, k]),
            b: randomHost(rng, tb ? [1, n, k] : [1, k, n]),
          },
          { transposeA: ta, transposeB: tb },
          "matmul",
        );
      });
    }
    await t.step("Adam, a variable large enough to be split", async () => {
      const n = 100_003;
      const w = randomHost(rng, [n]), target = randomHost(rng, [n]);
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const v = tf.variable(tf.tensor1d(w.values));
        const goal = tf.tensor1d(target.values);
        const opt = tf.train.adam(0.01);
        for (let i = 0; i < 3; i++) {
          opt.minimize(() => tf.sum(tf.square(tf.sub(v, goal))) as tf.Scalar);
        }
        const out = v.dataSync().slice();
        opt.dispose();
        tf.dispose([v, goal]);
        return out;
      };
      const want = await run("cpu");
      assertAllClose(await run("wasm"), want, RTOL, "adam");
    });
    await t.step(
      "element-wise kernels, Tile, Sum and Mean on tensors large enough to split",
      async () => {
        const shape = [9, 31, 29, 13]; // 105,183 values, 13 channels: rows split, odd tails
        const x = randomHost(rng, shape), c = randomHost(rng, [13]);
        await assertMatchesCpu("Relu", { x }, {}, "relu");
        await assertMatchesCpu("Add", { a: x, b: c }, {}, "add per channel");
        await assertMatchesCpu("Multiply", { a: c, b: x }, {}, "multiply per channel");
        await assertMatchesCpu("Sub", { a: x, b: randomHost(rng, shape) }, {}, "sub");
        await assertMatchesCpu("Tile", { x: { ...c, shape: [1, 1, 1, 13] } }, {
          reps: [9, 31, 29, 1],
        }, "tile");
        await assertMatchesCpu("Sum", { x }, { axis: [0, 1, 2], keepDims: false }, "sum");
        await assertMatchesCpu("Mean", { x }, { axis: [0, 1, 2], keepDims: true }, "mean");
      },
    );
    await t.step("batch norm and its gradient on a tensor large enough to split", async () => {
      const shape = [7, 23, 19, 12]; // 36,708 values
      const x = randomHost(rng, shape), dy = randomHost(rng, shape);
      const stats = [randomHost(rng, [12]), randomHost(rng, [12])];
      const variance = { ...stats[1], values: stats[1].values.map((v) => v * v + 0.1) };
      const [offset, scale] = [randomHost(rng, [12]), randomHost(rng, [12])];
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const [xt, dyt, m, v, o, s] = [x, dy, stats[0], variance, offset, scale].map((h) =>
            tf.tensor(h.values, h.shape)
          );
          const y = tf.batchNorm(xt, m, v, o, s, 1e-3);
          const g = tf.grads((
            a: tf.Tensor,
            b: tf.Tensor,
            c: tf.Tensor,
            d: tf.Tensor,
            e: tf.Tensor,
          ) => tf.batchNorm(a, b, c, d, e, 1e-3))([xt, m, v, o, s], dyt);
          return [y, ...g].map((t) => t.dataSync() as Float32Array);
        });
      };
      const want = await run("cpu");
      const got = await run("wasm");
      const names = ["y", "dx", "dmean", "dvariance", "doffset", "dscale"];
      got.forEach((v, i) => assertAllClose(v, want[i], RTOL, names[i]));
    });
    await t.step("_FusedMatMul with bias and relu", async () => {
      await assertMatchesCpu(
        "_FusedMatMul",
        {
          a: randomHost(rng, [1, 30, 17]),
          b: randomHost(rng, [1, 17, 21]),
          bias: randomHost(rng, [21]),
        },
        { transposeA: false, transposeB: false, activation: "relu" },
        "fused matmul",
      );
    });
  },
});
