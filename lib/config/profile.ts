/**
 * Run profiles: how much data and how many epochs every notebook uses.
 *
 * - `quick`: tiny subsets and one epoch; each notebook runs in under a minute on a 2-core CPU.
 *   The tests use it.
 * - `standard`: what `./lab report` runs; the whole collection finishes in about an hour on a
 *   2-core CPU and reaches the accuracy targets each notebook states.
 * - `full`: the source projects' own settings, for native TensorFlow or a GPU.
 *
 * @module
 */

/** The names of the three profiles. */
export const PROFILE_NAMES = ["quick", "standard", "full"] as const;

/** A profile name. */
export type ProfileName = typeof PROFILE_NAMES[number];

/** The profile used when `NOTEBOOK_PROFILE` is not set. */
export const DEFAULT_PROFILE: ProfileName = "standard";

/**
 * Parses a profile name.
 *
 * @param value the text to parse, e.g. the value of `NOTEBOOK_PROFILE`; empty or undefined means the default
 * @param name what the text is (an environment variable or an option), for the message
 * @returns the profile name
 * @throws {RangeError} when `value` is not one of `quick`, `standard`, `full`
 *
 * @example
 * ```ts
 * import { parseProfile } from "./profile.ts";
 * parseProfile("quick"); // "quick"
 * parseProfile(undefined); // "standard"
 * ```
 */
export function parseProfile(value: string | undefined, name = "NOTEBOOK_PROFILE"): ProfileName {
  const v = (value ?? "").trim();
  if (v === "") return DEFAULT_PROFILE;
  if ((PROFILE_NAMES as readonly string[]).includes(v)) return v as ProfileName;
  const todo = name.startsWith("--")
    ? `pass ${name} ${PROFILE_NAMES.join("|")}, or leave it out for '${DEFAULT_PROFILE}'`
    : `set ${name}=${PROFILE_NAMES.join("|")}, or unset it for '${DEFAULT_PROFILE}'`;
  throw new RangeError(
    `Cannot use ${name} '${v}' as it must be one of ${
      PROFILE_NAMES.map((n) => `'${n}'`).join(", ")
    }: ${todo}`,
  );
}

let cached: ProfileName | undefined;

/**
 * The active profile, read once from the environment variable `NOTEBOOK_PROFILE`.
 *
 * @returns the profile name (default `standard`)
 * @throws {RangeError} when `NOTEBOOK_PROFILE` names no profile
 */
export function activeProfile(): ProfileName {
  if (cached === undefined) {
    let raw: string | undefined;
    try {
      raw = Deno.env.get("NOTEBOOK_PROFILE");
    } catch {
      raw = undefined; // no --allow-env: the default
    }
    cached = parseProfile(raw);
  }
  return cached;
}

/**
 * Picks the value for the active profile (or the one given).
 *
 * @param choices one value per profile
 * @param profile the profile to pick for
 * @returns `choices[profile]`
 *
 * @example
 * ```ts
 * import { byProfile } from "./profile.ts";
 * const epochs = byProfile({ quick: 1, standard: 6, full: 10 }, "quick"); // 1
 * ```
 */
export function byProfile<T>(
  choices: Record<ProfileName, T>,
  profile: ProfileName = activeProfile(),
): T {
  return choices[profile];
}
