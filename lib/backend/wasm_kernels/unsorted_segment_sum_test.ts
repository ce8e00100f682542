import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import {
  assertAllClose,
  assertMatchesCpu,
  type HostTensor,
  randomHost,
  useWasm,
} from "./_test_utils.ts";

await useWasm();

Deno.test("UnsortedSegmentSum on wasm matches cpu (float32 and int32 data)", async (t) => {
  const rng = new Rng(9);
  const ids1: HostTensor = {
    values: Int32Array.from([3, 0, 3, 1, 2, 0]),
    shape: [6],
    dtype: "int32",
  };
  await t.step("float32 rows", async () => {
    await assertMatchesCpu("UnsortedSegmentSum", { x: randomHost(rng, [6, 4]), segmentIds: ids1 }, {
      numSegments: 5,
    }, "rows");
  });
  await t.step("int32 scalars", async () => {
    const x: HostTensor = {
      values: Int32Array.from([1, 2, 3, 4, 5, 6]),
      shape: [6],
      dtype: "int32",
    };
    await assertMatchesCpu(
      "UnsortedSegmentSum",
      { x, segmentIds: ids1 },
      { numSegments: 4 },
      "int32",
    );
  });
  await t.step("3-d x", async () => {
    await assertMatchesCpu(
      "UnsortedSegmentSum",
      { x: randomHost(rng, [6, 3, 5]), segmentIds: ids1 },
      { numSegments: 6 },
      "3-d x",
    );
  });
});

Deno.test("UnsortedSegmentSum on wasm drops ids outside [0, numSegments)", () => {
  const out = tf.unsortedSegmentSum(
    tf.tensor1d([1, 2, 4, 8]),
    tf.tensor1d([0, -1, 1, 7], "int32"),
    2,
  );
  assertEquals(Array.from(out.dataSync()), [1, 4]);
});

Deno.test("an embedding lookup's gradient (gather → UnsortedSegmentSum) matches cpu", async () => {
  const rng = new Rng(10);
  const table = randomHost(rng, [10, 16]);
  const labels = Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const idx = tf.tensor1d(labels, "int32");
      const g = tf.grad((e) => tf.sum(tf.square(tf.gather(e, idx))));
      return g(tf.tensor2d(table.values, [10, 16])).dataSync();
    });
  };
  const want = await run("cpu");
  const got = await run("wasm");
  assertAllClose(got, want);
});
