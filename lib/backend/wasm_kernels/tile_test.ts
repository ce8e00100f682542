import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, type HostTensor, randomHost, useWasm } from "./_test_utils.ts";

await useWasm();

Deno.test("Tile on wasm matches cpu (per-channel vectors, every axis, int32, rank 1)", async (t) => {
  const rng = new Rng(15);
  const cases: [number[], number[]][] = [
    [[1, 1, 1, 24], [6, 5, 7, 1]],
    [[2, 3], [3, 4]],
    [[3, 1, 2], [1, 5, 1]],
    [[5], [3]],
    [[2, 2, 2, 2], [2, 1, 3, 2]],
  ];
  for (const [shape, reps] of cases) {
    await t.step(`${shape.join("x")} by ${reps.join("x")}`, async () => {
      await assertMatchesCpu("Tile", { x: randomHost(rng, shape) }, { reps }, "tile");
    });
  }
  await t.step("int32", async () => {
    const x: HostTensor = {
      values: Int32Array.from([1, 2, 3, 4, 5, 6]),
      shape: [2, 3],
      dtype: "int32",
    };
    await assertMatchesCpu("Tile", { x }, { reps: [2, 2] }, "int32");
  });
});
