import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, randomHost, useWasm } from "./_test_utils.ts";
import { isAllButLast } from "./sum.ts";

await useWasm();

Deno.test("isAllButLast() accepts every axis but the last in any order, negative too", () => {
  assert(isAllButLast([0, 1, 2], 4));
  assert(isAllButLast([2, 0, 1], 4));
  assert(isAllButLast([-4, -3, -2], 4));
  assert(isAllButLast(0, 2));
  assert(!isAllButLast([0, 1], 4));
  assert(!isAllButLast([1, 2, 3], 4));
  assert(!isAllButLast([0], 1));
});

Deno.test("Sum on wasm matches cpu to 1e-4 (bias gradients and the rest)", async (t) => {
  const rng = new Rng(6);
  const cases: [number[], number[], boolean][] = [
    [[2, 5, 5, 1], [0, 1, 2], false],
    [[3, 7, 6, 3], [0, 1, 2], false],
    [[64, 24, 24, 16], [0, 1, 2], false], // 36,864 rows: many summation blocks
    [[5, 37], [0], true],
    [[4, 3, 2, 20], [0, 1, 2], true],
    [[4, 3, 2, 20], [1, 2], false], // not ours: the wasm backend's own kernel
    [[6, 10], [1], false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    const label = `${shape.join("x")} axis ${axis} keepDims ${keepDims}`;
    await t.step(label, async () => {
      await assertMatchesCpu("Sum", { x: randomHost(rng, shape) }, { axis, keepDims }, label);
    });
  }
});

Deno.test("Sum on wasm keeps the shape rules: keepDims and int32", () => {
  const x = tf.ones([2, 3, 4]);
  assertEquals(tf.sum(x, [0, 1], true).shape, [1, 1, 4]);
  assertEquals(tf.sum(x, [0, 1]).shape, [4]);
  assertEquals(Array.from(tf.sum(tf.ones([3, 2], "int32"), 0).dataSync()), [3, 3]);
  tf.dispose(x);
});

Deno.test("Mean on wasm matches cpu to 1e-4 (batch-norm statistics and the rest)", async (t) => {
  const rng = new Rng(18);
  const cases: [number[], number[], boolean][] = [
    [[16, 21, 7, 48], [0, 1, 2], false],
    [[4, 3, 2, 5], [0, 1, 2], true],
    [[7, 10], [1], false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    const label = `${shape.join("x")} axis ${axis} keepDims ${keepDims}`;
    await t.step(label, async () => {
      await assertMatchesCpu("Mean", { x: randomHost(rng, shape) }, { axis, keepDims }, label);
    });
  }
});
