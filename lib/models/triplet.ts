/**
 * Embedding networks for source D's triplet-loss one-shot experiment: D's 224×224 network (the
 * `full` profile) and a compact 28×28 network (the `standard` and `quick` profiles).
 *
 * Both map an image to a 128-d embedding (no softmax, no compile: they are trained with the
 * triplet loss by a custom loop, see `lib/triplet`).
 *
 * **D's network.** Seed 003 lists D's layers exactly (PyTorch, no padding, no batch norm), and
 * {@linkcode abd01TripletNet} builds them one for one:
 *
 * | block | layers | output | parameters |
 * | --- | --- | --- | ---: |
 * | 1 | Conv 7×7 stride 2, 3 → 64; Conv 3×3, 64 → 64; ReLU; MaxPool 3 stride 2 | 109 → 107 → 53 | 9,472 + 36,928 |
 * | 2 | Conv 3×3, 64 → 64; Conv 3×3, 64 → 128; ReLU; MaxPool 2 stride 2 | 51 → 49 → 24 | 36,928 + 73,856 |
 * | 3 | Conv 3×3 stride 2, 128 → 256; Conv 3×3, 256 → 256; ReLU; MaxPool 3 stride 2 | 11 → 9 → 4 | 295,168 + 590,080 |
 * | head | Flatten 4·4·256 = 4,096; Dense 2048, ReLU; Dense 512, ReLU; Dense 128 | 128 | 8,390,656 + 1,049,088 + 65,664 |
 * | **total** | | | **10,547,840** |
 *
 * The two convolutions of a block have no ReLU between them, as in D's list. Initialisation
 * follows D: He-normal convolution kernels (D's `kaiming_normal_`), PyTorch's default dense
 * kernels (uniform ±1/√fan-in); biases start at zero (PyTorch draws them small).
 *
 * @example
 * ```ts
 * import { compactTripletNet } from "./triplet.ts";
 * import { countTrainableParams } from "./params.ts";
 * const net = compactTripletNet({ seed: 1 });
 * countTrainableParams(net); // 854,784
 * net.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The embedding size of both networks (D's). */
export const TRIPLET_EMBEDDING_DIM = 128;
/** D's input side: MNIST resized to 224×224, grey repeated over 3 channels. */
export const ABD01_TRIPLET_INPUT_SIZE = 224;
/** D's input channels. */
export const ABD01_TRIPLET_CHANNELS = 3;
/** D's parameter count (seed 003: convolutions 1,042,432 + dense layers 9,505,408). */
export const ABD01_TRIPLET_PARAMS = 10_547_840;
/** The flattened conv features of D's network: a 4×4 map of 256 channels. */
export const ABD01_TRIPLET_FEATURES = 4 * 4 * 256;
/** D's optimiser: Adam, learning rate 1e-3. */
export const ABD01_TRIPLET_LEARNING_RATE = 1e-3;
/** D's epochs. */
export const ABD01_TRIPLET_EPOCHS = 5;
/** The compact network's input side: MNIST as it is. */
export const COMPACT_TRIPLET_INPUT_SIZE = 28;
/** Trainable parameters of {@linkcode compactTripletNet} with the default sizes and head. */
export const COMPACT_TRIPLET_PARAMS = 854_784;
/** Trainable parameters of {@linkcode compactTripletNet} with the `fixed` head (conv blocks only). */
export const COMPACT_FIXED_HEAD_TRAINABLE_PARAMS = 18_816;

/** Options of the factories. */
export interface TripletNetOptions {
  /** seed of the weight initialisers @default 42 */
  seed?: number;
}

/** How {@linkcode compactTripletNet} turns conv features into the 128-d embedding. */
export type CompactTripletHead = "trained" | "fixed";

/** Options of {@linkcode compactTripletNet}. */
export interface CompactTripletNetOptions extends TripletNetOptions {
  /** filters of the two conv blocks @default [32, 64] */
  filters?: [number, number];
  /** units of the hidden dense layer of the `trained` head @default 256 */
  hidden?: number;
  /**
   * `trained` (D's design): Dense → ReLU → Dense 128, trained with the rest. `fixed`: one
   * frozen, seeded random linear projection of the conv features to 128 numbers, so the
   * triplet loss can shape only the convolutions.
   * @default "trained"
   */
  head?: CompactTripletHead;
  /**
   * Ends the network with {@linkcode L2Normalize}, so every embedding has length 1 (FaceNet's
   * design: squared distances then lie in [0, 4] and equal 2 − 2·cosine, and a margin such as
   * 0.2 has a fixed meaning). Adds no weights and draws no random numbers, so the network is the
   * un-normalised one of the same seed followed by the normalisation.
   * @default false
   */
  normalize?: boolean;
}

/**
 * Divides each row by its Euclidean length, `x / √max(‖x‖², 1e-12)` (TensorFlow's
 * `l2_normalize`): embeddings on the unit sphere. A zero row stays zero.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { L2Normalize } from "./triplet.ts";
 * const y = new L2Normalize().apply(tf.tensor2d([[3, 4]])) as tf.Tensor; // [[0.6, 0.8]]
 * y.dispose();
 * ```
 */
export class L2Normalize extends tf.layers.Layer {
  /** the name TF.js serialisation knows this layer by */
  static className = "L2Normalize";

  /** @param config the usual layer arguments (a name) */
  constructor(config: { name?: string } = {}) {
    super({ name: config.name });
  }

  /** The shape does not change. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /** Normalises the last axis. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() =>
      tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), -1, true), L2_NORMALIZE_EPSILON)))
    );
  }
}
tf.serialization.registerClass(L2Normalize);

/** The floor of the squared length {@linkcode L2Normalize} divides by (TensorFlow's). */
const L2_NORMALIZE_EPSILON = 1e-12;

/** A weight initialiser. */
type Initializer = ReturnType<typeof tf.initializers.heNormal>;

/** Gives each initialiser its own seed derived from the model's. */
class Seeds {
  #next: number;
  constructor(seed: number) {
    this.#next = seed * 1000;
  }
  heNormal(): Initializer {
    return tf.initializers.heNormal({ seed: this.#next++ });
  }
  /** A random projection: normal with variance 1/fan-in. */
  randomProjection(fanIn: number): Initializer {
    return tf.initializers.randomNormal({
      mean: 0,
      stddev: 1 / Math.sqrt(fanIn),
      seed: this.#next++,
    });
  }
  /** PyTorch's default `nn.Linear` kernel: uniform ±1/√fan-in. */
  torchLinear(): Initializer {
    return tf.initializers.varianceScaling({
      scale: 1 / 3,
      mode: "fanIn",
      distribution: "uniform",
      seed: this.#next++,
    });
  }
}

function checkPositiveInt(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot build a triplet network with ${name} ${value}: it must be a positive integer`,
    );
  }
}

/**
 * Source D's embedding network, layer for layer from seed 003 (see the module notes):
 * 224×224×3 → 4,096 conv features → 128. No padding, no batch norm.
 *
 * @param options the seed
 * @returns an uncompiled model with 10,547,840 parameters, all trainable; the caller disposes it
 */
export function abd01TripletNet(options: TripletNetOptions = {}): tf.LayersModel {
  const seeds = new Seeds(options.seed ?? 42);
  const conv = (filters: number, kernelSize: number, strides: number, name: string) =>
    tf.layers.conv2d({
      filters,
      kernelSize,
      strides,
      padding: "valid",
      kernelInitializer: seeds.heNormal(),
      name,
    });
  const pool = (poolSize: number, name: string) =>
    tf.layers.maxPooling2d({ poolSize, strides: 2, padding: "valid", name });
  const dense = (units: number, name: string) =>
    tf.layers.dense({ units, kernelInitializer: seeds.torchLinear(), name });
  return tf.sequential({
    name: "abd01TripletNet",
    layers: [
      tf.layers.inputLayer({
        inputShape: [ABD01_TRIPLET_INPUT_SIZE, ABD01_TRIPLET_INPUT_SIZE, ABD01_TRIPLET_CHANNELS],
        name: "image",
      }),
      conv(64, 7, 2, "block1_conv1"),
      conv(64, 3, 1, "block1_conv2"),
      tf.layers.reLU({ name: "block1_relu" }),
      pool(3, "block1_pool"),
      conv(64, 3, 1, "block2_conv1"),
      conv(128, 3, 1, "block2_conv2"),
      tf.layers.reLU({ name: "block2_relu" }),
      pool(2, "block2_pool"),
      conv(256, 3, 2, "block3_conv1"),
      conv(256, 3, 1, "block3_conv2"),
      tf.layers.reLU({ name: "block3_relu" }),
      pool(3, "block3_pool"),
      tf.layers.flatten({ name: "flatten" }),
      dense(2048, "dense1"),
      tf.layers.reLU({ name: "dense1_relu" }),
      dense(512, "dense2"),
      tf.layers.reLU({ name: "dense2_relu" }),
      dense(TRIPLET_EMBEDDING_DIM, "embedding"),
    ],
  });
}

/**
 * A compact embedding network on the 28×28 images, for runs on a CPU: two conv blocks
 * (Conv 3×3 `same` → ReLU → MaxPool 2; 32 and 64 filters) to 7×7×64 = 3,136 features, then a
 * head to the 128-d embedding.
 *
 * With the `trained` head (Dense 3136 → 256 → ReLU → 128, 854,784 parameters) it keeps D's design
 * (conv blocks, then trained dense layers down to a linear 128-d embedding) at a twelfth of its
 * size and about an eightieth of its arithmetic per image (4.7 million multiply-adds against
 * D's 390 million): D's network first blows each 28×28 digit up to 224×224×3, which adds no
 * information.
 *
 * With the `fixed` head the embedding is a frozen random projection of the 3,136 conv features
 * (Gaussian, seeded, no bias; 401,408 weights that are never trained, 18,816 trainable ones). A
 * random projection keeps distances roughly as they are (Johnson–Lindenstrauss), so the embedding
 * keeps what the conv features know; trained on three classes, a trainable head learns to
 * discard everything that does not separate those three, and unseen digits collapse onto them.
 *
 * With `normalize`, the embedding is then divided by its length ({@linkcode L2Normalize}).
 *
 * @param options seed, sizes, head and normalisation
 * @returns an uncompiled model; the caller disposes it
 * @throws {RangeError} when a size is not a positive integer or the head is unknown
 */
export function compactTripletNet(options: CompactTripletNetOptions = {}): tf.LayersModel {
  const seeds = new Seeds(options.seed ?? 42);
  const [f1, f2] = options.filters ?? [32, 64];
  const hidden = options.hidden ?? 256;
  const head = options.head ?? "trained";
  checkPositiveInt(f1, "filters[0]");
  checkPositiveInt(f2, "filters[1]");
  checkPositiveInt(hidden, "hidden");
  if (head !== "trained" && head !== "fixed") {
    throw new RangeError(
      `Cannot build a compact triplet network with head '${head}': use 'trained' or 'fixed'`,
    );
  }
  const conv = (filters: number, name: string) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
      kernelInitializer: seeds.heNormal(),
      name,
    });
  const layers: tf.layers.Layer[] = [
    tf.layers.inputLayer({
      inputShape: [COMPACT_TRIPLET_INPUT_SIZE, COMPACT_TRIPLET_INPUT_SIZE, 1],
      name: "image",
    }),
    conv(f1, "block1_conv"),
    tf.layers.maxPooling2d({ poolSize: 2, name: "block1_pool" }),
    conv(f2, "block2_conv"),
    tf.layers.maxPooling2d({ poolSize: 2, name: "block2_pool" }),
    tf.layers.flatten({ name: "flatten" }),
  ];
  if (head === "trained") {
    layers.push(
      tf.layers.dense({
        units: hidden,
        activation: "relu",
        kernelInitializer: seeds.torchLinear(),
        name: "dense1",
      }),
      tf.layers.dense({
        units: TRIPLET_EMBEDDING_DIM,
        kernelInitializer: seeds.torchLinear(),
        name: "embedding",
      }),
    );
  } else {
    layers.push(tf.layers.dense({
      units: TRIPLET_EMBEDDING_DIM,
      useBias: false,
      trainable: false,
      // variance 1/fan-in: squared distances shrink by one common factor (128/3136) on average
      kernelInitializer: seeds.randomProjection(7 * 7 * f2),
      name: "embedding",
    }));
  }
  if (options.normalize) layers.push(new L2Normalize({ name: "l2_normalize" }));
  const name = head === "trained" ? "compactTripletNet" : "compactTripletNetFixedHead";
  return tf.sequential({ name: options.normalize ? `${name}Normalized` : name, layers });
}
