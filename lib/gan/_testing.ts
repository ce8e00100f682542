/** Test fixtures for lib/gan: bar "digits" to train on, and a reader that reads what it is told. */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import type { ExampleSource } from "../train/source.ts";

/** `n` fake 28×28 digits in [-1, 1]: label d is a bright bar in row band d, on black. */
export function barDigits(n: number, seed = 1): ExampleSource {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: n }, () => rng.int(10));
  return {
    size: n,
    batch(indices) {
      const x = new Float32Array(indices.length * 784).fill(-1);
      const y = new Int32Array(indices.length);
      indices.forEach((k, i) => {
        y[i] = labels[k];
        for (let r = 2 * labels[k] + 4; r < 2 * labels[k] + 7; r++) {
          for (let c = 4; c < 24; c++) x[i * 784 + r * 28 + c] = 1;
        }
      });
      return {
        xs: tf.tensor4d(x, [indices.length, 28, 28, 1]),
        ys: tf.tensor2d(y, [indices.length, 1], "int32"),
      };
    },
  };
}

/**
 * A "reader" of 84×28 thirds (softmax over 10 digits) that reads every digit as `digit`,
 * whatever it sees; {@linkcode setReads} changes its mind.
 */
export function alwaysReads(digit: number): tf.LayersModel {
  const input = tf.input({ shape: [84, 28, 1] });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const probs = tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: "zeros" })
    .apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: probs });
  setReads(model, digit);
  return model;
}

/** Makes an {@linkcode alwaysReads} model read every digit as `digit` from now on. */
export function setReads(model: tf.LayersModel, digit: number): void {
  const bias = new Float32Array(10);
  bias[digit] = 5;
  (model.weights[1].read() as tf.Variable).assign(tf.tensor1d(bias));
}
