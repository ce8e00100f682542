/**
 * Scores of a per-digit Triple-MNIST classifier: exact match of the whole number, accuracy and
 * macro F1 per position, confusion matrices, digit errors and confidences.
 * @module
 */
import { type ConfusionMatrix, confusionMatrix, macroF1 } from "../metrics/mod.ts";

/** Three values, one per digit position (left, middle, right). */
export type PerPosition<T> = [T, T, T];

export { POSITION_NAMES } from "../triple_mnist/positions.ts";

/** What {@linkcode scoreTriple} reads: one prediction per third, third `l` of image `i` at `3i + l`. */
export interface ThirdPredictions {
  /** the predicted digit of each third */
  predicted: ArrayLike<number>;
  /** the true digit of each third */
  labels: ArrayLike<number>;
  /** `thirds × 10` probabilities, row-major (optional: needed for confidences) */
  probabilities?: ArrayLike<number>;
}

/** The scores of one model on one split. */
export interface TripleScores {
  /** the number of images (a third of the number of predictions) */
  images: number;
  /** share of images whose three digits are all right (A's "accuracy") */
  exactMatch: number;
  /** share of right digits at each position */
  perPosition: PerPosition<number>;
  /** share of right digits over all positions */
  digitAccuracy: number;
  /** macro F1 over the ten digits, per position */
  macroF1PerPosition: PerPosition<number>;
  /** the mean of the three macro F1s (A's "F1") */
  averagedMacroF1: number;
  /** `confusion[l][true][predicted]` per position */
  confusion: PerPosition<ConfusionMatrix>;
  /** the true number int(ddd) of each image */
  trueNumbers: Int32Array;
  /** the predicted number of each image */
  predictedNumbers: Int32Array;
  /** |true digit − predicted digit| per position (0 when right), one per image */
  digitErrors: PerPosition<Int32Array>;
  /** the highest probability of each third (NaN when no probabilities were given) */
  confidence: Float32Array;
  /** whether each third was right */
  correct: Uint8Array;
}

/**
 * Scores per-third predictions of Triple-MNIST images, as A's Task 3 and 4 report them.
 *
 * @param predictions predicted and true digits (and probabilities) of `3 × images` thirds
 * @returns the scores
 * @throws {RangeError} when the lengths differ, are not a multiple of 3, or a digit is out of 0–9
 *
 * @example
 * ```ts
 * import { scoreTriple } from "./triple_scores.ts";
 * const s = scoreTriple({ labels: [1, 2, 3, 4, 5, 6], predicted: [1, 2, 3, 4, 5, 0] });
 * s.exactMatch; // 0.5
 * s.perPosition; // [1, 1, 0.5]
 * ```
 */
export function scoreTriple(predictions: ThirdPredictions): TripleScores {
  const { predicted, labels, probabilities } = predictions;
  if (predicted.length !== labels.length || labels.length % 3 !== 0 || labels.length === 0) {
    throw new RangeError(
      `Cannot score Triple-MNIST predictions as there must be the same positive multiple of 3 of ` +
        `predicted and true digits: found ${predicted.length} predicted, ${labels.length} true`,
    );
  }
  if (probabilities && probabilities.length !== labels.length * 10) {
    throw new RangeError(
      `Cannot score Triple-MNIST confidences as there must be 10 probabilities per third: ` +
        `found ${probabilities.length} for ${labels.length} thirds`,
    );
  }
  const n = labels.length / 3;
  const right = [0, 0, 0];
  let exact = 0;
  const trueNumbers = new Int32Array(n);
  const predictedNumbers = new Int32Array(n);
  const digitErrors: PerPosition<Int32Array> = [
    new Int32Array(n),
    new Int32Array(n),
    new Int32Array(n),
  ];
  const truths: PerPosition<number[]> = [[], [], []];
  const preds: PerPosition<number[]> = [[], [], []];
  const correct = new Uint8Array(labels.length);
  for (let i = 0; i < n; i++) {
    let all = true;
    for (let l = 0; l < 3; l++) {
      const t = labels[3 * i + l], p = predicted[3 * i + l];
      truths[l].push(t);
      preds[l].push(p);
      trueNumbers[i] = trueNumbers[i] * 10 + t;
      predictedNumbers[i] = predictedNumbers[i] * 10 + p;
      digitErrors[l][i] = Math.abs(t - p);
      if (t === p) {
        right[l]++;
        correct[3 * i + l] = 1;
      } else all = false;
    }
    if (all) exact++;
  }
  const confusion = [0, 1, 2].map((l) => confusionMatrix(truths[l], preds[l], 10)) as PerPosition<
    ConfusionMatrix
  >;
  const f1 = confusion.map((cm) => macroF1(cm)) as PerPosition<number>;
  const confidence = new Float32Array(labels.length).fill(NaN);
  if (probabilities) {
    for (let e = 0; e < labels.length; e++) {
      let m = -Infinity;
      for (let k = 0; k < 10; k++) m = Math.max(m, probabilities[e * 10 + k]);
      confidence[e] = m;
    }
  }
  return {
    images: n,
    exactMatch: exact / n,
    perPosition: right.map((r) => r / n) as PerPosition<number>,
    digitAccuracy: (right[0] + right[1] + right[2]) / (3 * n),
    macroF1PerPosition: f1,
    averagedMacroF1: (f1[0] + f1[1] + f1[2]) / 3,
    confusion,
    trueNumbers,
    predictedNumbers,
    digitErrors,
    confidence,
    correct,
  };
}
