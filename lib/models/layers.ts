/**
 * Layers and settings shared by the model factories of this folder: {@linkcode SeededDropout}
 * (reproducible dropout, PyTorch's `Dropout`/`Dropout2d`), {@linkcode ImageThird} (one digit's
 * third of a Triple-MNIST image) and PyTorch's BatchNorm settings in the Keras convention.
 *
 * Each layer registers itself with TF.js serialisation when this module loads, so a saved model
 * that uses it loads back once any factory of this folder has been imported.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_SIZE } from "../triple_mnist/split_set.ts";

/** Keras-convention BatchNorm momentum equal to PyTorch's default 0.1. */
export const TORCH_BN_MOMENTUM = 0.9;
/** PyTorch's BatchNorm epsilon. */
export const TORCH_BN_EPSILON = 1e-5;
/** Width of one digit's third of an 84×84 Triple-MNIST image. */
export const IMAGE_THIRD_WIDTH = DIGIT_SIZE;

/** Configuration of {@linkcode SeededDropout}. */
export interface SeededDropoutArgs {
  /** fraction of units (or channels) set to zero while training, in [0, 1) */
  rate: number;
  /** drop whole channels of an NHWC tensor (PyTorch `Dropout2d`) instead of single units */
  spatial?: boolean;
  /** seed of the first mask; call `k` uses `seed + k` */
  seed: number;
  /** layer name */
  name?: string;
}

/**
 * Dropout whose masks come from a seed and a call counter, so a training run can be repeated
 * exactly. With `spatial: true` it drops whole feature maps (`[batch, 1, 1, channels]` mask), as
 * PyTorch's `Dropout2d`. Identity at inference.
 */
export class SeededDropout extends tf.layers.Layer {
  /** @internal serialisation name */
  static className = "SeededDropout";
  /** drop rate */
  readonly rate: number;
  /** whether masks are per channel */
  readonly spatial: boolean;
  /** base seed */
  readonly seed: number;
  #calls = 0;

  /**
   * @param args rate, spatial, seed, name
   * @throws {RangeError} when `rate` is outside [0, 1)
   */
  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(
        `Cannot build dropout '${
          args.name ?? "dropout"
        }' as its rate must be in [0, 1): found ${args.rate}`,
      );
    }
    this.rate = args.rate;
    this.spatial = args.spatial ?? false;
    this.seed = args.seed;
  }

  /** Applies the mask while training; returns the input unchanged otherwise. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs["training"] !== true || this.rate === 0) return x.clone();
      const spatial = this.spatial && x.rank === 4;
      const shape = x.shape.map((d, i) => spatial && (i === 1 || i === 2) ? 1 : d);
      return tf.dropout(x, this.rate, shape, this.seed + this.#calls++);
    });
  }

  /** Same shape out as in. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** Rate, spatial flag and seed, for saving. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, spatial: this.spatial, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * One third of a `[B, H, W, C]` image: columns `[28·index, 28·index + 28)`.
 *
 * A layer (rather than a `tf.slice` call) so that the discriminator stays a functional model
 * whose three thirds run through the same shared layers.
 */
export class ImageThird extends tf.layers.Layer {
  /** the name TF.js serialisation knows this layer by */
  static className = "ImageThird";
  /** which third, 0, 1 or 2 */
  readonly index: number;

  /**
   * @param config `index` (0, 1 or 2) and the usual layer arguments
   * @throws {RangeError} when `index` is not 0, 1 or 2
   */
  constructor(config: { index: number; name?: string }) {
    super({ name: config.name });
    if (![0, 1, 2].includes(config.index)) {
      throw new RangeError(
        `Cannot make layer 'ImageThird' with index ${config.index} as it must be 0, 1 or 2 — ` +
          `pass the position of the digit`,
      );
    }
    this.index = config.index;
  }

  /** `[B, H, W, C]` → `[B, H, 28, C]`. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], s[1], IMAGE_THIRD_WIDTH, s[3]];
  }

  /** Slices the third out of the input. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.slice(x, [0, 0, IMAGE_THIRD_WIDTH * this.index, 0], [
      -1,
      -1,
      IMAGE_THIRD_WIDTH,
      -1,
    ]);
  }

  /** The serialisable configuration. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), index: this.index };
  }
}
tf.serialization.registerClass(ImageThird);
