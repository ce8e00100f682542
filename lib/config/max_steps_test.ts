import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  activeMaxSteps,
  capSteps,
  MAX_STEP_CAP,
  parseMaxSteps,
  stepCapWarning,
} from "./max_steps.ts";

Deno.test("parseMaxSteps() reads a whole number, and no value as no cap", () => {
  assertEquals(parseMaxSteps("2"), 2);
  assertEquals(parseMaxSteps(" 10 "), 10);
  assertEquals(parseMaxSteps(String(MAX_STEP_CAP)), MAX_STEP_CAP);
  assertEquals(parseMaxSteps(undefined), undefined);
  assertEquals(parseMaxSteps(""), undefined);
});

Deno.test("parseMaxSteps() rejects zero, fractions, words and huge numbers, saying what to do", () => {
  for (const bad of ["0", "1.5", "-2", "two", "1e3", String(MAX_STEP_CAP + 1)]) {
    const e = assertThrows(() => parseMaxSteps(bad), RangeError);
    assertStringIncludes(e.message, `Cannot use NOTEBOOK_MAX_STEPS '${bad}'`);
    assertStringIncludes(e.message, "set NOTEBOOK_MAX_STEPS=2, or unset it to train in full");
  }
  const e = assertThrows(() => parseMaxSteps("0", "--max-steps"), RangeError);
  assertStringIncludes(e.message, "pass --max-steps 2, or leave it out");
});

Deno.test("activeMaxSteps() follows NOTEBOOK_MAX_STEPS; capSteps() caps only when set", () => {
  const before = Deno.env.get("NOTEBOOK_MAX_STEPS");
  try {
    Deno.env.delete("NOTEBOOK_MAX_STEPS");
    assertEquals(activeMaxSteps(), undefined);
    assertEquals(capSteps(200), 200);
    Deno.env.set("NOTEBOOK_MAX_STEPS", "3");
    assertEquals(activeMaxSteps(), 3);
    assertEquals(capSteps(200), 3);
    assertEquals(capSteps(2), 2);
    assertEquals(capSteps(200, null), 200, "null is no cap");
    assertEquals(capSteps(200, 5), 5);
  } finally {
    if (before === undefined) Deno.env.delete("NOTEBOOK_MAX_STEPS");
    else Deno.env.set("NOTEBOOK_MAX_STEPS", before);
  }
});

Deno.test("stepCapWarning() says the figures are not results", () => {
  assertStringIncludes(stepCapWarning(1), "after 1 step per epoch and 1 epoch, and every");
  assertStringIncludes(stepCapWarning(1), "covers its first batch only");
  assertStringIncludes(stepCapWarning(2), "covers its first 2 batches only");
  assertStringIncludes(stepCapWarning(2), "its figures are not results");
});
