/**
 * A fully connected network kept as plain tensors: one weight matrix and one bias vector per
 * layer, no `tf.layers`. This is how source D wrote its NumPy networks, in TF.js.
 *
 * Layout: examples are rows (`x` is `[n, inputs]`), so a layer computes `x · W + b` with `W` of
 * shape `[inputs, outputs]`. D's NumPy code kept examples as columns (`W · X + b`); the two are
 * transposes of each other and learn the same thing.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";

/** How weights start: all zeros (fine for a single convex layer), or He-normal (ReLU nets). */
export type ScratchInit = "zeros" | "he";

/** A fully connected network as variables. Dispose it with {@linkcode disposeNetwork}. */
export interface ScratchNetwork {
  /** layer widths, input first, e.g. `[784, 512, 128, 32, 10]` */
  sizes: readonly number[];
  /** `weights[l]` has shape `[sizes[l], sizes[l + 1]]` */
  weights: tf.Variable[];
  /** `biases[l]` has shape `[sizes[l + 1]]` */
  biases: tf.Variable[];
}

/** Options of {@linkcode createNetwork}. */
export interface CreateNetworkOptions {
  /** how weights start @default "he" */
  init?: ScratchInit;
  /** seed of the random weights @default 42 */
  seed?: number;
}

/**
 * He-normal weights: N(0, 2 / fanIn), which keeps the variance of ReLU activations about
 * constant from layer to layer (He et al. 2015), so a deep ReLU net starts neither dead nor
 * exploding.
 *
 * @param fanIn inputs of the layer
 * @param fanOut outputs of the layer
 * @param rng the random source
 * @returns `fanIn × fanOut` values, row-major
 */
export function heNormal(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const std = Math.sqrt(2 / fanIn);
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
  return out;
}

/**
 * Creates the variables of a fully connected network. Biases start at zero.
 *
 * @param sizes layer widths, input first; at least two
 * @param options initialisation and seed
 * @returns the network; the caller disposes it with {@linkcode disposeNetwork}
 * @throws {RangeError} when fewer than two sizes are given or a size is not a positive integer
 * @example
 * ```ts
 * import { createNetwork, disposeNetwork, parameterCount } from "./network.ts";
 * const net = createNetwork([784, 10], { init: "zeros" });
 * parameterCount(net); // 7850
 * disposeNetwork(net);
 * ```
 */
export function createNetwork(
  sizes: readonly number[],
  options: CreateNetworkOptions = {},
): ScratchNetwork {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
    throw new RangeError(
      `Cannot create a network with sizes [${sizes.join(", ")}] as they must be at least two ` +
        `positive integers — pass e.g. [784, 10]`,
    );
  }
  const init = options.init ?? "he";
  const rng = new Rng(options.seed ?? 42);
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const values = init === "he" ? heNormal(fanIn, fanOut, rng) : new Float32Array(fanIn * fanOut);
    // tf.variable shares the initial tensor's data, so the temporaries can go at once.
    const [w, b] = [tf.tensor2d(values, [fanIn, fanOut]), tf.zeros([fanOut])];
    weights.push(tf.variable(w, true));
    biases.push(tf.variable(b, true));
    tf.dispose([w, b]);
  }
  return { sizes: [...sizes], weights, biases };
}

/**
 * The forward pass: `h = relu(h · W + b)` for every hidden layer, no activation on the last one.
 *
 * @param net the network
 * @param x inputs `[n, sizes[0]]`
 * @returns the logits `[n, classes]`; the caller disposes them (or calls this inside `tf.tidy`)
 */
export function forward(net: ScratchNetwork, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h: tf.Tensor2D = x;
    const last = net.weights.length - 1;
    for (let l = 0; l <= last; l++) {
      const z = tf.add(tf.matMul(h, net.weights[l]), net.biases[l]) as tf.Tensor2D;
      h = l < last ? tf.relu(z) : z;
    }
    return h;
  });
}

/**
 * The class probabilities: softmax of {@linkcode forward}.
 *
 * @param net the network
 * @param x inputs `[n, sizes[0]]`
 * @returns `[n, classes]` probabilities; the caller disposes them
 */
export function predictProbabilities(net: ScratchNetwork, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(forward(net, x)));
}

/**
 * The number of trainable numbers in the network.
 *
 * @param net the network
 * @returns Σ (inputs · outputs + outputs) over layers
 */
export function parameterCount(net: ScratchNetwork): number {
  let n = 0;
  for (let l = 0; l + 1 < net.sizes.length; l++) {
    n += net.sizes[l] * net.sizes[l + 1] + net.sizes[l + 1];
  }
  return n;
}

/**
 * Frees the network's variables.
 *
 * @param net the network; unusable afterwards
 */
export function disposeNetwork(net: ScratchNetwork): void {
  tf.dispose([...net.weights, ...net.biases]);
}
