import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../random/mod.ts";
import {
  assertAllClose,
  assertMatchesCpu,
  type HostTensor,
  randomHost,
  useWasm,
} from "./_test_utils.ts";

await useWasm();

Deno.test("Slice on wasm matches cpu (thirds of images, inner runs, int32, -1 sizes)", async (t) => {
  const rng = new Rng(24);
  const cases: [number[], number[], number[]][] = [
    [[4, 84, 84, 1], [0, 0, 28, 0], [4, 84, 28, 1]],
    [[5, 6, 7], [1, 2, 3], [3, 4, 4]],
    [[5, 6, 7], [2, 0, 0], [2, 6, 7]],
    [[9], [3], [-1]],
    [[3, 4, 5, 6], [0, 1, 0, 2], [-1, 2, -1, 3]],
  ];
  for (const [shape, begin, size] of cases) {
    await t.step(`${shape.join("x")} from ${begin} size ${size}`, async () => {
      await assertMatchesCpu("Slice", { x: randomHost(rng, shape) }, { begin, size }, "slice");
    });
  }
  await t.step("int32", async () => {
    const x: HostTensor = {
      values: Int32Array.from({ length: 24 }, (_, i) => i),
      shape: [4, 6],
      dtype: "int32",
    };
    await assertMatchesCpu("Slice", { x }, { begin: [1, 2], size: [2, 3] }, "int32");
  });
});

Deno.test("SplitV on wasm matches cpu", async () => {
  const x = randomHost(new Rng(25), [4, 9, 5]);
  const attrs = { numOrSizeSplits: [2, 3, 4], axis: 1 };
  const parts = async (backend: "wasm" | "cpu") => {
    await tf.setBackend(backend);
    return tf.tidy(() =>
      (tf.engine().runKernel(
        "SplitV",
        { x: tf.tensor(x.values, x.shape) },
        attrs,
      ) as unknown as tf.Tensor[])
        .map((p) => p.dataSync())
    );
  };
  const want = await parts("cpu");
  const got = await parts("wasm");
  want.forEach((w, i) => assertAllClose(got[i], w, 1e-7, `part ${i}`));
});
