/**
 * The images that choose and check notebook 10's embeddings without touching the test set: a
 * reference pool and held-out queries of the seen digits, drawn from the training file outside
 * source D's training images.
 * @module
 */
import { sampleIndices } from "../data/mod.ts";
import { SEEN_CLASSES } from "./batches.ts";

/** Held-out images of the training file for one-shot work: none is trained on. */
export interface HeldOutSets {
  /** notebook 10's reference pool: `poolPerClass` images of every digit */
  pool: Int32Array;
  /** seen-digit images outside the pool, to draw the study's references from */
  seenReferences: Int32Array;
  /** other seen-digit images outside the pool: the study's queries, notebook 10's threshold set */
  seenQueries: Int32Array;
}

/** Options of {@linkcode heldOutSets}. */
export interface HeldOutSetOptions {
  /** images per digit in the reference pool @default 50 */
  poolPerClass?: number;
  /** seen-digit reference candidates per digit @default 50 */
  referencesPerClass?: number;
  /** seen-digit queries per digit @default 500 */
  queriesPerClass?: number;
  /** the seen digits @default SEEN_CLASSES */
  seenClasses?: readonly number[];
  /** the data seed (the pool uses `seed + 1`, as notebook 10 always has) @default 42 */
  seed?: number;
}

/**
 * Splits the training images nobody trains on into notebook 10's reference pool and two
 * disjoint sets of held-out seen-digit images.
 *
 * @param labels the training file's labels
 * @param trainedOn the indices the networks train on (D's 300)
 * @param options sizes, seen digits and seed
 * @returns three disjoint, ascending index sets, none overlapping `trainedOn`
 * @example
 * ```ts
 * import { heldOutSets } from "./held_out.ts";
 * const labels = Array.from({ length: 60 }, (_, i) => i % 4);
 * const sets = heldOutSets(labels, [0, 1, 2], {
 *   poolPerClass: 2, referencesPerClass: 2, queriesPerClass: 3, seenClasses: [0, 1],
 * });
 * [sets.pool.length, sets.seenReferences.length, sets.seenQueries.length]; // [8, 4, 6]
 * ```
 */
export function heldOutSets(
  labels: ArrayLike<number>,
  trainedOn: ArrayLike<number>,
  options: HeldOutSetOptions = {},
): HeldOutSets {
  const seed = options.seed ?? 42;
  const seen = new Set(options.seenClasses ?? SEEN_CLASSES);
  const trained = new Set(Array.from(trainedOn));
  const candidates = Int32Array.from({ length: labels.length }, (_, i) => i)
    .filter((i) => !trained.has(i));
  const pool = sampleIndices(labels, {
    perClass: options.poolPerClass ?? 50,
    seed: seed + 1,
    from: candidates,
  });
  const inPool = new Set(pool);
  const heldSeen = candidates.filter((i) => seen.has(labels[i]) && !inPool.has(i));
  const seenReferences = sampleIndices(labels, {
    perClass: options.referencesPerClass ?? 50,
    seed: seed + 4,
    from: heldSeen,
  });
  const inReferences = new Set(seenReferences);
  const seenQueries = sampleIndices(labels, {
    perClass: options.queriesPerClass ?? 500,
    seed: seed + 5,
    from: heldSeen.filter((i) => !inReferences.has(i)),
  });
  return { pool, seenReferences, seenQueries };
}
