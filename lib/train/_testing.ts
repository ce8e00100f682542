/** Test fixtures for lib/train: a tiny separable data set and a seeded classifier. */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import type { ExampleSource } from "./source.ts";

/**
 * `n` points in 4-D, class 1 when their coordinates sum above 0; one-hot targets
 * (or integer targets with `sparse`).
 */
export function separableSource(n: number, seed = 1, sparse = false): ExampleSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 4);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < 4; j++) s += x[i * 4 + j] = rng.normal();
    label[i] = s > 0 ? 1 : 0;
  }
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

/** A small seeded MLP for `separableSource`, compiled with SGD and accuracy. */
export function tinyClassifier(
  options: { sparse?: boolean; dropout?: boolean } = {},
): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        activation: "relu",
        inputShape: [4],
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
