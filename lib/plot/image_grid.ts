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
