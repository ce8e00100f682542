/**
 * A's "attention maps": where a per-digit CNN's last conv block responds, as the channel mean
 * of that block's activation, upsampled to the 84×28 third and overlaid on the image.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  DIGIT_SIZE as D,
  splitThirds,
  TRIPLE_MNIST_HEIGHT as H,
  TRIPLE_MNIST_WIDTH as W,
} from "../triple_mnist/mod.ts";

/** Options of {@linkcode attentionMaps}. */
export interface AttentionOptions {
  /**
   * The layer whose channel mean is taken; its maps must be a whole fraction of 84×28.
   * @default the last layer named `block<k>_bn` (the last block's output before dropout and pooling)
   */
  layer?: string;
}

/** Attention maps of a batch of whole images. */
export interface AttentionMaps {
  /** `[batch, 84, 84]` maps, each third rescaled to [0, 1] on its own */
  maps: Float32Array;
  /** the layer read */
  layer: string;
  /** the size of that layer's maps before upsampling, `[height, width]` */
  source: [number, number];
  /** the upsampling factor (84 / height) */
  scale: number;
}

function lastBlockLayer(model: tf.LayersModel): string {
  const names = model.layers.map((l) => l.name).filter((n) => /^block\d+_bn$/.test(n));
  if (names.length === 0) {
    throw new RangeError(
      `Cannot find the last conv block of model '${model.name}' as no layer is named ` +
        `'block<k>_bn' — pass the layer name as 'layer'`,
    );
  }
  return names[names.length - 1];
}

/**
 * For each 84×84 image: its three thirds go through `model`; the chosen layer's activation is
 * averaged over channels, upsampled bilinearly to 84×28 (×4 for a 21×7 map), rescaled to [0, 1]
 * per third, and the three thirds are put back side by side.
 *
 * @param model a per-digit CNN taking `[batch, 84, 28, 1]`
 * @param images `[batch, 84, 84, 1]` whole images (not disposed)
 * @param options which layer
 * @returns a Promise of the maps (read back asynchronously, so it works on webgpu); no tensor is
 *   left behind
 * @throws {TypeError} when the images are not `[batch, 84, 84, 1]` (the Promise rejects)
 * @throws {RangeError} when the layer is unknown (the Promise rejects)
 */
export async function attentionMaps(
  model: tf.LayersModel,
  images: tf.Tensor,
  options: AttentionOptions = {},
): Promise<AttentionMaps> {
  const [b, h, w, c] = images.shape;
  if (images.rank !== 4 || h !== H || w !== W || c !== 1) {
    throw new TypeError(
      `Cannot draw attention maps of images of shape [${images.shape}] as they must be ` +
        `[batch, ${H}, ${W}, 1]`,
    );
  }
  const layer = options.layer ?? lastBlockLayer(model);
  if (!model.layers.some((l) => l.name === layer)) {
    throw new RangeError(
      `Cannot draw attention maps from layer '${layer}' as model '${model.name}' has no such layer`,
    );
  }
  const probe = tf.model({
    inputs: model.inputs,
    outputs: model.getLayer(layer).output as tf.SymbolicTensor,
  });
  let source: [number, number] = [0, 0];
  const out = tf.tidy(() => {
    // [b, 84, 84, 1] → [b, 3, 84, 28, 1] → [3b, 84, 28, 1], image-major
    const thirds = tf.stack(splitThirds(images as tf.Tensor4D), 1).reshape([b * 3, H, D, 1]);
    const act = probe.predict(thirds) as tf.Tensor4D;
    source = [act.shape[1], act.shape[2]];
    const mean = tf.mean(act, 3, true) as tf.Tensor4D;
    const up = tf.image.resizeBilinear(mean, [H, D]).reshape([b * 3, H * D]);
    const lo = up.min(1, true), hi = up.max(1, true);
    const scaled = tf.divNoNan(up.sub(lo), hi.sub(lo));
    // [b, 3, 84, 28] → [b, 84, 3, 28] → [b, 84, 84]
    return scaled.reshape([b, 3, H, D]).transpose([0, 2, 1, 3]).reshape([b, H, W]);
  });
  let maps: Float32Array;
  try {
    maps = await out.data() as Float32Array;
  } finally {
    out.dispose();
  }
  return { maps, layer, source, scale: H / source[0] };
}

/** How much of the attention falls on the digits, from {@linkcode attentionInDigitBoxes}. */
export interface AttentionInBoxes {
  /** thirds looked at (blank thirds are skipped) */
  thirds: number;
  /** the mean, over thirds, of the share of the map's total that lies inside the digit's box */
  inside: number;
  /** the mean share of the third's area that the box covers: what a flat map would put inside */
  area: number;
}

/**
 * Measures whether attention maps sit on the digits: for each 84×28 third, the share of the
 * map's total inside the digit's ink box (the rows and columns from its first to its last inked
 * pixel), against the share of the third that box covers. A map that ignored the digit would put
 * about `area` inside; one that follows it puts far more.
 *
 * @param images `count × 84 × 84` pixels (ink > 0), e.g. bytes or values in [0, 1]
 * @param maps `count × 84 × 84` attention maps in [0, 1] ({@linkcode attentionMaps})
 * @returns the mean shares over all thirds that hold ink
 * @throws {RangeError} when the two do not hold the same whole number of 84×84 images
 * @example
 * ```ts
 * import { attentionInDigitBoxes } from "./attention.ts";
 * const images = new Uint8Array(7056);
 * const maps = new Float32Array(7056);
 * for (let r = 10; r < 20; r++) for (let c = 0; c < 84; c++) { images[r * 84 + c] = 255; maps[r * 84 + c] = 1; }
 * const a = attentionInDigitBoxes(images, maps);
 * [a.inside, a.thirds]; // [1, 3]: every bit of attention on the digit rows
 * ```
 */
export function attentionInDigitBoxes(
  images: ArrayLike<number>,
  maps: ArrayLike<number>,
): AttentionInBoxes {
  const px = H * W;
  if (images.length % px !== 0 || images.length !== maps.length || images.length === 0) {
    throw new RangeError(
      `Cannot measure attention in the digits' boxes as images and maps must hold the same ` +
        `whole number of ${H}×${W} images: found ${images.length} and ${maps.length} values`,
    );
  }
  let thirds = 0, inside = 0, area = 0;
  for (let k = 0; k < images.length / px; k++) {
    for (let l = 0; l < 3; l++) {
      const at = k * px + D * l;
      let r0 = H, r1 = -1, c0 = D, c1 = -1, total = 0;
      for (let r = 0; r < H; r++) {
        for (let c = 0; c < D; c++) {
          total += maps[at + r * W + c];
          if (images[at + r * W + c] > 0) {
            r0 = Math.min(r0, r);
            r1 = Math.max(r1, r);
            c0 = Math.min(c0, c);
            c1 = Math.max(c1, c);
          }
        }
      }
      if (r1 < 0 || total <= 0) continue;
      let box = 0;
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) box += maps[at + r * W + c];
      }
      thirds++;
      inside += box / total;
      area += ((r1 - r0 + 1) * (c1 - c0 + 1)) / (H * D);
    }
  }
  return { thirds, inside: thirds ? inside / thirds : NaN, area: thirds ? area / thirds : NaN };
}
