/**
 * Images picked from a labelled image set, drawn as a grid: the image size comes from the set
 * and each caption defaults to the image's class name, so a notebook names images by index and
 * never copies pixels or states an image size.
 * @module
 */
import { imageGrid, type ImageGridOptions } from "./image_grid.ts";
import type { Figure } from "./types.ts";

/** The parts of a labelled image set (`ImageSet` of `lib/data`) the grid reads. */
export interface LabelledImages {
  /** pixels, `count × height × width`, row-major */
  images: ArrayLike<number>;
  /** one label per image */
  labels: ArrayLike<number>;
  /** image height in pixels */
  height: number;
  /** image width in pixels */
  width: number;
  /** the name of each label */
  classNames: readonly string[];
}

/** Options of {@linkcode imageSetGrid}: those of `imageGrid`, less what the set says. */
export interface ImageSetGridOptions
  extends Omit<ImageGridOptions, "height" | "width" | "titles" | "count"> {
  /**
   * the caption of an image, from its index in the set and its position in the grid
   * (default: its class name)
   */
  caption?: (index: number, position: number) => string;
}

/**
 * A grid of the images at `indices` of a labelled set, captioned with their class names (or
 * `options.caption`).
 *
 * @param set the image set
 * @param indices the images to draw, in grid order
 * @param options captions, which are wrong, grid shape, tile size, title
 * @returns the Plotly figure
 * @throws {RangeError} when an index is outside the set
 * @example
 * ```ts
 * import { imageSetGrid } from "./image_set_grid.ts";
 * const set = { images: new Uint8Array(3 * 4), labels: [2, 0, 1], height: 2, width: 2, classNames: ["a", "b", "c"] };
 * const fig = imageSetGrid(set, [2, 0], { cols: 2 });
 * fig.layout.annotations; // captions "b" and "c"
 * ```
 */
export function imageSetGrid(
  set: LabelledImages,
  indices: ArrayLike<number>,
  options: ImageSetGridOptions = {},
): Figure {
  const size = set.height * set.width;
  const count = Math.floor(set.images.length / size);
  const pixels = new Uint8Array(indices.length * size);
  const titles: string[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new RangeError(
        `Cannot draw image ${i} as the set holds images 0 to ${count - 1}: pass indices into ` +
          "the set the grid draws from",
      );
    }
    for (let p = 0; p < size; p++) pixels[k * size + p] = set.images[i * size + p];
    titles.push(options.caption ? options.caption(i, k) : set.classNames[set.labels[i]] ?? "");
  }
  const { caption: _caption, ...grid } = options;
  return imageGrid(pixels, { ...grid, height: set.height, width: set.width, titles });
}
