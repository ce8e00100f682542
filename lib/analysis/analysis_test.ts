import * as tf from "@tensorflow/tfjs";
import { assert, assertAlmostEquals, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  attentionInDigitBoxes,
  attentionMaps,
  channelMaps,
  confidenceSplit,
  explainWholeNumberErrors,
  keptRunFigures,
  layerActivations,
  scoreFigures,
  scoreTriple,
  scoreTripleModel,
  splitScoreFigures,
} from "./mod.ts";
import type { TripleMnistSplit } from "../triple_mnist/mod.ts";
import { tripleEnhancedCnn, triplePerDigitCnn } from "../models/triple_mnist.ts";

await tf.setBackend("cpu");

// Four images: 123 right; 456 with the last digit wrong (6→9); 789 with two wrong (7→1, 9→4);
// 000 right.
const LABELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0];
const PREDICTED = [1, 2, 3, 4, 5, 9, 1, 8, 4, 0, 0, 0];

Deno.test("scoreTriple() counts exact matches, per-position accuracy and digit errors", () => {
  const s = scoreTriple({ labels: LABELS, predicted: PREDICTED });
  assertEquals(s.images, 4);
  assertEquals(s.exactMatch, 0.5);
  assertEquals(s.perPosition, [0.75, 1, 0.5]);
  assertEquals(s.digitAccuracy, 9 / 12);
  assertEquals(Array.from(s.trueNumbers), [123, 456, 789, 0]);
  assertEquals(Array.from(s.predictedNumbers), [123, 459, 184, 0]);
  assertEquals(Array.from(s.digitErrors[0]), [0, 0, 6, 0]);
  assertEquals(Array.from(s.digitErrors[2]), [0, 3, 5, 0]);
  assertEquals(s.confusion[2][6][9], 1);
  assertEquals(s.confusion[0][7][1], 1);
  assertEquals(s.confusion[1].flat().reduce((a, b) => a + b, 0), 4);
  // Position 2 (middle) is all right: macro F1 over the digits present is 1 for them, 0 for
  // the absent ones (lib/metrics convention), so check against the metrics module's own sum.
  assert(s.averagedMacroF1 > 0 && s.averagedMacroF1 <= 1);
  assertAlmostEquals(
    s.averagedMacroF1,
    (s.macroF1PerPosition[0] + s.macroF1PerPosition[1] + s.macroF1PerPosition[2]) / 3,
    1e-12,
  );
  assert(Number.isNaN(s.confidence[0]));
});

Deno.test("scoreTriple() rejects lengths that are not matching multiples of 3", () => {
  assertThrows(
    () => scoreTriple({ labels: [1, 2], predicted: [1, 2] }),
    RangeError,
    "positive multiple of 3",
  );
  assertThrows(
    () => scoreTriple({ labels: [1, 2, 3], predicted: [1, 2, 3], probabilities: [0.1] }),
    RangeError,
    "10 probabilities per third",
  );
});

Deno.test("explainWholeNumberErrors() compares p1·p2·p3 with the measured exact match", () => {
  const e = explainWholeNumberErrors(scoreTriple({ labels: LABELS, predicted: PREDICTED }));
  assertAlmostEquals(e.independentExactMatch, 0.75 * 1 * 0.5, 1e-12);
  assertAlmostEquals(e.pCubed, 0.75 ** 3, 1e-12);
  assertEquals(e.observedExactMatch, 0.5);
  assertAlmostEquals(e.expectedErrorRate, 0.625, 1e-12);
  assertEquals(e.observedErrorRate, 0.5);
  // Two wrong digits share image 789: fewer wrong numbers than independence predicts.
  assertAlmostEquals(e.explainedShare, 1.25, 1e-12);
  assert(e.sentence.includes("37.50%"), e.sentence);
  assert(e.sentence.includes("share an image"), e.sentence);
  const perfect = explainWholeNumberErrors(
    scoreTriple({ labels: [1, 2, 3], predicted: [1, 2, 3] }),
  );
  assertEquals(perfect.explainedShare, 1);
});

Deno.test("confidenceSplit() groups confidences by position and right/wrong", () => {
  const probabilities = new Float32Array(LABELS.length * 10);
  PREDICTED.forEach((p, e) => {
    probabilities.fill(0.02, e * 10, e * 10 + 10);
    probabilities[e * 10 + p] = LABELS[e] === p ? 0.9 : 0.5;
  });
  const s = scoreTriple({ labels: LABELS, predicted: PREDICTED, probabilities });
  assertAlmostEquals(s.confidence[0], 0.9, 1e-6);
  const c = confidenceSplit(s);
  assertEquals(c.correct.map((v) => v.length), [3, 4, 2]);
  assertEquals(c.incorrect.map((v) => v.length), [1, 0, 2]);
  assertAlmostEquals(c.meanCorrect, 0.9, 1e-6);
  assertAlmostEquals(c.meanIncorrect, 0.5, 1e-6);
  assertAlmostEquals(c.gap, 0.4, 1e-6);
  assertThrows(
    () => confidenceSplit(scoreTriple({ labels: LABELS, predicted: PREDICTED })),
    RangeError,
    "hold none",
  );
});

Deno.test("layerActivations() reads pre-ReLU conv maps and leaves no tensors", async () => {
  const model = triplePerDigitCnn({ seed: 2 });
  const x = tf.randomUniform([2, 84, 28, 1], 0, 1, "float32", 4);
  const before = tf.memory().numTensors;
  const [conv, relu, pool] = await layerActivations(model, x, [
    "block1_conv",
    "block1_relu",
    "block2_pool",
  ]);
  assertEquals(tf.memory().numTensors, before);
  assertEquals(conv.shape, [2, 84, 28, 24]);
  assertEquals(pool.shape, [2, 21, 7, 48]);
  assert(conv.values.some((v) => v < 0), "a conv output before ReLU has negative values");
  assert(relu.values.every((v) => v >= 0));
  for (let i = 0; i < conv.values.length; i += 97) {
    assertAlmostEquals(relu.values[i], Math.max(0, conv.values[i]), 1e-6);
  }
  const maps = channelMaps(conv, 1, [0, 2]);
  assertEquals([maps.height, maps.width, maps.pixels.length], [84, 28, 2 * 84 * 28]);
  assertEquals(Math.min(...maps.pixels), 0);
  assertEquals(Math.max(...maps.pixels), 1);
  assertEquals(maps.titles, ["ch 0", "ch 2"]);
  assert(maps.ranges[0][0] < 0 && maps.ranges[0][1] > maps.ranges[0][0]);
  await assertRejects(() => layerActivations(model, x, ["nope"]), RangeError, "no such layer");
  assertThrows(() => channelMaps(conv, 0, [24]), RangeError, "has 24 channels");
  tf.dispose(x);
  model.dispose();
});

Deno.test("attentionMaps() upsamples the last block ×4 to 84×28 per third, in [0, 1]", async () => {
  const model = tripleEnhancedCnn({ seed: 3 });
  const x = tf.randomUniform([2, 84, 84, 1], 0, 1, "float32", 5);
  const before = tf.memory().numTensors;
  const a = await attentionMaps(model, x);
  assertEquals(tf.memory().numTensors, before);
  assertEquals(a.layer, "block3_bn");
  assertEquals(a.source, [21, 7]);
  assertEquals(a.scale, 4);
  assertEquals(a.maps.length, 2 * 84 * 84);
  // each third of each image spans [0, 1] on its own
  for (let b = 0; b < 2; b++) {
    for (let l = 0; l < 3; l++) {
      let lo = Infinity, hi = -Infinity;
      for (let r = 0; r < 84; r++) {
        for (let c = 0; c < 28; c++) {
          const v = a.maps[b * 7056 + r * 84 + l * 28 + c];
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      assertAlmostEquals(lo, 0, 1e-6);
      assertAlmostEquals(hi, 1, 1e-6);
    }
  }
  // the map of third l of image b is the map of that third alone
  const third = tf.tidy(() => tf.split(x, 3, 2)[1].slice([1], [1]));
  const alone = tf.tidy(() => tf.tile(third, [1, 1, 3, 1]));
  const b = await attentionMaps(model, alone);
  for (let r = 0; r < 84; r += 7) {
    for (let c = 0; c < 28; c += 3) {
      assertAlmostEquals(b.maps[r * 84 + c], a.maps[7056 + r * 84 + 28 + c], 1e-5);
    }
  }
  await assertRejects(
    () => attentionMaps(model, tf.zeros([1, 84, 28, 1])),
    TypeError,
    "[batch, 84, 84, 1]",
  );
  tf.dispose([x, third, alone]);
  model.dispose();
});

Deno.test("scoreTripleModel() scores every third of a split in image order", async () => {
  const model = triplePerDigitCnn({ seed: 6 });
  const images = new Uint8Array(2 * 7056);
  for (let i = 0; i < images.length; i += 5) images[i] = (i * 7) % 256;
  const split: TripleMnistSplit = {
    name: "test",
    images,
    labels: Uint16Array.of(907, 123),
    indexInClass: new Uint32Array(2),
    count: 2,
    height: 84,
    width: 84,
  };
  const before = tf.memory().numTensors;
  const s = await scoreTripleModel(model, split, { batchSize: 4 });
  assertEquals(tf.memory().numTensors, before);
  assertEquals(s.images, 2);
  assertEquals(Array.from(s.trueNumbers), [907, 123]);
  // the same as predicting each image's three thirds by hand
  const x = tf.tidy(() =>
    tf.stack(
      tf.split(tf.tensor4d(Float32Array.from(images, (v) => v / 255), [2, 84, 84, 1]), 3, 2),
      1,
    )
      .reshape([6, 84, 28, 1])
  );
  const pred = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(1).dataSync());
  const number = (k: number) => 100 * pred[3 * k] + 10 * pred[3 * k + 1] + pred[3 * k + 2];
  assertEquals(Array.from(s.predictedNumbers), [number(0), number(1)]);
  assert(s.confidence.every((c) => c > 0.1 && c <= 1));
  x.dispose();
  model.dispose();
});

Deno.test("attentionInDigitBoxes() compares the attention on each digit's box with its area", () => {
  const images = new Uint8Array(7056);
  const maps = new Float32Array(7056);
  // first third: a 10×10 digit at rows 20–29, columns 5–14; attention flat over the third
  for (let r = 20; r < 30; r++) for (let c = 5; c < 15; c++) images[r * 84 + c] = 200;
  for (let r = 0; r < 84; r++) for (let c = 0; c < 28; c++) maps[r * 84 + c] = 0.5;
  // second third: a digit at rows 60–69, columns 28–37, and all attention on it
  for (let r = 60; r < 70; r++) {
    for (let c = 28; c < 38; c++) images[r * 84 + c] = 200, maps[r * 84 + c] = 1;
  }
  // third third: blank, skipped
  const a = attentionInDigitBoxes(images, maps);
  const boxArea = 100 / (84 * 28);
  assertEquals(a.thirds, 2);
  assertAlmostEquals(a.area, boxArea, 1e-12);
  assertAlmostEquals(a.inside, (boxArea + 1) / 2, 1e-12); // flat map: its area; focused: all
  assertThrows(() => attentionInDigitBoxes([1], [1]), RangeError, "same whole number");
});

Deno.test("scoreFigures() and splitScoreFigures() record the headline figures under one set of names", () => {
  const test = scoreTriple({ labels: LABELS, predicted: PREDICTED });
  const val = scoreTriple({ labels: LABELS.slice(0, 3), predicted: LABELS.slice(0, 3) });
  assertEquals(scoreFigures(test), {
    images: test.images,
    exactMatch: test.exactMatch,
    perPosition: test.perPosition,
    averagedMacroF1: test.averagedMacroF1,
  });
  assertEquals(splitScoreFigures({ test }), {
    testExactMatch: test.exactMatch,
    testPerPosition: test.perPosition,
    testF1: test.averagedMacroF1,
  });
  assertEquals(
    keptRunFigures({
      train: { count: 6 },
      budget: { imagesPerClass: 2, epochs: 3 },
      history: [{ valExactMatch: 0.1 }, {}],
      kept: 1,
      pool: "disjoint",
    }),
    {
      trainImages: 6,
      imagesPerClass: 2,
      epochs: 3,
      keptEpoch: 1,
      valExactMatchPerEpoch: [0.1, undefined],
      pool: "disjoint",
    },
  );
  const both = splitScoreFigures({ val, test });
  assertEquals([both.valExactMatch, both.valF1], [1, val.averagedMacroF1]);
});
