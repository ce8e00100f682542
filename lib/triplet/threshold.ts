/**
 * Source D's verification check: an image "is" a digit when its embedding lies within a squared
 * distance threshold of that digit's reference, with the threshold chosen on held-out images of
 * the seen digits, never on the test set.
 * @module
 */
import { checkFeatures, type Features, squaredDistancesTo } from "./distances.ts";

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
 * import { chooseThreshold } from "./threshold.ts";
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
 * import { thresholdCheck } from "./threshold.ts";
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
