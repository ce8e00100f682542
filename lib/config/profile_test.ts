import { assertEquals, assertThrows } from "@std/assert";
import { byProfile, DEFAULT_PROFILE, parseProfile, PROFILE_NAMES } from "./profile.ts";
import { activeSeed, DEFAULT_SEED, parseSeedCount } from "./seed.ts";

Deno.test("parseProfile() accepts the three profile names", () => {
  for (const name of PROFILE_NAMES) assertEquals(parseProfile(name), name);
  assertEquals(parseProfile(" quick "), "quick");
});

Deno.test("parseProfile() defaults to standard when unset or empty", () => {
  assertEquals(parseProfile(undefined), DEFAULT_PROFILE);
  assertEquals(parseProfile(""), "standard");
});

Deno.test("parseProfile() rejects an unknown name, naming the valid ones", () => {
  const e = assertThrows(() => parseProfile("fast"), RangeError);
  assertEquals(
    e.message,
    "Cannot use NOTEBOOK_PROFILE 'fast' as it must be one of 'quick', 'standard', 'full': " +
      "set NOTEBOOK_PROFILE=quick|standard|full, or unset it for 'standard'",
  );
});

Deno.test("byProfile() picks the value of the given profile", () => {
  const epochs = { quick: 1, standard: 6, full: 10 };
  assertEquals(byProfile(epochs, "quick"), 1);
  assertEquals(byProfile(epochs, "full"), 10);
});

Deno.test("activeSeed() reads NOTEBOOK_SEED and rejects non-integers", () => {
  const old = Deno.env.get("NOTEBOOK_SEED");
  try {
    Deno.env.delete("NOTEBOOK_SEED");
    assertEquals(activeSeed(), DEFAULT_SEED);
    Deno.env.set("NOTEBOOK_SEED", "7");
    assertEquals(activeSeed(), 7);
    Deno.env.set("NOTEBOOK_SEED", "1.5");
    assertThrows(() => activeSeed(), RangeError, "must be a non-negative integer");
  } finally {
    if (old === undefined) Deno.env.delete("NOTEBOOK_SEED");
    else Deno.env.set("NOTEBOOK_SEED", old);
  }
});

Deno.test("parseSeedCount() takes 1 to 20 runs and rejects the rest", () => {
  assertEquals([parseSeedCount(undefined), parseSeedCount(""), parseSeedCount(" 3 ")], [1, 1, 3]);
  for (const bad of ["0", "-1", "2.5", "abc", "21", "1e1"]) {
    assertThrows(() => parseSeedCount(bad), RangeError, "NOTEBOOK_SEEDS");
  }
});
