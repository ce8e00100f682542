import { assert, assertEquals, assertThrows } from "@std/assert";
import { fakeMnist } from "./_testing.ts";
import { generateTripleMnist } from "./generate.ts";
import {
  activeDigitPool,
  digitKeys,
  handwritingOverlap,
  poolOverlaps,
  splitDigitSets,
  splitOverlaps,
  thirdKeys,
  trainingDigitParts,
} from "./pools.ts";

const mnist = { train: fakeMnist(), test: fakeMnist(100) };

Deno.test("trainingDigitParts() holds out the last sixth of each digit, at least one", () => {
  const { train, val } = trainingDigitParts(mnist.train);
  assertEquals([train.count, val.count], [20, 10]);
  // fakeMnist: image j of digit d has pixels 1 + 10d + j; j = 2 is each digit's last image
  assertEquals(Array.from(val.labels), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (let k = 0; k < 10; k++) assertEquals(val.images[k * 784], 1 + 10 * k + 2);
  assert(train.images.every((v) => (v - 1) % 10 !== 2));
});

Deno.test("disjoint pools keep test and validation handwriting out of training pictures", () => {
  const sets = generateTripleMnist(splitDigitSets(mnist, "disjoint"), { imagesPerClass: 3 });
  const [train, val, test] = [sets.train!, sets.val!, sets.test!].map(thirdKeys);
  assertEquals(handwritingOverlap(test, train).shared, 0);
  assertEquals(handwritingOverlap(val, train).shared, 0);
  assertEquals(handwritingOverlap(test, digitKeys(mnist.test)).share, 1);
  assertEquals(handwritingOverlap(train, digitKeys(mnist.train)).share, 1);
});

Deno.test("the shared pool (upstream) reuses training handwriting in test pictures", () => {
  const sets = generateTripleMnist(splitDigitSets(mnist, "shared"), { imagesPerClass: 3 });
  const overlap = handwritingOverlap(thirdKeys(sets.test!), thirdKeys(sets.train!));
  assertEquals(overlap.digits, 3 * sets.test!.count);
  assert(overlap.share > 0.9, `${overlap.share}`); // 60 digit images, thousands of draws
});

Deno.test("thirdKeys() knows a digit at any height; different digits get different keys", () => {
  const sets = generateTripleMnist([mnist.train], { imagesPerClass: 4, splits: ["val"] });
  const keys = thirdKeys(sets.val!);
  const known = new Set(digitKeys(mnist.train));
  assert(keys.every((k) => known.has(k)));
  assertEquals(known.size, mnist.train.count);
});

Deno.test("activeDigitPool() reads TRIPLE_MNIST_POOL and rejects other modes", () => {
  const saved = Deno.env.get("TRIPLE_MNIST_POOL");
  try {
    Deno.env.delete("TRIPLE_MNIST_POOL");
    assertEquals(activeDigitPool(), "disjoint");
    Deno.env.set("TRIPLE_MNIST_POOL", "shared");
    assertEquals(activeDigitPool(), "shared");
    Deno.env.set("TRIPLE_MNIST_POOL", "mixed");
    assertThrows(() => activeDigitPool(), RangeError, "must be 'disjoint' or 'shared'");
  } finally {
    if (saved === undefined) Deno.env.delete("TRIPLE_MNIST_POOL");
    else Deno.env.set("TRIPLE_MNIST_POOL", saved);
  }
});

Deno.test("generateTripleMnist() names the split that was given no digits", () => {
  assertThrows(
    () =>
      generateTripleMnist(
        { train: [mnist.train] } as unknown as Parameters<
          typeof generateTripleMnist
        >[0],
        { imagesPerClass: 1, splits: ["test"] },
      ),
    RangeError,
    "'test' split as no digit images were given",
  );
});

Deno.test("poolOverlaps() measures a pool mode as splitOverlaps() measures the splits it makes", () => {
  for (const pool of ["disjoint", "shared"] as const) {
    const sets = generateTripleMnist(splitDigitSets(mnist, pool), { imagesPerClass: 2, seed: 4 });
    const made = splitOverlaps({ train: sets.train!, val: sets.val!, test: sets.test! });
    assertEquals(poolOverlaps(mnist, pool, { imagesPerClass: 2, seed: 4 }), made);
    assertEquals(made.test.shared === 0, pool === "disjoint");
  }
});
