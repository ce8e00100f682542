import { assertEquals, assertThrows } from "@std/assert";
import {
  classLabel,
  className,
  classSplit,
  digitsOf,
  TRIPLE_MNIST_CLASS_NAMES,
} from "./class_split.ts";

Deno.test("classSplit() holds 640/160/200 disjoint sorted classes covering 000–999", () => {
  const split = classSplit();
  assertEquals([split.train.length, split.val.length, split.test.length], [640, 160, 200]);
  const all = new Set([...split.train, ...split.val, ...split.test]);
  assertEquals(all.size, 1000);
  for (let c = 0; c < 1000; c++) assertEquals(all.has(className(c)), true);
  for (const list of [split.train, split.val, split.test]) {
    assertEquals([...list], [...list].sort());
  }
  // the reference split's first classes (MultiDigitMNIST, random_seed=123)
  assertEquals(split.train.slice(0, 4), ["000", "004", "005", "006"]);
});

Deno.test("className(), classLabel() and digitsOf() convert between forms", () => {
  assertEquals(className(7), "007");
  assertEquals(className(907), "907");
  assertEquals(classLabel("042"), 42);
  assertEquals(digitsOf(907), [9, 0, 7]);
  assertEquals(digitsOf(5), [0, 0, 5]);
});

Deno.test("className(), classLabel() and digitsOf() reject bad input", async (t) => {
  await t.step("label 1000", () => {
    assertThrows(() => className(1000), RangeError, "Cannot name Triple-MNIST class 1000");
  });
  await t.step("label 4.5", () => {
    assertThrows(() => digitsOf(4.5), RangeError, "integer in [0, 1000)");
  });
  for (const bad of ["42", "0042", "a42", " 42"]) {
    await t.step(`name '${bad}'`, () => {
      assertThrows(() => classLabel(bad), SyntaxError, `'${bad}'`);
    });
  }
});

Deno.test("TRIPLE_MNIST_CLASS_NAMES lists 000–999 in label order", () => {
  assertEquals(TRIPLE_MNIST_CLASS_NAMES.length, 1000);
  assertEquals([
    TRIPLE_MNIST_CLASS_NAMES[0],
    TRIPLE_MNIST_CLASS_NAMES[42],
    TRIPLE_MNIST_CLASS_NAMES[999],
  ], [
    "000",
    "042",
    "999",
  ]);
});
