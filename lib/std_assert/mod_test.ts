import {
  assertAlmostEquals,
  assertEquals,
  AssertionError,
  assertRejects,
  assertThrows,
} from "./mod.ts";

Deno.test("assertEquals() compares deeply and throws AssertionError", () => {
  assertEquals({ a: [1, 2] }, { a: [1, 2] });
  assertThrows(() => assertEquals([1], [2]), AssertionError);
});

Deno.test("assertAlmostEquals() uses the given tolerance", () => {
  assertAlmostEquals(1.0, 1.05, 0.1);
  assertThrows(() => assertAlmostEquals(1.0, 1.2, 0.1), AssertionError, "to be close to");
});

Deno.test("assertThrows() checks the class and the message", () => {
  assertThrows(
    () => {
      throw new RangeError("bad value");
    },
    RangeError,
    "bad",
  );
  assertThrows(
    () =>
      assertThrows(() => {
        throw new TypeError("x");
      }, RangeError),
    AssertionError,
    'instance of "RangeError"',
  );
  assertThrows(() => assertThrows(() => {}), AssertionError, "Expected function to throw");
});

Deno.test("assertRejects() awaits the promise", async () => {
  await assertRejects(() => Promise.reject(new SyntaxError("nope")), SyntaxError, "nope");
});
