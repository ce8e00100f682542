/**
 * Layer activations (feature maps) of a layers model, read in inference mode.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The output of one layer for a batch of inputs. */
export interface LayerActivation {
  /** the layer's name */
  layer: string;
  /** `[batch, height, width, channels]` (or `[batch, units]` for dense layers) */
  shape: number[];
  /** the values, row-major in `shape` */
  values: Float32Array;
}

/**
 * Runs `inputs` through `model` (inference mode: no dropout, BatchNorm's running statistics) and
 * returns the outputs of the named layers. For a conv layer built without an activation (as the
 * Triple-MNIST CNNs are) this is the map before ReLU.
 *
 * @param model a layers model with a single input (a `tf.Sequential` with an input shape will do)
 * @param inputs a batch for the model (not disposed)
 * @param layers the layer names, e.g. `["block1_conv", "block2_conv"]`
 * @returns a Promise of one activation per layer, as plain arrays (read back asynchronously, so
 *   it works on webgpu); no tensor is left behind
 * @throws {RangeError} when a layer name is unknown (the message lists the known names; the
 *   Promise rejects)
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { layerActivations } from "./activations.ts";
 * const model = tf.sequential({ layers: [
 *   tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, name: "c" }),
 * ] });
 * const x = tf.ones([1, 4, 4, 1]);
 * const [a] = await layerActivations(model, x, ["c"]);
 * a.shape; // [1, 2, 2, 2]
 * x.dispose();
 * ```
 */
export async function layerActivations(
  model: tf.LayersModel,
  inputs: tf.Tensor,
  layers: readonly string[],
): Promise<LayerActivation[]> {
  const known = model.layers.map((l) => l.name);
  for (const name of layers) {
    if (!known.includes(name)) {
      throw new RangeError(
        `Cannot read the activations of layer '${name}' as model '${model.name}' has no such ` +
          `layer: its layers are ${known.join(", ")}`,
      );
    }
  }
  // A model that shares the layers (and weights) of `model`; it owns no tensors of its own.
  const probe = tf.model({
    inputs: model.inputs,
    outputs: layers.map((name) => model.getLayer(name).output as tf.SymbolicTensor),
  });
  const outs = tf.tidy(() => {
    const o = probe.predict(inputs);
    return Array.isArray(o) ? o : [o];
  });
  try {
    const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    return outs.map((t, i) => ({ layer: layers[i], shape: t.shape.slice(), values: values[i] }));
  } finally {
    tf.dispose(outs);
  }
}

/** Several 2-D maps of one size, concatenated (for `imageGrid` of `lib/plot`). */
export interface MapStack {
  /** the maps, one after the other, row-major */
  pixels: Float32Array;
  /** rows of one map */
  height: number;
  /** columns of one map */
  width: number;
  /** captions, one per map (`ch <c>`) */
  titles: string[];
  /** the `[min, max]` of each map before rescaling */
  ranges: [number, number][];
}

/**
 * Cuts channels of one example out of a conv activation, each rescaled to [0, 1] on its own
 * range (min → 0, max → 1; a constant map becomes 0), ready to draw as images.
 *
 * @param activation a `[batch, height, width, channels]` activation
 * @param example which example of the batch
 * @param channels which channels
 * @returns the maps, a caption for each (`ch <c>`) and their value ranges before rescaling
 * @throws {RangeError} when the activation is not 4-D or an index is out of range
 *
 * @example
 * ```ts
 * import { channelMaps } from "./activations.ts";
 * const act = { layer: "c", shape: [1, 1, 2, 2], values: new Float32Array([0, 5, 2, 5]) };
 * channelMaps(act, 0, [0]).pixels; // Float32Array [0, 1]
 * ```
 */
export function channelMaps(
  activation: LayerActivation,
  example: number,
  channels: readonly number[],
): MapStack {
  if (activation.shape.length !== 4) {
    throw new RangeError(
      `Cannot cut channel maps from layer '${activation.layer}' as its output must be ` +
        `[batch, height, width, channels]: it is [${activation.shape}]`,
    );
  }
  const [n, h, w, c] = activation.shape;
  if (!(Number.isInteger(example) && example >= 0 && example < n)) {
    throw new RangeError(`Cannot take example ${example} as the batch holds ${n}`);
  }
  const pixels = new Float32Array(channels.length * h * w);
  const titles: string[] = [];
  const ranges: [number, number][] = [];
  channels.forEach((ch, k) => {
    if (!(Number.isInteger(ch) && ch >= 0 && ch < c)) {
      throw new RangeError(
        `Cannot take channel ${ch} of layer '${activation.layer}' as it has ${c} channels`,
      );
    }
    let lo = Infinity, hi = -Infinity;
    for (let p = 0; p < h * w; p++) {
      const v = activation.values[(example * h * w + p) * c + ch];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    for (let p = 0; p < h * w; p++) {
      const v = activation.values[(example * h * w + p) * c + ch];
      pixels[k * h * w + p] = span > 0 ? (v - lo) / span : 0;
    }
    titles.push(`ch ${ch}`);
    ranges.push([lo, hi]);
  });
  return { pixels, height: h, width: w, titles, ranges };
}
