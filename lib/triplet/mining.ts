/**
 * Choosing triplets inside a batch: source D's random mining, and semi-hard mining as an option.
 *
 * Both return indices into the batch (anchor, positive, negative), so one forward pass embeds the
 * batch and the triplets are gathered from it, as D did.
 * @module
 */
import type { Rng } from "../random/mod.ts";

/** Triplets as indices into a batch: row `t` is (`anchor[t]`, `positive[t]`, `negative[t]`). */
export interface TripletIndices {
  /** the anchors */
  anchor: Int32Array;
  /** a same-class example for each anchor */
  positive: Int32Array;
  /** an other-class example for each anchor */
  negative: Int32Array;
}

/** The triplet miners the training loop knows. */
export const MINING_STRATEGIES = ["random", "semi-hard"] as const;
/** A triplet miner's name. */
export type MiningStrategy = typeof MINING_STRATEGIES[number];

/** The batch's positions of each class, classes ascending. */
function groupByClass(labels: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c)) {
      throw new TypeError(
        `Cannot mine triplets with label ${c} at position ${i} as labels must be integers`,
      );
    }
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  }
  return new Map([...groups.entries()].sort((x, y) => x[0] - y[0]));
}

function pack(a: number[], p: number[], n: number[]): TripletIndices {
  return { anchor: Int32Array.from(a), positive: Int32Array.from(p), negative: Int32Array.from(n) };
}

/** Options of {@linkcode randomTriplets}. */
export interface RandomTripletOptions {
  /**
   * Whether an anchor may be drawn as its own positive. D drew the positive with
   * `random.choice` over the whole class, anchor included, so about one triplet in ten (with 10
   * per class) has `‖a − p‖² = 0`.
   * @default true
   */
  positiveMayBeAnchor?: boolean;
}

/**
 * Source D's random triplets: for each class (ascending), for each of its examples as anchor (in
 * batch order), one random positive of the same class, then for each other class (ascending)
 * one random negative of that class. `n` examples per class over `C` classes give `n·C·(C − 1)`
 * triplets: 60 for D's batches of 10 per class over classes 0, 1, 2.
 *
 * @param labels the label of each batch position
 * @param rng the random source (the caller seeds it)
 * @param options whether an anchor may be its own positive
 * @returns the triplets
 * @throws {RangeError} when the batch has fewer than two classes, or a class has one example
 *   and anchors may not be their own positives
 * @throws {TypeError} when a label is not an integer
 *
 * @example
 * ```ts
 * import { Rng } from "../random/mod.ts";
 * import { randomTriplets } from "./mining.ts";
 * const t = randomTriplets([0, 0, 1, 1, 2, 2], new Rng(1));
 * t.anchor.length; // 6 anchors × 2 other classes = 12
 * ```
 */
export function randomTriplets(
  labels: ArrayLike<number>,
  rng: Rng,
  options: RandomTripletOptions = {},
): TripletIndices {
  const selfOk = options.positiveMayBeAnchor ?? true;
  const groups = groupByClass(labels);
  if (groups.size < 2) {
    throw new RangeError(
      `Cannot mine triplets in a batch of ${groups.size} class(es) as negatives need at least 2 ` +
        `— put several classes in each batch`,
    );
  }
  const a: number[] = [], p: number[] = [], n: number[] = [];
  for (const [c, members] of groups) {
    if (!selfOk && members.length < 2) {
      throw new RangeError(
        `Cannot draw a positive other than the anchor for class ${c} as the batch holds one ` +
          `example of it — allow positiveMayBeAnchor or add examples`,
      );
    }
    for (const anchor of members) {
      let positive = rng.choice(members);
      if (!selfOk) {
        const others = members.filter((m) => m !== anchor);
        positive = rng.choice(others);
      }
      for (const [c2, negatives] of groups) {
        if (c2 === c) continue;
        a.push(anchor);
        p.push(positive);
        n.push(rng.choice(negatives));
      }
    }
  }
  return pack(a, p, n);
}

/**
 * Semi-hard triplets (the rule of TensorFlow Addons' `triplet_semihard_loss`, after FaceNet): every
 * anchor–positive pair of distinct examples of one class, each with the negative that is the
 * closest one still farther from the anchor than the positive (`‖a − n‖² > ‖a − p‖²`); when no
 * negative is farther, the farthest negative. Easy triplets then contribute little, and the
 * hardest negatives (closer than the positive), which can collapse an embedding early in
 * training, are avoided.
 *
 * @param labels the label of each batch position
 * @param distances the squared distances between batch positions, row-major `[n, n]`
 * @returns the triplets, anchors ascending
 * @throws {RangeError} when `distances` is not `n × n`, or the batch has fewer than two classes
 * @throws {TypeError} when a label is not an integer
 *
 * @example
 * ```ts
 * import { semiHardTriplets } from "./mining.ts";
 * // positions 0, 1 of class 0 at distance 1; class-1 points at distances 0.5 and 3 from 0
 * const d = Float32Array.from([
 *   0, 1, 0.5, 3,
 *   1, 0, 2, 4,
 *   0.5, 2, 0, 1,
 *   3, 4, 1, 0,
 * ]);
 * const t = semiHardTriplets([0, 0, 1, 1], d);
 * t.negative[0]; // 3: the closest negative farther than the positive (3 > 1)
 * ```
 */
export function semiHardTriplets(
  labels: ArrayLike<number>,
  distances: ArrayLike<number>,
): TripletIndices {
  const size = labels.length;
  if (distances.length !== size * size) {
    throw new RangeError(
      `Cannot mine semi-hard triplets with ${distances.length} distances for a batch of ${size}: ` +
        `expected ${size * size} (a row-major ${size}×${size} matrix)`,
    );
  }
  const groups = groupByClass(labels);
  if (groups.size < 2) {
    throw new RangeError(
      `Cannot mine triplets in a batch of ${groups.size} class(es) as negatives need at least 2 ` +
        `— put several classes in each batch`,
    );
  }
  const a: number[] = [], p: number[] = [], n: number[] = [];
  for (let i = 0; i < size; i++) {
    const row = i * size;
    for (let j = 0; j < size; j++) {
      if (j === i || labels[j] !== labels[i]) continue;
      const dap = distances[row + j];
      let outside = -1, outsideD = Infinity, farthest = -1, farthestD = -Infinity;
      for (let k = 0; k < size; k++) {
        if (labels[k] === labels[i]) continue;
        const dan = distances[row + k];
        if (dan > dap && dan < outsideD) {
          outside = k;
          outsideD = dan;
        }
        if (dan > farthestD) {
          farthest = k;
          farthestD = dan;
        }
      }
      a.push(i);
      p.push(j);
      n.push(outside >= 0 ? outside : farthest);
    }
  }
  return pack(a, p, n);
}
