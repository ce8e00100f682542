/**
 * How wrong a 1000-way prediction of the number int(ddd) is: how many of its digits are right,
 * how far off it is, and whether it names a class the model was trained on.
 * @module
 */

/**
 * The number of positions at which two numbers 000–999 have the same digit.
 *
 * @param trueLabels the true numbers
 * @param predicted the predicted numbers, as many
 * @returns 0–3 per example
 * @throws {RangeError} when the lengths differ
 *
 * @example
 * ```ts
 * import { matchingDigits } from "./number_errors.ts";
 * matchingDigits([907, 907, 907], [907, 901, 123]); // Uint8Array [3, 2, 0]
 * ```
 */
export function matchingDigits(
  trueLabels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): Uint8Array {
  if (trueLabels.length !== predicted.length) {
    throw new RangeError(
      `Cannot compare ${trueLabels.length} true numbers with ${predicted.length} predictions ` +
        `as they must be as many`,
    );
  }
  const out = new Uint8Array(trueLabels.length);
  for (let i = 0; i < out.length; i++) {
    let t = trueLabels[i];
    let p = predicted[i];
    let same = 0;
    for (let l = 0; l < 3; l++) {
      if (t % 10 === p % 10) same++;
      t = Math.floor(t / 10);
      p = Math.floor(p / 10);
    }
    out[i] = same;
  }
  return out;
}

/** A summary of 1000-way predictions of numbers. */
export interface NumberErrorSummary {
  /** the number of examples */
  count: number;
  /** the share predicted exactly */
  accuracy: number;
  /** `digitsRight[k]`: the share of examples with exactly k of 3 digits right */
  digitsRight: [number, number, number, number];
  /** the share of predictions that name one of `knownClasses` */
  knownClassShare: number;
  /** |true − predicted| of every example (0 when right), as A's histogram has it */
  absoluteErrors: Float64Array;
}

/**
 * Summarises 1000-way predictions: exact accuracy, how many digits are right, how far off the
 * predicted number is, and how often the prediction is one of the classes seen in training.
 *
 * @param trueLabels the true numbers
 * @param predicted the predicted numbers
 * @param knownClasses the classes the model was trained on
 * @returns the summary (shares 0 for no examples)
 * @throws {RangeError} when the lengths differ
 *
 * @example
 * ```ts
 * import { numberErrors } from "./number_errors.ts";
 * const s = numberErrors([907, 12], [901, 12], new Set([901, 12]));
 * s.accuracy; // 0.5
 * s.knownClassShare; // 1
 * ```
 */
export function numberErrors(
  trueLabels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  knownClasses: ReadonlySet<number>,
): NumberErrorSummary {
  const matches = matchingDigits(trueLabels, predicted);
  const n = matches.length;
  const counts = [0, 0, 0, 0];
  let known = 0;
  const absoluteErrors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    counts[matches[i]]++;
    if (knownClasses.has(predicted[i])) known++;
    absoluteErrors[i] = Math.abs(trueLabels[i] - predicted[i]);
  }
  const share = (k: number) => (n === 0 ? 0 : k / n);
  return {
    count: n,
    accuracy: share(counts[3]),
    digitsRight: [share(counts[0]), share(counts[1]), share(counts[2]), share(counts[3])],
    knownClassShare: share(known),
    absoluteErrors,
  };
}

/**
 * What guessing would score: the expected shares of examples with 0, 1, 2 and 3 digits right
 * when every true number is answered with a number drawn uniformly from `candidates` (e.g. the
 * training numbers a 1000-way classifier can name). Guessing among all 1000 numbers gives
 * 0.729, 0.243, 0.027 and 0.001.
 *
 * @param trueLabels the true numbers
 * @param candidates the numbers a guess is drawn from (at least one)
 * @returns the expected shares, `[0 right, 1, 2, 3]`
 * @throws {RangeError} when `candidates` is empty
 * @example
 * ```ts
 * import { guessingDigitsRight } from "./number_errors.ts";
 * guessingDigitsRight([907], [907, 901]); // [0, 0, 0.5, 0.5]
 * ```
 */
export function guessingDigitsRight(
  trueLabels: ArrayLike<number>,
  candidates: ArrayLike<number>,
): [number, number, number, number] {
  const m = candidates.length;
  if (m === 0) {
    throw new RangeError("Cannot guess among no numbers: pass at least one candidate");
  }
  const n = trueLabels.length;
  const counts = [0, 0, 0, 0];
  const guesses = Array.from(candidates);
  for (let i = 0; i < n; i++) {
    const same = matchingDigits(guesses.map(() => trueLabels[i]), guesses);
    for (const k of same) counts[k]++;
  }
  const share = (k: number) => (n === 0 ? 0 : k / (n * m));
  return [share(counts[0]), share(counts[1]), share(counts[2]), share(counts[3])];
}
