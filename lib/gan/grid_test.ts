import { assertEquals } from "@std/assert";
import { FIXED_NUMBERS, frameEpochs } from "./grid.ts";

Deno.test("FIXED_NUMBERS: 100 distinct numbers, every digit ten times in every position", () => {
  assertEquals(FIXED_NUMBERS.length, 100);
  assertEquals(new Set(FIXED_NUMBERS).size, 100);
  for (const [div, name] of [[100, "first"], [10, "second"], [1, "third"]] as const) {
    const counts = new Array(10).fill(0);
    for (const n of FIXED_NUMBERS) counts[Math.floor(n / div) % 10]++;
    assertEquals(counts, new Array(10).fill(10), `${name} digit`);
  }
  assertEquals(FIXED_NUMBERS.slice(0, 3), [0, 11, 22]);
  assertEquals(FIXED_NUMBERS[99], 998);
});

Deno.test("frameEpochs() keeps at most max epochs, first and last included", () => {
  assertEquals(frameEpochs(3, 8), [1, 2, 3]);
  assertEquals(frameEpochs(200, 5), [1, 51, 101, 150, 200]);
  assertEquals(frameEpochs(10, 1), [10]);
  const f = frameEpochs(25, 8);
  assertEquals([f.length, f[0], f[f.length - 1]], [8, 1, 25]);
});
