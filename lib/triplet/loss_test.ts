import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  pairwiseSquaredDistances,
  rowSquaredDistances,
  TRIPLET_MARGIN,
  tripletLoss,
  tripletLosses,
} from "./loss.ts";

await tf.setBackend("cpu");

Deno.test("tripletLosses() matches hand-computed values with D's margin 1", () => {
  // triplet 1: ‖a−p‖² = 1, ‖a−n‖² = 4        → max(0, 1 − 4 + 1) = 0
  // triplet 2: ‖a−p‖² = 0, ‖a−n‖² = 0.25     → max(0, 0 − 0.25 + 1) = 0.75
  // triplet 3: ‖a−p‖² = 9 + 16 = 25, ‖a−n‖² = 1 + 1 = 2 → 25 − 2 + 1 = 24
  // triplet 4: ‖a−p‖² = 2, ‖a−n‖² = 2.5      → 2 − 2.5 + 1 = 0.5
  const a = tf.tensor2d([[0, 0], [0, 0], [1, 1], [1, 0]]);
  const p = tf.tensor2d([[1, 0], [0, 0], [4, 5], [0, 1]]);
  const n = tf.tensor2d([[0, 2], [0, 0.5], [0, 0], [2.5, 0.5]]);
  const before = tf.memory().numTensors;
  const l = tripletLosses(a, p, n);
  const mean = tripletLoss(a, p, n);
  assertEquals(tf.memory().numTensors, before + 2);
  const values = Array.from(l.dataSync());
  [0, 0.75, 24, 0.5].forEach((v, i) => assertAlmostEquals(values[i], v, 1e-6));
  assertAlmostEquals(mean.dataSync()[0], (0 + 0.75 + 24 + 0.5) / 4, 1e-6);
  assertEquals(TRIPLET_MARGIN, 1);
  tf.dispose([a, p, n, l, mean]);
});

Deno.test("tripletLoss() uses the margin option and squared, not plain, distances", () => {
  const a = tf.tensor2d([[0, 0, 0]]);
  const p = tf.tensor2d([[2, 0, 0]]); // squared 4 (plain distance would be 2)
  const n = tf.tensor2d([[0, 1, 1]]); // squared 2
  const l0 = tripletLoss(a, p, n, { margin: 0 });
  const l3 = tripletLoss(a, p, n, { margin: 3 });
  assertAlmostEquals(l0.dataSync()[0], 2, 1e-6);
  assertAlmostEquals(l3.dataSync()[0], 5, 1e-6);
  tf.dispose([a, p, n, l0, l3]);
});

Deno.test("tripletLoss() rejects mismatched shapes and bad margins", () => {
  const a = tf.tensor2d([[0, 0]]);
  const b = tf.tensor2d([[0, 0, 0]]);
  const v = tf.tensor1d([0, 0]);
  assertThrows(
    () => tripletLoss(a, b, a),
    TypeError,
    "Cannot compute a triplet loss on 'positive'",
  );
  assertThrows(
    () => tripletLoss(v as unknown as tf.Tensor2D, a, a),
    TypeError,
    "as a [triplets, dims] tensor",
  );
  assertThrows(() => tripletLoss(a, a, a, { margin: -1 }), RangeError, "margin -1");
  assertThrows(() => tripletLoss(a, a, a, { margin: NaN }), RangeError, "margin NaN");
  tf.dispose([a, b, v]);
});

Deno.test("tripletLoss() gradient pushes the positive in and the negative out", () => {
  const a = tf.tensor2d([[0, 0]]);
  const n = tf.tensor2d([[0, 1]]);
  const g = tf.grad((p: tf.Tensor) => tripletLoss(a, p as tf.Tensor2D, n))(tf.tensor2d([[1, 0]]));
  // d/dp of ‖a − p‖² = 2(p − a) = [2, 0]; the loss is active (1 − 1 + 1 > 0)
  const [gx, gy] = g.dataSync();
  assertAlmostEquals(gx, 2, 1e-6);
  assertAlmostEquals(gy, 0, 1e-6);
  tf.dispose([a, n, g]);
});

Deno.test("rowSquaredDistances() and pairwiseSquaredDistances() agree with hand values", () => {
  const x = tf.tensor2d([[0, 0], [3, 4], [1, 1]]);
  const y = tf.tensor2d([[1, 0], [0, 0], [1, 1]]);
  assertEquals(Array.from(rowSquaredDistances(x, y).dataSync()), [1, 25, 0]);
  const d = pairwiseSquaredDistances(x);
  const expected = [0, 25, 2, 25, 0, 13, 2, 13, 0];
  Array.from(d.dataSync()).forEach((v, i) => assertAlmostEquals(v, expected[i], 1e-4));
  assertThrows(
    () => pairwiseSquaredDistances(tf.tensor1d([1]) as unknown as tf.Tensor2D),
    TypeError,
    "[n, d] tensor",
  );
  tf.dispose([x, y, d]);
});
