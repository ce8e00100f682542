import * as tf from "@tensorflow/tfjs";
import { assert, assertThrows } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, assertMatchesCpu, randomHost, useWasm } from "./_test_utils.ts";
import { CONV_CASES, labelOf, outShapeOf } from "./_conv_cases.ts";
import { conv2dBackpropInputWasm } from "./conv2d_backprop_input.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

await useWasm();

Deno.test("Conv2DBackpropInput on wasm matches cpu to 1e-4", async (t) => {
  const rng = new Rng(3);
  for (const c of CONV_CASES) {
    await t.step(labelOf(c), async () => {
      await assertMatchesCpu(
        "Conv2DBackpropInput",
        { dy: randomHost(rng, outShapeOf(c)), filter: randomHost(rng, c.filter) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", inputShape: c.x },
        labelOf(c),
      );
    });
  }
});

Deno.test("conv2dTranspose on wasm matches cpu (the cDCGAN's k4 s2 layers)", async (t) => {
  const rng = new Rng(4);
  const cases: [number[], number[], "same" | "valid"][] = [
    [[2, 3, 3, 6], [4, 4, 5, 6], "same"], // 3 → 6, like 6×6 → 12×12
    [[1, 6, 6, 4], [4, 4, 1, 4], "valid"], // 6 → 14, like 48 → 98 before the crop
    [[3, 5, 4, 3], [3, 3, 2, 3], "same"],
  ];
  for (const [xs, fs, pad] of cases) {
    await t.step(`x ${xs.join("x")} f ${fs.join("x")} ${pad}`, async () => {
      const x = randomHost(rng, xs), f = randomHost(rng, fs);
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const xt = tf.tensor4d(x.values, xs as [number, number, number, number]);
          const ft = tf.tensor4d(f.values, fs as [number, number, number, number]);
          // The transposed conv's output: doubled for same, (size-1)*2 + k for valid.
          const [n, h, w] = xs;
          const outShape: [number, number, number, number] = pad === "same"
            ? [n, 2 * h, 2 * w, fs[2]]
            : [n, 2 * (h - 1) + fs[0], 2 * (w - 1) + fs[1], fs[2]];
          return tf.conv2dTranspose(xt, ft, outShape, 2, pad).dataSync();
        });
      };
      const want = await run("cpu");
      const got = await run("wasm");
      assertAllClose(got, want);
    });
  }
});

Deno.test("conv2dBackpropInputWasm() rejects NCHW data", () => {
  const backend = tf.backend() as unknown as WasmBackend;
  const dy = tf.zeros([1, 2, 2, 1]), f = tf.zeros([3, 3, 1, 1]);
  const e = assertThrows(
    () =>
      conv2dBackpropInputWasm(backend, dy, f, {
        strides: 1,
        pad: "valid",
        dataFormat: "NCHW",
        inputShape: [1, 4, 4, 1],
      }),
    TypeError,
  );
  assert(e.message.includes("NCHW"), e.message);
  tf.dispose([dy, f]);
});
