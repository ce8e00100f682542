/**
 * The assertion names of `jsr:@std/assert`, implemented on `node:assert/strict`.
 *
 * JSR cannot be reached from the machines this project is built on, so the import map points
 * `@std/assert` here. Where JSR is reachable, point `"@std/assert"` in `deno.json` at
 * `"jsr:@std/assert@^1"` instead: every name below has the same signature there.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * assertEquals([1, 2], [1, 2]);
 * assertAlmostEquals(0.1 + 0.2, 0.3);
 * ```
 * @module
 */
import nodeAssert from "node:assert/strict";

/** Error thrown by every failed assertion. */
export class AssertionError extends Error {
  /** @param message what was expected and what was found */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function wrap(fn: () => void, msg?: string): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw new AssertionError(msg ? `${msg}\n${detail}` : detail);
  }
}

/** Asserts that `expr` is truthy. */
export function assert(expr: unknown, msg = "Expected expression to be truthy"): asserts expr {
  if (!expr) throw new AssertionError(msg);
}

/** Asserts deep equality of `actual` and `expected`. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  wrap(() => nodeAssert.deepStrictEqual(actual, expected), msg);
}

/** Asserts that `actual` and `expected` are not deeply equal. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  wrap(() => nodeAssert.notDeepStrictEqual(actual, expected), msg);
}

/** Asserts `Object.is(actual, expected)`. */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  wrap(() => nodeAssert.strictEqual(actual, expected), msg);
}

/** Asserts that `actual` is neither `null` nor `undefined`. */
export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T> {
  if (actual === undefined || actual === null) {
    throw new AssertionError(msg ?? `Expected actual: "${actual}" to not be null or undefined.`);
  }
}

/**
 * Asserts that `actual` and `expected` differ by at most `tolerance` (default: 1e-7 of the
 * larger magnitude, as in @std/assert).
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance?: number,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  const tol = tolerance ?? Math.abs(expected) * 1e-7;
  const delta = Math.abs(expected - actual);
  if (delta <= tol) return;
  const f = (n: number) => (Number.isInteger(n) ? n : n.toExponential());
  throw new AssertionError(
    msg ??
      `Expected actual: "${f(actual)}" to be close to "${f(expected)}": delta "${
        f(delta)
      }" is greater than "${f(tol)}"`,
  );
}

/** Asserts `actual > expected`. */
export function assertGreater<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual > expected)) throw new AssertionError(msg ?? `Expect ${actual} > ${expected}`);
}

/** Asserts `actual >= expected`. */
export function assertGreaterOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual >= expected)) throw new AssertionError(msg ?? `Expect ${actual} >= ${expected}`);
}

/** Asserts `actual < expected`. */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual < expected)) throw new AssertionError(msg ?? `Expect ${actual} < ${expected}`);
}

/** Asserts `actual <= expected`. */
export function assertLessOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual <= expected)) throw new AssertionError(msg ?? `Expect ${actual} <= ${expected}`);
}

/** Asserts that `actual` matches `expected`. */
export function assertMatch(actual: string, expected: RegExp, msg?: string): void {
  if (!expected.test(actual)) {
    throw new AssertionError(msg ?? `Expected actual: "${actual}" to match: "${expected}".`);
  }
}

/** Asserts that `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (!actual.includes(expected)) {
    throw new AssertionError(msg ?? `Expected actual: "${actual}" to contain: "${expected}".`);
  }
}

/** Asserts that `actual` includes every value of `expected` (deep equality). */
export function assertArrayIncludes<T>(
  actual: ArrayLike<T>,
  expected: ArrayLike<T>,
  msg?: string,
): void {
  const missing: T[] = [];
  for (const e of Array.from(expected)) {
    if (!Array.from(actual).some((a) => isDeepStrictEqual(a, e))) missing.push(e);
  }
  if (missing.length > 0) {
    throw new AssertionError(msg ?? `Expected actual to include: ${JSON.stringify(missing)}`);
  }
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    nodeAssert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** Asserts that `obj` is an instance of `type`. */
export function assertInstanceOf<T extends abstract new (...args: never[]) => unknown>(
  actual: unknown,
  expectedType: T,
  msg?: string,
): asserts actual is InstanceType<T> {
  if (!(actual instanceof expectedType)) {
    throw new AssertionError(
      msg ?? `Expected object to be an instance of "${expectedType.name}".`,
    );
  }
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

function checkError<E extends Error>(
  e: unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): E {
  if (ErrorClass && !(e instanceof ErrorClass)) {
    const found = e instanceof Error ? e.constructor.name : typeof e;
    throw new AssertionError(
      msg ?? `Expected error to be instance of "${ErrorClass.name}", but was "${found}".`,
    );
  }
  if (msgIncludes !== undefined) {
    const m = e instanceof Error ? e.message : String(e);
    if (!m.includes(msgIncludes)) {
      throw new AssertionError(
        msg ?? `Expected error message to include "${msgIncludes}", but got "${m}".`,
      );
    }
  }
  return e as E;
}

/** Asserts that `fn` throws (optionally an instance of `ErrorClass` whose message includes `msgIncludes`) and returns the error. */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): E {
  try {
    fn();
  } catch (e) {
    return checkError(e, ErrorClass, msgIncludes, msg);
  }
  throw new AssertionError(msg ?? "Expected function to throw.");
}

/** Asserts that `fn` returns a promise that rejects, and returns the error. */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): Promise<E> {
  try {
    await fn();
  } catch (e) {
    return checkError(e, ErrorClass, msgIncludes, msg);
  }
  throw new AssertionError(msg ?? "Expected function to reject.");
}

/** Fails unconditionally. */
export function fail(msg?: string): never {
  throw new AssertionError(msg ? `Failed assertion: ${msg}` : "Failed assertion.");
}

/** Marks code that should never run. */
export function unreachable(msg?: string): never {
  throw new AssertionError(msg ?? "Unreachable");
}

/** Deep equality as a boolean. */
export function equal(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
