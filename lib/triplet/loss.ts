/**
 * The triplet loss of source D (and of FaceNet): for an anchor `a`, a positive `p` of the same
 * class and a negative `n` of another class, `max(0, ‖a − p‖² − ‖a − n‖² + margin)`, averaged over
 * the triplets. Distances are squared Euclidean, as in D's code (its `.pow(.5)` was commented out).
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** D's margin. */
export const TRIPLET_MARGIN = 1;
/**
 * FaceNet's margin (Schroff et al. 2015, α = 0.2), meant for embeddings of length 1, whose
 * squared distances lie in [0, 4].
 */
export const FACENET_TRIPLET_MARGIN = 0.2;

/** Options of {@linkcode tripletLosses} and {@linkcode tripletLoss}. */
export interface TripletLossOptions {
  /** the margin the negative must be farther than the positive by @default 1 */
  margin?: number;
}

function checkMargin(margin: number): number {
  if (!Number.isFinite(margin) || margin < 0) {
    throw new RangeError(
      `Cannot use triplet margin ${margin} as it must be a finite number ≥ 0 — pass e.g. 1`,
    );
  }
  return margin;
}

function checkShapes(anchor: tf.Tensor, positive: tf.Tensor, negative: tf.Tensor): void {
  const shape = anchor.shape;
  if (shape.length !== 2) {
    throw new TypeError(
      `Cannot compute a triplet loss on 'anchor' as a [triplets, dims] tensor: ` +
        `found shape [${shape}] — gather the embeddings into rank-2 tensors first`,
    );
  }
  for (const [name, t] of [["positive", positive], ["negative", negative]] as const) {
    if (t.shape.length !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== shape[1]) {
      throw new TypeError(
        `Cannot compute a triplet loss on '${name}' as a tensor shaped like the anchors ` +
          `[${shape}]: found [${t.shape}] — pass one row per triplet`,
      );
    }
  }
}

/**
 * The squared Euclidean distance of each row of `a` to the same row of `b`.
 *
 * @param a `[n, d]`
 * @param b `[n, d]`
 * @returns `[n]`, a new tensor the caller disposes
 */
export function rowSquaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(a, b)), -1) as tf.Tensor1D);
}

/**
 * The loss of each triplet, `max(0, ‖a − p‖² − ‖a − n‖² + margin)`.
 *
 * @param anchor `[triplets, dims]` anchor embeddings
 * @param positive `[triplets, dims]` positive embeddings
 * @param negative `[triplets, dims]` negative embeddings
 * @param options the margin
 * @returns `[triplets]`, a new tensor the caller disposes
 * @throws {TypeError} when the three tensors are not rank 2 and of the same shape
 * @throws {RangeError} when the margin is negative or not finite
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { tripletLosses } from "./loss.ts";
 * const a = tf.tensor2d([[0, 0]]), p = tf.tensor2d([[1, 0]]), n = tf.tensor2d([[0, 2]]);
 * const l = tripletLosses(a, p, n); // [max(0, 1 − 4 + 1)] = [0]
 * l.dispose(); a.dispose(); p.dispose(); n.dispose();
 * ```
 */
export function tripletLosses(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  options: TripletLossOptions = {},
): tf.Tensor1D {
  const margin = checkMargin(options.margin ?? TRIPLET_MARGIN);
  checkShapes(anchor, positive, negative);
  return tf.tidy(() => {
    const ap = rowSquaredDistances(anchor, positive);
    const an = rowSquaredDistances(anchor, negative);
    return tf.relu(tf.add(tf.sub(ap, an), margin)) as tf.Tensor1D;
  });
}

/**
 * The mean triplet loss, `mean(max(0, ‖a − p‖² − ‖a − n‖² + margin))`: D's `triplet_loss`.
 *
 * @param anchor `[triplets, dims]` anchor embeddings
 * @param positive `[triplets, dims]` positive embeddings
 * @param negative `[triplets, dims]` negative embeddings
 * @param options the margin (D: 1)
 * @returns a new scalar the caller disposes
 * @throws {TypeError} when the three tensors are not rank 2 and of the same shape
 * @throws {RangeError} when the margin is negative or not finite
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { tripletLoss } from "./loss.ts";
 * const a = tf.tensor2d([[0, 0], [0, 0]]);
 * const p = tf.tensor2d([[1, 0], [0, 0]]);
 * const n = tf.tensor2d([[0, 2], [0, 0.5]]);
 * const loss = tripletLoss(a, p, n); // mean(0, 0 − 0.25 + 1) = 0.375
 * loss.dispose(); a.dispose(); p.dispose(); n.dispose();
 * ```
 */
export function tripletLoss(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  options: TripletLossOptions = {},
): tf.Scalar {
  return tf.tidy(() => tf.mean(tripletLosses(anchor, positive, negative, options)) as tf.Scalar);
}

/**
 * All squared Euclidean distances between the rows of `x`: `‖xᵢ − xⱼ‖²`, clipped at 0 against
 * rounding, with an exact 0 diagonal. What semi-hard mining looks at.
 *
 * @param x `[n, d]`
 * @returns `[n, n]`, a new tensor the caller disposes
 * @throws {TypeError} when `x` is not rank 2
 */
export function pairwiseSquaredDistances(x: tf.Tensor2D): tf.Tensor2D {
  if (x.shape.length !== 2) {
    throw new TypeError(
      `Cannot compute pairwise distances of 'x' as a [n, d] tensor: found shape [${x.shape}]`,
    );
  }
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), 1, true); // [n, 1]
    const dots = tf.matMul(x, x, false, true); // [n, n]
    const d = tf.relu(tf.add(tf.sub(sq, tf.mul(dots, 2)), tf.transpose(sq)));
    const n = x.shape[0];
    return tf.mul(d, tf.sub(1, tf.eye(n))) as tf.Tensor2D;
  });
}
