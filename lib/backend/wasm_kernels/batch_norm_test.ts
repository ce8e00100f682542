import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, type HostTensor, randomHost, useWasm } from "./_test_utils.ts";

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
