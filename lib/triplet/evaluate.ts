/**
 * One-shot classification of test images among one random reference per class, the measure
 * source D did not take (its verification check is in `threshold.ts`). Everything works on plain feature vectors, so the same
 * functions score the learned embedding and the raw-pixel baseline.
 * @module
 */
import { Rng } from "../random/mod.ts";
import {
  checkFeatures,
  type Features,
  rowsOf,
  type Spread,
  squaredDistancesTo,
  summarize,
} from "./distances.ts";

/** Options of {@linkcode oneShotEvaluation}. */
export interface OneShotOptions {
  /** how many random reference sets to draw @default 20 */
  draws?: number;
  /** the seed of the reference draws @default 42 */
  seed?: number;
  /** the classes seen in training (the rest of the pool's classes are unseen) @default [0, 1, 2] */
  seenClasses?: readonly number[];
  /**
   * Precomputed squared distances from every query to every pool row, row-major
   * `[queries, pool]` (e.g. from `squaredDistanceMatrix`, which uses the backend's matrix
   * product). When omitted, each draw computes the distances to its references in plain JS.
   */
  distances?: Float32Array;
}

/** One-shot accuracies over random draws of one reference per class. */
export interface OneShotResult {
  /** every class of the pool, ascending */
  classes: number[];
  /** the seen classes */
  seenClasses: number[];
  /** the unseen classes */
  unseenClasses: number[];
  /** all queries, nearest among all references (10-way for MNIST) */
  all: Spread;
  /** queries of seen classes, nearest among all references */
  allSeen: Spread;
  /** queries of unseen classes, nearest among all references */
  allUnseen: Spread;
  /** queries of seen classes, nearest among seen references only (3-way) */
  withinSeen: Spread;
  /** queries of unseen classes, nearest among unseen references only (7-way) */
  withinUnseen: Spread;
  /** per class (in `classes` order): mean accuracy among all references */
  perClass: number[];
  /** the pool positions chosen as references, one array per draw, in `classes` order */
  references: Int32Array[];
}

/**
 * True one-shot classification: draw one random reference per class from `pool`, assign every
 * query to the class of its nearest reference (squared Euclidean distance, ties to the lower
 * class), and score; repeated over `draws` reference sets. Besides the all-class accuracy it
 * scores the seen and unseen queries separately, and restricted tasks where a seen query only
 * chooses among seen references (and an unseen one among unseen references).
 *
 * The draws depend only on the seed and the pool's labels, so two feature sets of the same pool
 * (embedding and raw pixels) are scored on the very same references.
 *
 * @param queries the examples to classify (e.g. the test set)
 * @param pool the examples references are drawn from (e.g. training images not trained on)
 * @param options draws, seed and which classes were seen
 * @returns the accuracies
 * @throws {RangeError} when dimensions differ, `draws` is not a positive integer, or a query's
 *   class has no example in the pool
 *
 * @example
 * ```ts
 * import { oneShotEvaluation } from "./evaluate.ts";
 * const pool = { data: Float32Array.of(0, 10), dim: 1, labels: Int32Array.of(0, 1) };
 * const q = { data: Float32Array.of(1, 9, 4), dim: 1, labels: Int32Array.of(0, 1, 1) };
 * oneShotEvaluation(q, pool, { draws: 1, seenClasses: [0] }).all.mean; // 2/3
 * ```
 */
export function oneShotEvaluation(
  queries: Features,
  pool: Features,
  options: OneShotOptions = {},
): OneShotResult {
  const nq = checkFeatures(queries, "queries");
  checkFeatures(pool, "pool");
  if (pool.dim !== queries.dim) {
    throw new RangeError(
      `Cannot compare queries of ${queries.dim} values with a pool of ${pool.dim}`,
    );
  }
  const draws = options.draws ?? 20;
  if (!Number.isInteger(draws) || draws <= 0) {
    throw new RangeError(`Cannot make ${draws} draws: it must be a positive integer`);
  }
  const byClass = new Map<number, number[]>();
  pool.labels.forEach((c, i) => {
    const g = byClass.get(c);
    if (g) g.push(i);
    else byClass.set(c, [i]);
  });
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const seenSet = new Set(options.seenClasses ?? [0, 1, 2]);
  const seenClasses = classes.filter((c) => seenSet.has(c));
  const unseenClasses = classes.filter((c) => !seenSet.has(c));
  const column = new Map(classes.map((c, i) => [c, i]));
  for (const c of queries.labels) {
    if (!column.has(c)) {
      throw new RangeError(
        `Cannot classify a query of class ${c} as the pool has no example of it — ` +
          `draw the pool from every class`,
      );
    }
  }
  const k = classes.length;
  const np = pool.labels.length;
  const given = options.distances;
  if (given && given.length !== nq * np) {
    throw new RangeError(
      `Cannot use ${given.length} precomputed distances for ${nq} queries and a pool of ${np}: ` +
        `expected ${nq * np}`,
    );
  }
  const toReferences = (refs: Int32Array): Float32Array => {
    if (!given) return squaredDistancesTo(queries, rowsOf(pool, refs));
    const d = new Float32Array(nq * k);
    for (let i = 0; i < nq; i++) for (let r = 0; r < k; r++) d[i * k + r] = given[i * np + refs[r]];
    return d;
  };
  const rng = new Rng(options.seed ?? 42);
  const acc = { all: [], allSeen: [], allUnseen: [], withinSeen: [], withinUnseen: [] } as Record<
    string,
    number[]
  >;
  const perClassSum = new Float64Array(k);
  const classCount = new Float64Array(k);
  for (const c of queries.labels) classCount[column.get(c)!]++;
  const references: Int32Array[] = [];
  for (let draw = 0; draw < draws; draw++) {
    const refs = Int32Array.from(classes, (c) => rng.choice(byClass.get(c)!));
    references.push(refs);
    const d = toReferences(refs);
    const hits = { all: 0, allSeen: 0, allUnseen: 0, withinSeen: 0, withinUnseen: 0 };
    let nSeen = 0, nUnseen = 0;
    const classHits = new Float64Array(k);
    for (let i = 0; i < nq; i++) {
      const truth = column.get(queries.labels[i])!;
      const seen = seenSet.has(queries.labels[i]);
      let best = 0, bestRestricted = -1;
      for (let r = 0; r < k; r++) {
        const v = d[i * k + r];
        if (v < d[i * k + best]) best = r;
        if (seenSet.has(classes[r]) === seen) {
          if (bestRestricted < 0 || v < d[i * k + bestRestricted]) bestRestricted = r;
        }
      }
      const right = best === truth ? 1 : 0;
      hits.all += right;
      classHits[truth] += right;
      if (seen) {
        nSeen++;
        hits.allSeen += right;
        hits.withinSeen += bestRestricted === truth ? 1 : 0;
      } else {
        nUnseen++;
        hits.allUnseen += right;
        hits.withinUnseen += bestRestricted === truth ? 1 : 0;
      }
    }
    acc.all.push(hits.all / nq);
    if (nSeen) {
      acc.allSeen.push(hits.allSeen / nSeen);
      acc.withinSeen.push(hits.withinSeen / nSeen);
    }
    if (nUnseen) {
      acc.allUnseen.push(hits.allUnseen / nUnseen);
      acc.withinUnseen.push(hits.withinUnseen / nUnseen);
    }
    for (let r = 0; r < k; r++) perClassSum[r] += classCount[r] ? classHits[r] / classCount[r] : 0;
  }
  const spread = (v: number[]) => v.length ? summarize(v) : summarize([NaN]);
  return {
    classes,
    seenClasses,
    unseenClasses,
    all: spread(acc.all),
    allSeen: spread(acc.allSeen),
    allUnseen: spread(acc.allUnseen),
    withinSeen: spread(acc.withinSeen),
    withinUnseen: spread(acc.withinUnseen),
    perClass: Array.from(perClassSum, (s, r) => classCount[r] ? s / draws : NaN),
    references,
  };
}
