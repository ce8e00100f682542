import type { Figure } from "./types.ts";
import { mosaicLayout, mosaicPng, mosaicTrace, planMosaic } from "./_mosaic.ts";

/** The pixels of one or more images, row-major, image after image. */
export type ImagePixels = Uint8Array | Uint8ClampedArray | Float32Array | Float64Array | number[];

/** Options of {@linkcode imageGrid} (and the grid part of `animatedImageGrid`). */
export interface ImageGridOptions {
  /** figure title */
  title?: string;
  /** how many images to draw (default: all in the buffer, at most rows × cols when both given) */
  count?: number;
  /** image height in pixels (default 28) */
  height?: number;
  /** image width in pixels (default: `height`) */
  width?: number;
  /** grid rows (default: enough for `count` at `cols` per row) */
  rows?: number;
  /** grid columns (default: min(count, 10), or count / rows when `rows` is given) */
  cols?: number;
  /** one caption per image, written above it */
  titles?: readonly string[];
  /** which images are wrong: their caption turns red and a red frame is drawn around them */
  wrong?: ArrayLike<boolean>;
  /** draw dark ink on white (default false: the data's values, high = white) */
  invert?: boolean;
  /** value range mapped to black…white (default: 0…255 for bytes, else 0…1 widened to the data) */
  range?: [number, number];
  /** displayed size of one image in screen pixels (default 84, at least 2 screen px per pixel) */
  tilePixels?: number;
}

/**
 * A grid of grey-scale images (e.g. 28×28 digits, 84×84 Triple-MNIST), drawn as one PNG in a
 * Plotly `image` trace (a few kilobytes, where a heat map of the same pixels took hundreds) with
 * square pixels, a caption above each image, and wrong predictions framed in red.
 *
 * @param images the pixels, image after image, row-major (bytes 0–255 or floats)
 * @param options image size, grid shape, captions, which are wrong
 * @returns the Plotly figure
 * @throws {RangeError} when the buffer does not hold whole images, or `count` does not fit
 * @example
 * ```ts
 * import { imageGrid } from "./image_grid.ts";
 * const pixels = new Uint8Array(2 * 28 * 28);
 * const fig = imageGrid(pixels, { titles: ["7", "2"], wrong: [false, true] });
 * fig.layout.shapes; // one red frame, around the second image
 * ```
 */
export function imageGrid(images: ImagePixels, options: ImageGridOptions = {}): Figure {
  const m = planMosaic(images.length, options, Boolean(options.titles), images);
  return {
    data: [mosaicTrace(mosaicPng(images, m, options.invert ?? false))],
    layout: mosaicLayout(m, options),
    config: { displayModeBar: false },
  };
}

/** Maps of one activation, side by side (`lib/analysis`'s `channelMaps` makes them). */
export interface ChannelMapStack {
  /** the maps, each rescaled to [0, 1], map after map */
  pixels: Float32Array;
  /** height of one map */
  height: number;
  /** width of one map */
  width: number;
  /** a caption per map, e.g. "ch 0" */
  titles: readonly string[];
}

/** Options of {@linkcode channelMapGrid}. */
export interface ChannelMapGridOptions {
  /** figure title */
  title?: string;
  /** a label per stack, written before each of its maps' captions (e.g. "first") */
  rowLabels?: readonly string[];
  /** displayed size of one map in screen pixels (as {@linkcode imageGrid}) */
  tilePixels?: number;
}

/**
 * Feature maps as a grid: one row per stack of channel maps (e.g. one per third of an image, or
 * one layer's first channels), captioned with the channel and, when given, the row's label.
 *
 * @param stacks the rows, all of maps of one size and count
 * @param options title, row labels, tile size
 * @returns the Plotly figure
 * @throws {RangeError} when there are no stacks, or they differ in map size or count
 * @example
 * ```ts
 * import { channelMapGrid } from "./image_grid.ts";
 * const stack = { pixels: new Float32Array(2 * 6), height: 3, width: 2, titles: ["ch 0", "ch 1"] };
 * const fig = channelMapGrid([stack, stack], { rowLabels: ["first", "second"] });
 * fig.layout.annotations; // captions "first · ch 0" … "second · ch 1"
 * ```
 */
export function channelMapGrid(
  stacks: readonly ChannelMapStack[],
  options: ChannelMapGridOptions = {},
): Figure {
  const [first] = stacks;
  if (
    !first ||
    stacks.some((s) =>
      s.height !== first.height || s.width !== first.width ||
      s.titles.length !== first.titles.length
    )
  ) {
    throw new RangeError(
      `Cannot lay out ${stacks.length} stacks of channel maps as a grid as they must be at least ` +
        `one, all with as many maps of one size — pass maps of one layer`,
    );
  }
  const pixels = new Float32Array(stacks.reduce((n, s) => n + s.pixels.length, 0));
  stacks.reduce((at, s) => (pixels.set(s.pixels, at), at + s.pixels.length), 0);
  return imageGrid(pixels, {
    height: first.height,
    width: first.width,
    cols: first.titles.length,
    titles: stacks.flatMap((s, r) =>
      s.titles.map((t) => options.rowLabels ? `${options.rowLabels[r]} · ${t}` : t)
    ),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.tilePixels === undefined ? {} : { tilePixels: options.tilePixels }),
  });
}
