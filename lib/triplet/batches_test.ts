import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { Rng } from "../random/mod.ts";
import {
  BATCH_PER_CLASS,
  classBatches,
  firstIndicesPerClass,
  IMAGES_PER_SEEN_CLASS,
  SEEN_CLASSES,
} from "./batches.ts";

Deno.test("firstIndicesPerClass() takes the first images of each class in set order", () => {
  const labels = [2, 0, 1, 0, 2, 0, 1, 2];
  const got = firstIndicesPerClass(labels, [0, 2], 2);
  assertEquals(got.map((a) => Array.from(a)), [[1, 3], [0, 4]]);
  assertThrows(() => firstIndicesPerClass(labels, [1], 3), RangeError, "holds only 2");
  assertThrows(() => firstIndicesPerClass(labels, [1], 0), RangeError, "positive integer");
});

Deno.test("classBatches() reproduces D's loader: 10 batches of 10 per class, no shuffling", () => {
  const labels = Array.from({ length: 400 }, (_, i) => i % 4);
  const perClass = firstIndicesPerClass(labels, SEEN_CLASSES, IMAGES_PER_SEEN_CLASS);
  const batches = classBatches(perClass, SEEN_CLASSES, BATCH_PER_CLASS);
  assertEquals(batches.length, 10);
  for (const b of batches) {
    assertEquals(b.indices.length, 30);
    assertEquals(Array.from(b.labels), Array.from({ length: 30 }, (_, i) => Math.floor(i / 10)));
    b.indices.forEach((ix, k) => assertEquals(labels[ix], b.labels[k]));
  }
  // batch 1 holds the 11th–20th image of each class
  assertEquals(batches[1].indices[0], perClass[0][10]);
  assertEquals(batches[1].indices[10], perClass[1][10]);
  assertEquals(batches[1].indices[29], perClass[2][19]);
});

Deno.test("classBatches() keeps a partial last batch and shuffles only with an rng", () => {
  const perClass = [Int32Array.of(0, 2, 4), Int32Array.of(1, 3, 5)];
  const b = classBatches(perClass, [0, 1], 2);
  assertEquals(b.map((x) => Array.from(x.indices)), [[0, 2, 1, 3], [4, 5]]);
  const long = [Int32Array.from({ length: 20 }, (_, i) => i)];
  const s = classBatches(long, [0], 20, { rng: new Rng(1) });
  assertNotEquals(Array.from(s[0].indices), Array.from(long[0]));
  assertEquals(Array.from(long[0]), Array.from({ length: 20 }, (_, i) => i)); // input untouched
});

Deno.test("classBatches() rejects uneven classes and bad sizes", () => {
  assertThrows(
    () => classBatches([Int32Array.of(1), Int32Array.of(2, 3)], [0, 1], 1),
    RangeError,
    "lengths 1, 2",
  );
  assertThrows(() => classBatches([Int32Array.of(1)], [0, 1], 1), RangeError, "one label per list");
  assertThrows(() => classBatches([Int32Array.of(1)], [0], 0), RangeError, "batches of 0");
});
