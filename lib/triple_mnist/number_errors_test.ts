import { assertEquals, assertThrows } from "@std/assert";
import { assertAlmostEquals } from "@std/assert";
import { guessingDigitsRight, matchingDigits, numberErrors } from "./number_errors.ts";

Deno.test("matchingDigits() counts equal digits position by position", () => {
  assertEquals(
    [...matchingDigits([907, 907, 907, 907, 5, 100], [907, 901, 917, 123, 50, 1])],
    [3, 2, 2, 0, 1, 1],
  );
  assertThrows(() => matchingDigits([1, 2], [1]), RangeError, "2 true numbers with 1 predictions");
});

Deno.test("numberErrors() summarises accuracy, digits right, known classes and distances", () => {
  const s = numberErrors([907, 907, 12, 500], [907, 901, 21, 499], new Set([907, 21]));
  assertEquals(s.count, 4);
  assertEquals(s.accuracy, 0.25);
  assertEquals(s.digitsRight, [0.25, 0.25, 0.25, 0.25]); // 499 vs 500: none; 021 vs 012: the 0
  assertEquals(s.knownClassShare, 0.5);
  assertEquals([...s.absoluteErrors], [0, 6, 9, 1]);
  assertEquals(numberErrors([], [], new Set()).accuracy, 0);
});

Deno.test("guessingDigitsRight() gives what a uniform guess among the candidates scores", () => {
  const all = Array.from({ length: 1000 }, (_, i) => i);
  const expected = [0.729, 0.243, 0.027, 0.001];
  guessingDigitsRight([907, 12], all).forEach((p, k) => assertAlmostEquals(p, expected[k], 1e-12));
  // 907 vs 907, 901: 3 and 2 right; 100 vs 907, 901: 1 right each
  assertEquals(guessingDigitsRight([907, 100], [907, 901]), [0, 0.5, 0.25, 0.25]);
  assertThrows(() => guessingDigitsRight([907], []), RangeError, "no numbers");
});
