import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { Rng } from "./mod.ts";

Deno.test("Rng gives the same sequence for the same seed", () => {
  const a = new Rng(123), b = new Rng(123);
  const xs = Array.from({ length: 5 }, () => a.nextUint32());
  assertEquals(xs, Array.from({ length: 5 }, () => b.nextUint32()));
  assertNotEquals(xs, Array.from({ length: 5 }, () => new Rng(124).nextUint32()));
});

Deno.test("Rng.next() is uniform in [0, 1)", () => {
  const rng = new Rng(1);
  const n = 20000;
  let sum = 0, min = 1, max = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.next();
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  assert(min >= 0 && max < 1);
  assertAlmostEquals(sum / n, 0.5, 0.01);
});

Deno.test("Rng.int() covers 0..n-1 and rejects bad bounds", () => {
  const rng = new Rng(2);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) counts[rng.int(5)]++;
  for (const c of counts) assertAlmostEquals(c, 1000, 120);
  assertThrows(() => rng.int(0), RangeError, "positive integer");
});

Deno.test("Rng.normal() has mean 0 and variance 1", () => {
  const rng = new Rng(3);
  const n = 20000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    s += x;
    s2 += x * x;
  }
  assertAlmostEquals(s / n, 0, 0.03);
  assertAlmostEquals(s2 / n, 1, 0.05);
});

Deno.test("Rng.permutation() and sample() hold each index once", () => {
  const rng = new Rng(4);
  const p = Array.from(rng.permutation(100)).sort((a, b) => a - b);
  assertEquals(p, Array.from({ length: 100 }, (_, i) => i));
  const s = rng.sample(50, 10);
  assertEquals(new Set(s).size, 10);
  assertThrows(() => rng.sample(3, 4), RangeError);
});

Deno.test("Rng rejects a non-integer seed", () => {
  assertThrows(() => new Rng(0.5), RangeError, "expected an integer");
});
