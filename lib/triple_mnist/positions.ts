/**
 * The names of the three digit positions of a Triple-MNIST number. A module without imports, so
 * that `lib/plot` (pure figure builders, loadable without TF.js or the PNG codec) can use it.
 * @module
 */

/**
 * The names of the three digit positions, left to right, for captions.
 *
 * @example
 * ```ts
 * import { POSITION_NAMES } from "./positions.ts";
 * POSITION_NAMES.map((p) => `${p} digit`); // ["first digit", "second digit", "third digit"]
 * ```
 */
export const POSITION_NAMES: readonly [string, string, string] = ["first", "second", "third"];
