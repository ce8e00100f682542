import { assert, assertEquals, assertThrows } from "@std/assert";
import { generateTripleMnist } from "./generate.ts";
import { fakeMnist } from "./_testing.ts";
import {
  classesOf,
  digitLabels,
  firstPerClass,
  splitWithinClasses,
  subsetSplit,
  withClasses,
} from "./split_set.ts";
import { classSplit } from "./class_split.ts";

const VAL = generateTripleMnist([fakeMnist()], { imagesPerClass: 5, splits: ["val"] }).val!;

Deno.test("subsetSplit() copies the chosen images in order", () => {
  const sub = subsetSplit(VAL, [7, 2]);
  assertEquals(sub.count, 2);
  assertEquals(sub.labels, Uint16Array.of(VAL.labels[7], VAL.labels[2]));
  assertEquals(sub.indexInClass, Uint32Array.of(2, 2));
  assertEquals(sub.images.subarray(7056), VAL.images.subarray(2 * 7056, 3 * 7056));
  assertThrows(() => subsetSplit(VAL, [800]), RangeError, "Cannot take image 800");
});

Deno.test("firstPerClass() keeps images with index below n", () => {
  const sub = firstPerClass(VAL, 2);
  assertEquals(sub.count, 160 * 2);
  assert(sub.indexInClass.every((k) => k < 2));
  assertEquals(firstPerClass(VAL, 5), VAL);
});

Deno.test("classesOf() and digitLabels() describe the split", () => {
  assertEquals(classesOf(VAL), [...classSplit().val]);
  const digits = digitLabels(VAL);
  assertEquals(digits.length, VAL.count * 3);
  for (let i = 0; i < VAL.count; i++) {
    assertEquals(digits[3 * i] * 100 + digits[3 * i + 1] * 10 + digits[3 * i + 2], VAL.labels[i]);
  }
});

Deno.test("splitWithinClasses() holds out images of every class, disjointly and reproducibly", () => {
  const a = splitWithinClasses(VAL, { heldOutPerClass: 2, seed: 3 });
  const b = splitWithinClasses(VAL, { heldOutPerClass: 2, seed: 3 });
  assertEquals(a.heldOut.images, b.heldOut.images);
  assertEquals([a.fit.count, a.heldOut.count], [160 * 3, 160 * 2]);
  assertEquals(classesOf(a.fit), classesOf(a.heldOut));
  const key = (s: typeof VAL, i: number) => `${s.labels[i]}/${s.indexInClass[i]}`;
  const fitKeys = new Set(Array.from({ length: a.fit.count }, (_, i) => key(a.fit, i)));
  for (let i = 0; i < a.heldOut.count; i++) assert(!fitKeys.has(key(a.heldOut, i)));
  const c = splitWithinClasses(VAL, { heldOutPerClass: 2, seed: 4 });
  assert(c.heldOut.indexInClass.some((k, i) => k !== a.heldOut.indexInClass[i]));
  assertEquals(splitWithinClasses(VAL, { seed: 1 }).heldOut.count, 160); // 20% of 5
  assertThrows(
    () => splitWithinClasses(VAL, { heldOutPerClass: 5, seed: 1 }),
    RangeError,
    "Cannot hold out 5 images of class",
  );
});

Deno.test("withClasses() keeps the images of the chosen classes", () => {
  const chosen = [VAL.labels[0], VAL.labels[VAL.count - 1]];
  const sub = withClasses(VAL, chosen);
  assertEquals(sub.count, 10);
  assertEquals(classesOf(sub).map(Number), chosen);
  assertEquals(withClasses(VAL, [0]).count, 0); // 000 is a training class
});
