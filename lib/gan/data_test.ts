import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertThrows } from "@std/assert";
import { digitGanSource, tripleGanSource } from "./data.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";

await tf.setBackend("cpu");

Deno.test("digitGanSource() scales bytes to [-1, 1] and gives int32 labels [b, 1]", () => {
  const a = {
    images: new Uint8Array(784).fill(255),
    labels: Uint8Array.of(4),
    count: 1,
    height: 28,
    width: 28,
  };
  const b = {
    images: new Uint8Array(2 * 784),
    labels: Uint8Array.of(0, 9),
    count: 2,
    height: 28,
    width: 28,
  };
  const source = digitGanSource([a, b]);
  assertEquals(source.size, 3);
  const { xs, ys } = source.batch(Int32Array.of(2, 0));
  assertEquals(xs.shape, [2, 28, 28, 1]);
  assertEquals([ys.shape, ys.dtype], [[2, 1], "int32"]);
  assertEquals(Array.from(ys.dataSync()), [9, 4]);
  const x = xs.dataSync();
  assertEquals([x[0], x[784]], [-1, 1]);
  tf.dispose([xs, ys]);
  assertThrows(() => source.batch(Int32Array.of(3)), RangeError, "indices must be in 0..2");
  assertThrows(
    () => digitGanSource([{ ...a, height: 84 }]),
    RangeError,
    "Cannot train the digit GAN on 84×28 images as they must be 28×28",
  );
});

Deno.test("tripleGanSource() gives whole images and their three digits", () => {
  const split: TripleMnistSplit = {
    name: "test",
    images: new Uint8Array(2 * 7056).fill(255, 7056),
    labels: Uint16Array.of(42, 907),
    indexInClass: new Uint32Array(2),
    count: 2,
    height: 84,
    width: 84,
  };
  const source = tripleGanSource([split, split]);
  assertEquals(source.size, 4);
  const { xs, ys } = source.batch(Int32Array.of(3, 0));
  assertEquals(xs.shape, [2, 84, 84, 1]);
  assertEquals(Array.from(ys.dataSync()), [9, 0, 7, 0, 4, 2]);
  const x = xs.dataSync();
  assertEquals([x[0], x[7056]], [1, -1]);
  tf.dispose([xs, ys]);
});
