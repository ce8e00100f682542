/**
 * Evaluating an embedding on the test set: source D's verification check, and the one-shot
 * classification D did not measure. Everything works on plain feature vectors, so the same
 * functions score the learned embedding and the raw-pixel baseline.
 * @module
 */
import { Rng } from "../random/mod.ts";

/** Feature vectors with labels: `labels.length` rows of `dim` numbers, row-major. */
export interface Features {
  /** `labels.length × dim` values */
  data: Float32Array;
  /** values per row */
  dim: number;
  /** the class of each row */
  labels: Int32Array;
}

/** Summary of a figure over random draws. */
export interface Spread {
  /** the mean */
  mean: number;
  /** the sample standard deviation (0 for one value) */
  std: number;
  /** the smallest value */
  min: number;
  /** the largest value */
  max: number;
  /** every value, in draw order */
  values: number[];
}

function checkFeatures(f: Features, name: string): number {
  if (!Number.isInteger(f.dim) || f.dim <= 0 || f.data.length !== f.labels.length * f.dim) {
    throw new RangeError(
      `Cannot use features '${name}' as ${f.labels.length} rows of ${f.dim} values: found ` +
        `${f.data.length} values — data must hold labels.length × dim numbers`,
    );
  }
  return f.labels.length;
}

/**
 * Mean, sample standard deviation, min and max of `values`.
 *
 * @param values at least one number
 * @returns the summary (keeping a copy of the values)
 * @throws {RangeError} when `values` is empty
 *
 * @example
 * ```ts
 * import { summarize } from "./evaluate.ts";
 * summarize([1, 2, 3]).std; // 1
 * ```
 */
export function summarize(values: ArrayLike<number>): Spread {
  if (values.length === 0) {
    throw new RangeError("Cannot summarize no values: give at least one");
  }
  const v = Array.from(values);
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const ss = v.reduce((s, x) => s + (x - mean) ** 2, 0);
  return {
    mean,
    std: v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0,
    min: Math.min(...v),
    max: Math.max(...v),
    values: v,
  };
}

/**
 * Squared Euclidean distances from every row of `features` to every row of `references`.
 *
 * @param features `n` rows of `dim`
 * @param references `k` rows of the same `dim`, row-major
 * @returns row-major `[n, k]` distances
 * @throws {RangeError} when the shapes do not fit
 *
 * @example
 * ```ts
 * import { squaredDistancesTo } from "./evaluate.ts";
 * const f = { data: Float32Array.of(0, 0, 3, 4), dim: 2, labels: Int32Array.of(0, 1) };
 * squaredDistancesTo(f, Float32Array.of(0, 0)); // [0, 25]
 * ```
 */
export function squaredDistancesTo(features: Features, references: Float32Array): Float32Array {
  const n = checkFeatures(features, "features");
  const dim = features.dim;
  if (references.length % dim !== 0) {
    throw new RangeError(
      `Cannot compare with ${references.length} reference values as rows of ${dim}: ` +
        `the count must be a multiple of ${dim}`,
    );
  }
  const k = references.length / dim;
  const out = new Float32Array(n * k);
  const x = features.data;
  for (let i = 0; i < n; i++) {
    const xo = i * dim;
    for (let r = 0; r < k; r++) {
      const ro = r * dim;
      let s = 0;
      for (let j = 0; j < dim; j++) {
        const d = x[xo + j] - references[ro + j];
        s += d * d;
      }
      out[i * k + r] = s;
    }
  }
  return out;
}

/** The rows of `features` at `positions`, as one row-major array. */
export function rowsOf(features: Features, positions: ArrayLike<number>): Float32Array {
  const dim = features.dim;
  const out = new Float32Array(positions.length * dim);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (!(p >= 0 && p < features.labels.length)) {
      throw new RangeError(
        `Cannot take row ${p} of features with ${features.labels.length} rows`,
      );
    }
    out.set(features.data.subarray(p * dim, (p + 1) * dim), i * dim);
  }
  return out;
}

/** A verification threshold and how well it separates same-class from other-class distances. */
export interface ThresholdChoice {
  /** accept a pair as same-class when its squared distance is below this */
  threshold: number;
  /** share of same-class distances below the threshold */
  truePositiveRate: number;
  /** share of other-class distances at or above the threshold */
  trueNegativeRate: number;
  /** the mean of the two rates, which the threshold maximises */
  balancedAccuracy: number;
}

/**
 * Picks the squared-distance threshold that best separates same-class distances from
 * other-class distances: the one maximising balanced accuracy (mean of the true-positive and
 * true-negative rates), placed half-way between two neighbouring observed distances. Ties go to
 * the smallest such threshold.
 *
 * @param same distances between examples of one class (should fall below)
 * @param different distances between examples of different classes (should not)
 * @returns the threshold and its rates
 * @throws {RangeError} when either list is empty
 *
 * @example
 * ```ts
 * import { chooseThreshold } from "./evaluate.ts";
 * chooseThreshold([1, 2, 3], [5, 6]).threshold; // 4: every pair right
 * ```
 */
export function chooseThreshold(
  same: ArrayLike<number>,
  different: ArrayLike<number>,
): ThresholdChoice {
  if (same.length === 0 || different.length === 0) {
    throw new RangeError(
      `Cannot choose a threshold from ${same.length} same-class and ${different.length} ` +
        `other-class distances: both must be non-empty`,
    );
  }
  const points = [
    ...Array.from(same, (d) => ({ d, same: true })),
    ...Array.from(different, (d) => ({ d, same: false })),
  ].sort((a, b) => a.d - b.d);
  const nSame = same.length, nDiff = different.length;
  // threshold below everything: nothing accepted
  let best: ThresholdChoice = {
    threshold: points[0].d - 1e-6,
    truePositiveRate: 0,
    trueNegativeRate: 1,
    balancedAccuracy: 0.5,
  };
  let below = 0, belowSame = 0;
  for (let i = 0; i < points.length; i++) {
    below++;
    if (points[i].same) belowSame++;
    if (i + 1 < points.length && points[i + 1].d === points[i].d) continue;
    const tpr = belowSame / nSame;
    const tnr = (nDiff - (below - belowSame)) / nDiff;
    const bal = (tpr + tnr) / 2;
    if (bal > best.balancedAccuracy) {
      const next = i + 1 < points.length ? points[i + 1].d : points[i].d + 1;
      best = {
        threshold: (points[i].d + next) / 2,
        truePositiveRate: tpr,
        trueNegativeRate: tnr,
        balancedAccuracy: bal,
      };
    }
  }
  return best;
}

/** D's check for one class: how many of its images lie within the threshold of references. */
export interface ThresholdClassResult {
  /** the class */
  label: number;
  /** images of the class */
  total: number;
  /** of those, within the threshold of the class's own reference: what D counted */
  within: number;
  /** `within / total`: D's "accuracy" */
  share: number;
  /** images of all other classes */
  otherTotal: number;
  /** of those, within the threshold of this class's reference: false accepts D never counted */
  otherWithin: number;
  /** `otherWithin / otherTotal` */
  falseAcceptShare: number;
}

/**
 * Source D's "one-shot" check: one fixed reference per class; for each class, the share of its
 * images whose squared distance to that reference is below `threshold`. This is verification
 * against a threshold, not classification: a large enough threshold scores 100 % on every class.
 * So each row also gives the share of other classes' images the same reference accepts.
 *
 * @param features the images to check (e.g. the test set's embeddings)
 * @param references one row per reference, `references.labels` naming its class
 * @param threshold the squared-distance threshold (D: 12.6)
 * @returns one row per reference, in the order given
 * @throws {RangeError} when dimensions differ or the threshold is not finite
 *
 * @example
 * ```ts
 * import { thresholdCheck } from "./evaluate.ts";
 * const f = { data: Float32Array.of(0, 1, 10), dim: 1, labels: Int32Array.of(0, 0, 1) };
 * const refs = { data: Float32Array.of(0, 10), dim: 1, labels: Int32Array.of(0, 1) };
 * thresholdCheck(f, refs, 4)[0].share; // 1: both 0s within 4 of the 0 reference
 * ```
 */
export function thresholdCheck(
  features: Features,
  references: Features,
  threshold: number,
): ThresholdClassResult[] {
  checkFeatures(references, "references");
  if (references.dim !== features.dim) {
    throw new RangeError(
      `Cannot compare features of ${features.dim} values with references of ${references.dim}`,
    );
  }
  if (!Number.isFinite(threshold)) {
    throw new RangeError(`Cannot use threshold ${threshold}: it must be a finite number`);
  }
  const k = references.labels.length;
  const d = squaredDistancesTo(features, references.data);
  const n = features.labels.length;
  return Array.from(references.labels, (label, r) => {
    let total = 0, within = 0, otherTotal = 0, otherWithin = 0;
    for (let i = 0; i < n; i++) {
      const inside = d[i * k + r] < threshold;
      if (features.labels[i] === label) {
        total++;
        if (inside) within++;
      } else {
        otherTotal++;
        if (inside) otherWithin++;
      }
    }
    return {
      label,
      total,
      within,
      share: total ? within / total : NaN,
      otherTotal,
      otherWithin,
      falseAcceptShare: otherTotal ? otherWithin / otherTotal : NaN,
    };
  });
}

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
