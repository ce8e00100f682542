import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, type HostTensor, randomHost, useWasm } from "./_test_utils.ts";
import { reduceTranspose } from "./transpose.ts";

await useWasm();

Deno.test("reduceTranspose() drops unit axes and merges axes that move together", () => {
  assertEquals(reduceTranspose([6, 1, 4, 5], [1, 2, 3, 0]), { shape: [6, 20], perm: [1, 0] });
  assertEquals(reduceTranspose([2, 3, 4], [0, 2, 1]), { shape: [2, 3, 4], perm: [0, 2, 1] });
  assertEquals(reduceTranspose([2, 3, 4, 5], [0, 1, 2, 3]), { shape: [120], perm: [0] });
  assertEquals(reduceTranspose([2, 3, 4, 5], [3, 1, 2, 0]), {
    shape: [2, 12, 5],
    perm: [2, 1, 0],
  });
});

Deno.test("Transpose on wasm matches cpu (matrices, batches, odd sizes, other permutations)", async (t) => {
  const rng = new Rng(16);
  const cases: [number[], number[]][] = [
    [[37, 45], [1, 0]],
    [[128, 300], [1, 0]],
    [[3, 9, 13], [0, 2, 1]],
    [[5, 6, 7, 8], [3, 1, 2, 0]],
    [[5, 6, 7, 8], [1, 2, 0, 3]],
    [[2, 1, 7], [2, 1, 0]],
  ];
  for (const [shape, perm] of cases) {
    await t.step(`${shape.join("x")} perm ${perm}`, async () => {
      await assertMatchesCpu("Transpose", { x: randomHost(rng, shape) }, { perm }, "transpose");
    });
  }
  await t.step("int32 keeps its bits", async () => {
    const x: HostTensor = {
      values: Int32Array.from({ length: 35 }, (_, i) => i * 123457 - 2e6),
      shape: [5, 7],
      dtype: "int32",
    };
    await assertMatchesCpu("Transpose", { x }, { perm: [1, 0] }, "int32");
  });
});
