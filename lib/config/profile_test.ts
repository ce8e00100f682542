import { assertEquals, assertThrows } from "@std/assert";
import { byProfile, DEFAULT_PROFILE, parseProfile, PROFILE_NAMES } from "./profile.ts";
import {
  activeSeed,
  checkSeedRange,
  DEFAULT_SEED,
  MAX_SEED,
  parseSeed,
  parseSeedCount,
} from "./seed.ts";

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
    assertThrows(() => activeSeed(), RangeError, "must be a whole number from 0 to 4294967295");
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

Deno.test("parseSeed() takes 32-bit seeds and rejects larger ones instead of wrapping them", () => {
  assertEquals([parseSeed(undefined), parseSeed(" 0 "), parseSeed(String(MAX_SEED))], [
    42,
    0,
    4294967295,
  ]);
  // 4294967338 = 2^32 + 42 would run as seed 42 and record the large number
  for (const bad of ["4294967338", "4294967296", "-1", "1e3", "0x10", "seven"]) {
    assertThrows(
      () => parseSeed(bad),
      RangeError,
      `Cannot use NOTEBOOK_SEED '${bad}' as it must be a whole number from 0 to 4294967295`,
    );
  }
  assertThrows(() => checkSeedRange(MAX_SEED - 1, 3), RangeError, "at most 4294967293");
  checkSeedRange(MAX_SEED - 2, 3);
});
