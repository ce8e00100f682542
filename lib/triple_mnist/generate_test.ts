import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { classLabel, classSplit, digitsOf } from "./class_split.ts";
import { generateTripleMnist, placeDigits } from "./generate.ts";
import { FAKE_PER_DIGIT, fakeMnist } from "./_testing.ts";
import { MAX_DIGIT_OFFSET } from "./split_set.ts";

Deno.test("generateTripleMnist() is deterministic for a seed and differs across seeds", () => {
  const mnist = fakeMnist();
  const a = generateTripleMnist([mnist], { imagesPerClass: 2, splits: ["val"] }).val!;
  const b = generateTripleMnist([mnist], { imagesPerClass: 2, splits: ["val"] }).val!;
  const c = generateTripleMnist([mnist], { imagesPerClass: 2, splits: ["val"], seed: 7 }).val!;
  assertEquals(a.images, b.images);
  assertNotEquals(a.images, c.images);
});

Deno.test("generateTripleMnist(): image k of a class does not depend on images per class", () => {
  const mnist = fakeMnist();
  const small = generateTripleMnist([mnist], { imagesPerClass: 2, splits: ["test"] }).test!;
  const large = generateTripleMnist([mnist], { imagesPerClass: 5, splits: ["test"] }).test!;
  for (let i = 0; i < small.count; i++) {
    const j = Math.floor(i / 2) * 5 + (i % 2);
    assertEquals(large.labels[j], small.labels[i]);
    assertEquals(large.indexInClass[j], small.indexInClass[i]);
    assertEquals(
      large.images.subarray(j * 7056, (j + 1) * 7056),
      small.images.subarray(i * 7056, (i + 1) * 7056),
    );
  }
});

Deno.test("generateTripleMnist() follows the class split, labels and order", () => {
  const sets = generateTripleMnist([fakeMnist()], { imagesPerClass: 3 });
  const split = classSplit();
  for (const name of ["train", "val", "test"] as const) {
    const set = sets[name]!;
    assertEquals(set.count, split[name].length * 3);
    assertEquals([set.height, set.width], [84, 84]);
    assertEquals(set.images.length, set.count * 84 * 84);
    for (let i = 0; i < set.count; i++) {
      assertEquals(set.labels[i], classLabel(split[name][Math.floor(i / 3)]));
      assertEquals(set.indexInClass[i], i % 3);
    }
  }
});

Deno.test("generateTripleMnist() puts digit l in columns [28l, 28l+28) at offsets in [0, 56)", () => {
  const set = generateTripleMnist([fakeMnist()], { imagesPerClass: 4 }).train!;
  const offsets = new Map<number, number>();
  for (let i = 0; i < set.count; i++) {
    const img = set.images.subarray(i * 7056, (i + 1) * 7056);
    const digits = digitsOf(set.labels[i]);
    for (let l = 0; l < 3; l++) {
      // rows of this third that hold ink, and their (constant) value
      const rows: number[] = [];
      for (let r = 0; r < 84; r++) {
        const v = img[r * 84 + 28 * l];
        for (let c = 1; c < 28; c++) {
          if (img[r * 84 + 28 * l + c] !== v) assert(false, `image ${i} row ${r}: a solid row`);
        }
        if (v !== 0) rows.push(r);
      }
      assertEquals(rows.length, 28, `image ${i} digit ${l}`);
      const y0 = rows[0];
      assertEquals(rows[27] - y0, 27, "a contiguous 28-row block");
      assert(y0 >= 0 && y0 < MAX_DIGIT_OFFSET, `offset ${y0} in [0, 56)`);
      offsets.set(y0, (offsets.get(y0) ?? 0) + 1);
      // the block is one pool image of the right digit: value 1 + 10·d + j
      const v = img[y0 * 84 + 28 * l];
      assertEquals(Math.floor((v - 1) / 10), digits[l]);
      assert((v - 1) % 10 < FAKE_PER_DIGIT);
    }
  }
  // 7680 draws over 56 offsets: every offset occurs, none is wildly over-represented
  assertEquals(offsets.size, 56);
  assertEquals(Math.min(...offsets.keys()), 0);
  assertEquals(Math.max(...offsets.keys()), 55);
  for (const n of offsets.values()) assert(n > 80 && n < 200, `offset count ${n} near 137`);
});

Deno.test("generateTripleMnist() draws every pool image of a digit", () => {
  const set = generateTripleMnist([fakeMnist()], { imagesPerClass: 2, splits: ["train"] }).train!;
  const seen = new Set<number>();
  for (let i = 0; i < set.count; i++) {
    for (let r = 0; r < 84; r++) seen.add(set.images[i * 7056 + r * 84]);
  }
  seen.delete(0);
  assertEquals(seen.size, 10 * FAKE_PER_DIGIT);
});

Deno.test("generateTripleMnist() rejects bad options and digit sets", async (t) => {
  const mnist = fakeMnist();
  await t.step("zero images per class", () => {
    assertThrows(
      () => generateTripleMnist([mnist], { imagesPerClass: 0 }),
      RangeError,
      "Cannot generate 0 Triple-MNIST images per class",
    );
  });
  await t.step("32×32 digits", () => {
    assertThrows(
      () => generateTripleMnist([{ ...mnist, height: 32, width: 32 }], { imagesPerClass: 1 }),
      RangeError,
      "32×32",
    );
  });
  await t.step("no sevens", () => {
    const labels = mnist.labels.map((d) => (d === 7 ? 1 : d));
    assertThrows(
      () => generateTripleMnist([{ ...mnist, labels }], { imagesPerClass: 1 }),
      RangeError,
      "hold no '7'",
    );
  });
});

Deno.test("placeDigits() rejects an offset beyond 56", () => {
  const ink = new Uint8Array(784).fill(1);
  assertThrows(
    () => placeDigits(new Uint8Array(7056), 0, [ink, ink, ink], [0, 57, 0]),
    RangeError,
    "Cannot place digit 1 at row 57",
  );
});
