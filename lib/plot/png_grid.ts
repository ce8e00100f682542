/**
 * Grids of square grey images as embedded PNGs: {@linkcode tileImages} lays them out,
 * {@linkcode pngDataUri} encodes one, and {@linkcode pngGridAnimation} draws a grid that changes
 * over epochs, drawn as one embedded PNG per frame (a Plotly
 * `image` trace) rather than as heat-map numbers: a 10×10 grid of 84×84 images is some 700,000
 * pixel values, a few megabytes of JSON per frame as numbers but about a hundred kilobytes as a PNG.
 * @module
 */
import { animationControls } from "./animation.ts";
import { greyPngDataUrl } from "./_png.ts";
import type { Figure, Frame } from "./types.ts";

/** Options of {@linkcode tileImages}. */
export interface TileOptions {
  /** side of each square image in pixels */
  size: number;
  /** grid rows */
  rows: number;
  /** grid columns */
  cols: number;
  /**
   * pixels between images
   * @default 2
   */
  gap?: number;
  /**
   * grey level of the gaps (images have black backgrounds, so mid-grey separates them)
   * @default 96
   */
  gapValue?: number;
}

/**
 * Lays square grey images out in a grid, row by row, as one grey image.
 *
 * @param images `rows × cols × size × size` bytes (image after image, row-major)
 * @param options image size, grid shape, gap
 * @returns the mosaic's pixels and size
 * @throws {RangeError} when the buffer does not hold `rows × cols` images
 * @example
 * ```ts
 * import { tileImages } from "./png_grid.ts";
 * const m = tileImages(new Uint8Array(4).fill(255), { size: 1, rows: 2, cols: 2, gap: 1 });
 * [m.width, m.height]; // [3, 3]
 * ```
 */
export function tileImages(
  images: Uint8Array,
  options: TileOptions,
): { pixels: Uint8Array; width: number; height: number } {
  const { size, rows, cols } = options;
  const gap = options.gap ?? 2;
  const px = size * size;
  if (images.length !== rows * cols * px) {
    throw new RangeError(
      `Cannot tile ${images.length} bytes as a ${rows}×${cols} grid of ${size}×${size} images ` +
        `as it needs ${rows * cols * px} — pass rows, cols and size that match`,
    );
  }
  const width = cols * size + (cols - 1) * gap;
  const height = rows * size + (rows - 1) * gap;
  const pixels = new Uint8Array(width * height).fill(options.gapValue ?? 96);
  for (let i = 0; i < rows * cols; i++) {
    const x0 = (i % cols) * (size + gap);
    const y0 = Math.floor(i / cols) * (size + gap);
    for (let y = 0; y < size; y++) {
      pixels.set(
        images.subarray(i * px + y * size, i * px + (y + 1) * size),
        (y0 + y) * width + x0,
      );
    }
  }
  return { pixels, width, height };
}

/**
 * A grey image as a `data:image/png;base64,…` URI.
 *
 * @param pixels `height × width` grey bytes
 * @param width the width
 * @param height the height
 * @returns the data URI
 * @throws {RangeError} when `pixels` does not hold `width × height` bytes
 * @example
 * ```ts
 * import { pngDataUri } from "./png_grid.ts";
 * pngDataUri(new Uint8Array(4), 2, 2).startsWith("data:image/png;base64,"); // true
 * ```
 */
export function pngDataUri(pixels: Uint8Array, width: number, height: number): string {
  if (pixels.length !== width * height) {
    throw new RangeError(
      `Cannot encode ${pixels.length} bytes as a ${width}×${height} PNG as it needs ` +
        `${width * height} — pass the image's own width and height`,
    );
  }
  return greyPngDataUrl(width, height, pixels);
}

/** One frame of {@linkcode pngGridAnimation}. */
export interface PngGridFrame {
  /** the slider label, e.g. "epoch 3" */
  label: string;
  /** `rows × cols` square grey images, bytes */
  images: Uint8Array;
}

/** Options of {@linkcode pngGridAnimation}. */
export interface PngGridAnimationOptions extends TileOptions {
  /** figure title */
  title?: string;
  /** a label per row, written on the left (e.g. the first digit) */
  rowLabels?: readonly string[];
  /** a label per column, written on top (e.g. the second digit) */
  colLabels?: readonly string[];
  /**
   * milliseconds each frame shows when playing
   * @default 700
   */
  frameMilliseconds?: number;
  /**
   * displayed width of the grid in screen pixels
   * @default the mosaic's own width, at most 860
   */
  displayWidth?: number;
}

/**
 * An animated grid of images: one PNG per frame in a Plotly `image` trace, with a slider and
 * play/pause buttons (Plotly redraws the image for each frame).
 *
 * @param frames the frames, in order (each `rows × cols` images of `size × size`)
 * @param options grid shape, labels, title, timing
 * @returns the Plotly figure with `frames`
 * @throws {RangeError} when there are no frames or a frame has the wrong size
 * @example
 * ```ts
 * import { pngGridAnimation } from "./png_grid.ts";
 * const fig = pngGridAnimation([
 *   { label: "epoch 0", images: new Uint8Array(4 * 9) },
 *   { label: "epoch 1", images: new Uint8Array(4 * 9).fill(255) },
 * ], { size: 3, rows: 2, cols: 2 });
 * fig.frames?.length; // 2
 * ```
 */
export function pngGridAnimation(
  frames: readonly PngGridFrame[],
  options: PngGridAnimationOptions,
): Figure {
  if (frames.length === 0) {
    throw new RangeError("Cannot animate an image grid without frames — pass at least one");
  }
  const tiles = frames.map((f) => tileImages(f.images, options));
  const { width, height } = tiles[0];
  const sources = tiles.map((t) => pngDataUri(t.pixels, t.width, t.height));
  const gap = options.gap ?? 2;
  const centre = (k: number) => k * (options.size + gap) + options.size / 2 - 0.5;
  const displayWidth = options.displayWidth ?? Math.min(width, 860);
  const scale = displayWidth / width;
  const duration = options.frameMilliseconds ?? 700;
  const plotFrames: Frame[] = frames.map((f, i) => ({
    name: f.label,
    data: [{ source: sources[i] }],
    traces: [0],
  }));
  const axisOf = (labels: readonly string[] | undefined, count: number) => ({
    showgrid: false,
    zeroline: false,
    ...(labels
      ? {
        tickmode: "array",
        tickvals: Array.from({ length: count }, (_, k) => centre(k)),
        ticktext: [...labels],
        ticks: "",
      }
      : { showticklabels: false }),
  });
  return {
    data: [{ type: "image", source: sources[0], hoverinfo: "skip" }],
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      width: Math.round(displayWidth + 90),
      height: Math.round(height * scale + 230),
      margin: { l: 50, r: 30, t: 80, b: 140 },
      xaxis: {
        ...axisOf(options.colLabels, options.cols),
        side: "top",
        range: [-0.5, width - 0.5],
      },
      yaxis: {
        ...axisOf(options.rowLabels, options.rows),
        range: [height - 0.5, -0.5],
        scaleanchor: "x",
      },
      ...animationControls(frames.map((f) => f.label), duration),
    },
    frames: plotFrames,
    config: { displayModeBar: false },
  };
}
