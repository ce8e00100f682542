import { assert, assertEquals, assertThrows } from "@std/assert";
import { Rng } from "../random/mod.ts";
import { randomTriplets, semiHardTriplets } from "./mining.ts";

/** D's batch: 10 images of each of classes 0, 1, 2, class-major. */
const D_LABELS = Array.from({ length: 30 }, (_, i) => Math.floor(i / 10));

Deno.test("randomTriplets() gives D's 60 triplets for 10 per class over 3 classes", () => {
  const t = randomTriplets(D_LABELS, new Rng(1));
  assertEquals(t.anchor.length, 60);
  assertEquals(t.positive.length, 60);
  assertEquals(t.negative.length, 60);
  for (let i = 0; i < 60; i++) {
    assertEquals(D_LABELS[t.positive[i]], D_LABELS[t.anchor[i]]);
    assert(D_LABELS[t.negative[i]] !== D_LABELS[t.anchor[i]]);
  }
  // D's order: anchors class by class, each anchor twice (once per other class, ascending)
  assertEquals(Array.from(t.anchor.slice(0, 4)), [0, 0, 1, 1]);
  assertEquals(D_LABELS[t.negative[0]], 1);
  assertEquals(D_LABELS[t.negative[1]], 2);
  assertEquals(t.positive[0], t.positive[1]); // one positive per anchor
  assertEquals(D_LABELS[t.negative[20]], 0); // anchors of class 1 start at triplet 20
  // every anchor appears C − 1 = 2 times
  const counts = new Map<number, number>();
  for (const a of t.anchor) counts.set(a, (counts.get(a) ?? 0) + 1);
  assertEquals(counts.size, 30);
  assert([...counts.values()].every((c) => c === 2));
});

Deno.test("randomTriplets() is seeded and draws positives and negatives at random", () => {
  const a = randomTriplets(D_LABELS, new Rng(7));
  const b = randomTriplets(D_LABELS, new Rng(7));
  const c = randomTriplets(D_LABELS, new Rng(8));
  assertEquals(a, b);
  assert(a.negative.some((v, i) => v !== c.negative[i]));
  // across many draws every member of a class is chosen as a negative
  const rng = new Rng(3);
  const seen = new Set<number>();
  for (let k = 0; k < 50; k++) for (const n of randomTriplets(D_LABELS, rng).negative) seen.add(n);
  assertEquals(seen.size, 30);
});

Deno.test("randomTriplets() lets the anchor be its own positive only when allowed", () => {
  const labels = [0, 0, 1, 1];
  let self = 0;
  const rng = new Rng(2);
  for (let k = 0; k < 200; k++) {
    const t = randomTriplets(labels, rng);
    for (let i = 0; i < t.anchor.length; i++) if (t.anchor[i] === t.positive[i]) self++;
  }
  assert(self > 0, "D's random.choice includes the anchor itself");
  for (let k = 0; k < 50; k++) {
    const t = randomTriplets(labels, rng, { positiveMayBeAnchor: false });
    for (let i = 0; i < t.anchor.length; i++) assert(t.anchor[i] !== t.positive[i]);
  }
  assertThrows(
    () => randomTriplets([0, 1, 1], new Rng(1), { positiveMayBeAnchor: false }),
    RangeError,
    "Cannot draw a positive other than the anchor for class 0",
  );
});

Deno.test("randomTriplets() rejects single-class batches and non-integer labels", () => {
  assertThrows(() => randomTriplets([4, 4, 4], new Rng(1)), RangeError, "batch of 1 class");
  assertThrows(() => randomTriplets([0, 1.5], new Rng(1)), TypeError, "label 1.5 at position 1");
});

Deno.test("semiHardTriplets() picks the closest negative farther than the positive", () => {
  // 1-d points: class 0 at 0 and 1; class 1 at 0.5, 1.8 and 5
  const x = [0, 1, 0.5, 1.8, 5];
  const labels = [0, 0, 1, 1, 1];
  const d = Float32Array.from(x.flatMap((a) => x.map((b) => (a - b) ** 2)));
  const t = semiHardTriplets(labels, d);
  // anchor–positive pairs: (0,1) and (1,0) of class 0; 3·2 = 6 pairs of class 1 → 8 triplets
  assertEquals(t.anchor.length, 8);
  // anchor 0, positive 1: d_ap = 1; negatives at 0.25, 3.24, 25 → the first farther one: 1.8
  assertEquals([t.anchor[0], t.positive[0], t.negative[0]], [0, 1, 3]);
  // anchor 1, positive 0: d_ap = 1; negatives 0.25, 0.64, 16 → 5 (index 4)
  assertEquals([t.anchor[1], t.positive[1], t.negative[1]], [1, 0, 4]);
  // anchor 4 (x = 5), positive 2 (x = 0.5): d_ap = 20.25 beyond every negative (25, 16):
  // 25 > 20.25, so the negative at 0 (index 0)
  const k = Array.from(t.anchor).findIndex((a, i) => a === 4 && t.positive[i] === 2);
  assertEquals(t.negative[k], 0);
  // anchor 3 (x = 1.8), positive 4 (x = 5): d_ap = 10.24, negatives at 3.24 and 0.64: none
  // farther → the farthest one (x = 0, index 0)
  const j = Array.from(t.anchor).findIndex((a, i) => a === 3 && t.positive[i] === 4);
  assertEquals(t.negative[j], 0);
});

Deno.test("semiHardTriplets() rejects a distance matrix of the wrong size", () => {
  assertThrows(
    () => semiHardTriplets([0, 1], new Float32Array(3)),
    RangeError,
    "expected 4",
  );
  assertThrows(() => semiHardTriplets([0, 0], new Float32Array(4)), RangeError, "1 class");
});
