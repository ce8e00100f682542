/** Test fixtures for lib/train: a tiny separable data set and a seeded classifier. */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import type { ExampleSource } from "./source.ts";

/** `n` seeded points in 4-D and their classes (1 when the coordinates sum above 0). */
function separablePoints(n: number, seed: number): { x: Float32Array; label: Int32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 4);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < 4; j++) s += x[i * 4 + j] = rng.normal();
    label[i] = s > 0 ? 1 : 0;
  }
  return { x, label };
}

/**
 * `n` points in 4-D, class 1 when their coordinates sum above 0; one-hot targets
 * (or integer targets with `sparse`).
 */
export function separableSource(n: number, seed = 1, sparse = false): ExampleSource {
  const { x, label } = separablePoints(n, seed);
  return {
    size: n,
    batch(indices) {
      const xs = new Float32Array(indices.length * 4);
      const ys = new Float32Array(indices.length * (sparse ? 1 : 2));
      indices.forEach((k, i) => {
        xs.set(x.subarray(k * 4, k * 4 + 4), i * 4);
        if (sparse) ys[i] = label[k];
        else ys[i * 2 + label[k]] = 1;
      });
      return {
        xs: tf.tensor2d(xs, [indices.length, 4]),
        ys: tf.tensor2d(ys, [indices.length, sparse ? 1 : 2]),
      };
    },
  };
}

/**
 * A small seeded MLP for `separableSource` (or, with `triplets`, for `tripletsSource`: the same
 * layers applied to each of the three points), compiled with SGD and accuracy.
 */
export function tinyClassifier(
  options: { sparse?: boolean; dropout?: boolean; triplets?: boolean } = {},
): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        activation: "relu",
        inputShape: options.triplets ? [3, 4] : [4],
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      ...(options.dropout ? [tf.layers.dropout({ rate: 0.1, seed: 3 })] : []),
      tf.layers.dense({
        units: 2,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({
    optimizer: tf.train.sgd(0.1),
    loss: options.sparse ? "sparseCategoricalCrossentropy" : "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/**
 * `n` examples of three 4-D points each, like the three digits of one Triple-MNIST image:
 * batches `xs` `[b, 3, 4]` and one-hot `ys` `[b, 3, 2]` (class 1 when a point's coordinates sum
 * above 0). `size` counts examples, so a batch holds three predictions per index.
 */
export function tripletsSource(n: number, seed = 1): ExampleSource & { labels: Int32Array } {
  const { x, label: labels } = separablePoints(3 * n, seed);
  return {
    size: n,
    labels,
    batch(indices) {
      const xs = new Float32Array(indices.length * 12);
      const ys = new Float32Array(indices.length * 6);
      indices.forEach((k, i) => {
        xs.set(x.subarray(k * 12, k * 12 + 12), i * 12);
        for (let l = 0; l < 3; l++) ys[i * 6 + l * 2 + labels[3 * k + l]] = 1;
      });
      return {
        xs: tf.tensor3d(xs, [indices.length, 3, 4]),
        ys: tf.tensor3d(ys, [indices.length, 3, 2]),
      };
    },
  };
}
