import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { sampleIndices, splitIndices, trainValTestSplit } from "./split.ts";

Deno.test("splitIndices() gives the same split for the same seed and another for another", () => {
  const a = splitIndices(1000, { valFraction: 0.1, seed: 42 });
  const b = splitIndices(1000, { valFraction: 0.1, seed: 42 });
  const c = splitIndices(1000, { valFraction: 0.1, seed: 43 });
  assertEquals(a, b);
  assertNotEquals(a.val, c.val);
});

Deno.test("splitIndices() partitions 0..n-1 into ascending, disjoint parts", () => {
  const { train, val } = splitIndices(1001, { valFraction: 0.1, seed: 7 });
  assertEquals([train.length, val.length], [901, 100]);
  const all = [...train, ...val].sort((x, y) => x - y);
  assertEquals(all, Array.from({ length: 1001 }, (_, i) => i));
  assertEquals(Array.from(train), Array.from(train).sort((x, y) => x - y));
  assertEquals(Array.from(val), Array.from(val).sort((x, y) => x - y));
});

Deno.test("splitIndices() stratifies: each class is split in the same proportion", () => {
  // 300 of class 0, 100 of class 1, 600 of class 2, interleaved
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 0 : i % 10 < 4 ? 1 : 2));
  const { train, val } = splitIndices(1000, { valFraction: 0.1, seed: 1, stratifyBy: labels });
  const count = (idx: Int32Array, c: number) => idx.filter((i) => labels[i] === c).length;
  assertEquals([count(val, 0), count(val, 1), count(val, 2)], [30, 10, 60]);
  assertEquals(train.length + val.length, 1000);
  assertEquals(
    splitIndices(1000, { valFraction: 0.1, seed: 1, stratifyBy: labels }).val,
    val,
    "stratified splits are deterministic too",
  );
});

Deno.test("splitIndices() rejects bad arguments", () => {
  assertThrows(() => splitIndices(10, { valFraction: 1, seed: 1 }), RangeError, "[0, 1)");
  assertThrows(() => splitIndices(-1, { valFraction: 0.1, seed: 1 }), RangeError, "non-negative");
  assertThrows(
    () => splitIndices(10, { valFraction: 0.1, seed: 1, stratifyBy: [1, 2] }),
    RangeError,
    "found 2",
  );
});

Deno.test("sampleIndices() takes k per class or k in all, reproducibly, from the candidates", () => {
  const labels = Uint8Array.from({ length: 200 }, (_, i) => i % 4);
  const per = sampleIndices(labels, { perClass: 5, seed: 3 });
  assertEquals(per.length, 20);
  for (let c = 0; c < 4; c++) assertEquals(per.filter((i) => labels[i] === c).length, 5);
  assertEquals(sampleIndices(labels, { perClass: 5, seed: 3 }), per);
  assertEquals(new Set(per).size, 20);

  const from = Int32Array.from({ length: 50 }, (_, i) => i * 2); // even indices: classes 0 and 2
  const sub = sampleIndices(labels, { total: 10, seed: 3, from });
  assertEquals(sub.length, 10);
  assertEquals(sub.every((i) => i % 2 === 0), true);
  assertEquals(sampleIndices(labels, { perClass: 100, seed: 3, from }).length, 50);
});

Deno.test("sampleIndices() needs exactly one of perClass and total", () => {
  assertThrows(() => sampleIndices([0, 1], { seed: 1 }), RangeError, "exactly one");
  assertThrows(() => sampleIndices([0, 1], { seed: 1, perClass: 1, total: 1 }), RangeError);
  assertThrows(() => sampleIndices([0, 1], { seed: 1, total: -1 }), RangeError, "non-negative");
});

Deno.test("trainValTestSplit() draws what notebooks 01 and 03 drew by hand, seed for seed", () => {
  const labels = Uint8Array.from({ length: 500 }, (_, i) => (i * 7) % 10);
  const sets = { train: { count: 500, labels }, test: { count: 500, labels } };
  const options = { valFraction: 0.1, seed: 3, trainPerClass: 5, valPerClass: 2, testImages: 40 };
  const got = trainValTestSplit(sets, options);
  const split = splitIndices(500, { valFraction: 0.1, seed: 3, stratifyBy: labels });
  assertEquals(got.train, sampleIndices(labels, { perClass: 5, seed: 3, from: split.train }));
  assertEquals(got.val, sampleIndices(labels, { perClass: 2, seed: 4, from: split.val }));
  assertEquals(got.test, sampleIndices(labels, { total: 40, seed: 5 }));
  const whole = trainValTestSplit(sets, { valFraction: 0.1, seed: 3 });
  assertEquals([whole.train, whole.val], [split.train, split.val]);
  assertEquals(whole.test.length, 500);
});
