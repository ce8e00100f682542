import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertAllClose, randomHost, RTOL, runOn, useWasm } from "./_test_utils.ts";
import { winogradConv, winogradFilterGrad, winogradTile } from "./_winograd.ts";
import type { WasmBackend } from "./_kernel_utils.ts";

await useWasm();

/** [N, H, W, CI], CO, padding: sizes that leave partial tiles of both sizes, odd channels. */
const CASES: [number[], number, number][] = [
  [[2, 9, 11, 5], 7, 1],
  [[1, 6, 6, 4], 1, 0],
  [[3, 13, 7, 8], 10, 1],
  [[1, 26, 26, 32], 64, 0],
  [[2, 5, 8, 6], 9, 2],
];

function outSize(h: number, pad: number): number {
  return h + 2 * pad - 2;
}

Deno.test("winogradTile picks the tile with fewer products", () => {
  assertEquals(winogradTile(24, 24), 4);
  assertEquals(winogradTile(11, 11), 4);
  assertEquals(winogradTile(2, 2), 2);
  assertEquals(winogradTile(5, 5), 2);
});

Deno.test("Winograd F(2×2) and F(4×4) match cpu: forward, input and filter gradients", async (t) => {
  const rng = new Rng(61);
  for (const [xs, co, pad] of CASES) {
    for (const tile of [2, 4] as const) {
      const [n, h, w, ci] = xs;
      const oh = outSize(h, pad), ow = outSize(w, pad);
      const x = randomHost(rng, xs), f = randomHost(rng, [3, 3, ci, co]);
      const dy = randomHost(rng, [n, oh, ow, co]);
      const padding = [[0, 0], [pad, pad], [pad, pad], [0, 0]];
      const label = `F(${tile}×${tile}) x [${xs}] → ${co}, pad ${pad}`;
      await t.step(label, async () => {
        const fwd = await runOn("cpu", "Conv2D", { x, filter: f }, {
          strides: 1,
          pad: padding,
          dataFormat: "NHWC",
          dilations: 1,
        });
        const dx = await runOn("cpu", "Conv2DBackpropInput", { dy, filter: f }, {
          strides: 1,
          pad: padding,
          dataFormat: "NHWC",
          inputShape: xs,
        });
        const dw = await runOn("cpu", "Conv2DBackpropFilter", { x, dy }, {
          strides: 1,
          pad: padding,
          dataFormat: "NHWC",
          filterShape: [3, 3, ci, co],
        });
        await tf.setBackend("wasm");
        const backend = tf.backend() as unknown as WasmBackend;
        const [xt, ft, dyt] = [x, f, dy].map((v) => tf.tensor(v.values, v.shape));
        const info = (t: tf.Tensor) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
        const read = (ti: tf.TensorInfo) => {
          const v = (backend.typedArrayFromHeap(ti) as Float32Array).slice();
          backend.disposeData(ti.dataId);
          return v;
        };
        const ours = [
          read(winogradConv(backend, {
            x: info(xt),
            filter: info(ft),
            flip: false,
            oh,
            ow,
            pt: pad,
            pl: pad,
            tile,
          })),
          read(winogradConv(backend, {
            x: info(dyt),
            filter: info(ft),
            flip: true,
            oh: h,
            ow: w,
            pt: 2 - pad,
            pl: 2 - pad,
            tile,
          })),
          read(winogradFilterGrad(backend, info(xt), info(dyt), pad, pad, tile)),
        ];
        tf.dispose([xt, ft, dyt]);
        assertAllClose(ours[0], fwd.values, RTOL, `${label} forward`);
        assertAllClose(ours[1], dx.values, RTOL, `${label} input gradient`);
        assertAllClose(ours[2], dw.values, RTOL, `${label} filter gradient`);
      });
    }
  }
});
