/**
 * Internal: a grid of images laid out as one mosaic, drawn as one greyscale PNG in a Plotly
 * `image` trace (used by image_grid.ts and animation.ts).
 */
import type { Layout, Trace } from "./types.ts";
import { greyPngDataUrl } from "./_png.ts";
import type { ImageGridOptions, ImagePixels } from "./image_grid.ts";

/** The layout of a grid of images drawn as one mosaic. */
export interface Mosaic {
  count: number;
  rows: number;
  cols: number;
  height: number;
  width: number;
  /** pixel rows above each image kept for its caption */
  captionRows: number;
  /** gap in image pixels between images */
  gap: number;
  /** screen pixels per image pixel */
  scale: number;
  /** mosaic size in image pixels */
  mosaicWidth: number;
  mosaicHeight: number;
  zmin: number;
  zmax: number;
}

/**
 * Works out the grid for `images` and checks the buffer's size.
 * @throws {RangeError} when the sizes do not fit
 */
export function planMosaic(
  length: number,
  options: ImageGridOptions,
  captions: boolean,
  sample?: ImagePixels,
): Mosaic {
  const height = options.height ?? 28;
  const width = options.width ?? height;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new RangeError(
      `Cannot draw images of ${height}×${width} pixels as sizes must be positive integers — ` +
        `pass height and width, e.g. 28`,
    );
  }
  const per = height * width;
  if (length % per !== 0) {
    throw new RangeError(
      `Cannot split ${length} pixel values into ${height}×${width} images as ${length} is not a ` +
        `multiple of ${per} — check height and width`,
    );
  }
  const available = length / per;
  let count = options.count ?? available;
  if (options.count === undefined && options.rows && options.cols) {
    count = Math.min(available, options.rows * options.cols);
  }
  if (!Number.isInteger(count) || count < 1 || count > available) {
    throw new RangeError(
      `Cannot draw ${count} images as the buffer holds ${available} of ${height}×${width} — ` +
        `pass a count between 1 and ${available}`,
    );
  }
  let cols = options.cols ?? (options.rows ? Math.ceil(count / options.rows) : Math.min(count, 10));
  let rows = options.rows ?? Math.ceil(count / cols);
  if (rows * cols < count) {
    throw new RangeError(
      `Cannot fit ${count} images into ${rows}×${cols} grid cells — pass more rows or cols, or a ` +
        `smaller count`,
    );
  }
  cols = Math.max(1, cols);
  rows = Math.max(1, rows);
  const tile = options.tilePixels ?? Math.max(84, 2 * width);
  const scale = tile / width;
  const gap = Math.max(1, Math.ceil(6 / scale));
  const captionRows = captions ? Math.ceil(16 / scale) : 0;
  const [zmin, zmax] = options.range ?? valueRange(sample);
  return {
    count,
    rows,
    cols,
    height,
    width,
    captionRows,
    gap,
    scale,
    mosaicWidth: cols * width + (cols - 1) * gap,
    mosaicHeight: rows * (height + captionRows) + (rows - 1) * gap,
    zmin,
    zmax,
  };
}

function valueRange(sample?: ImagePixels): [number, number] {
  if (!sample) return [0, 1];
  if (sample instanceof Uint8Array || sample instanceof Uint8ClampedArray) return [0, 255];
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Top-left corner (x, y) in mosaic pixels of image `i`'s pixels (below its caption). */
export function tileOrigin(m: Mosaic, i: number): [number, number] {
  const r = Math.floor(i / m.cols);
  const c = i % m.cols;
  return [c * (m.width + m.gap), r * (m.height + m.captionRows + m.gap) + m.captionRows];
}

/**
 * The mosaic as a greyscale PNG `data:` URL: values mapped linearly from `zmin…zmax` to
 * black…white (white…black when `invert`), the space between and above images white.
 */
export function mosaicPng(images: ImagePixels, m: Mosaic, invert: boolean): string {
  const grey = new Uint8Array(m.mosaicWidth * m.mosaicHeight).fill(255);
  const span = m.zmax - m.zmin || 1;
  const per = m.height * m.width;
  for (let i = 0; i < m.count; i++) {
    const [x0, y0] = tileOrigin(m, i);
    for (let y = 0; y < m.height; y++) {
      const base = i * per + y * m.width;
      const row = (y0 + y) * m.mosaicWidth + x0;
      for (let x = 0; x < m.width; x++) {
        const level = Math.round(
          255 * Math.min(1, Math.max(0, (images[base + x] - m.zmin) / span)),
        );
        grey[row + x] = invert ? 255 - level : level;
      }
    }
  }
  return greyPngDataUrl(m.mosaicWidth, m.mosaicHeight, grey);
}

/** The image trace that draws a mosaic: pixel (row r, column c) centred at (c, r). */
export function mosaicTrace(source: string): Trace {
  return { type: "image", source, x0: 0, y0: 0, dx: 1, dy: 1, hoverinfo: "skip" };
}

/** The layout that shows a mosaic with square pixels, captions and frames. */
export function mosaicLayout(
  m: Mosaic,
  options: ImageGridOptions,
): Layout {
  const titles = options.titles;
  const wrong = options.wrong;
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  for (let i = 0; i < m.count; i++) {
    const [x0, y0] = tileOrigin(m, i);
    const isWrong = wrong ? Boolean(wrong[i]) : false;
    if (titles && titles[i] !== undefined) {
      annotations.push({
        x: x0 + m.width / 2 - 0.5,
        y: y0 - 0.5,
        xref: "x",
        yref: "y",
        text: titles[i],
        showarrow: false,
        yanchor: "bottom",
        font: { size: 11, color: isWrong ? "#d62728" : "#222222" },
      });
    }
    if (isWrong) {
      shapes.push({
        type: "rect",
        xref: "x",
        yref: "y",
        x0: x0 - 0.5,
        x1: x0 + m.width - 0.5,
        y0: y0 - 0.5,
        y1: y0 + m.height - 0.5,
        line: { color: "#d62728", width: 2 },
      });
    }
  }
  const top = options.title ? 40 : 10;
  const plotW = Math.round(m.mosaicWidth * m.scale);
  const plotH = Math.round(m.mosaicHeight * m.scale);
  const hidden = {
    showgrid: false,
    zeroline: false,
    showticklabels: false,
    ticks: "",
    fixedrange: true,
  };
  return {
    ...(options.title ? { title: { text: options.title, x: 0.5, xanchor: "center" } } : {}),
    width: plotW + 20,
    height: plotH + top + 10,
    margin: { l: 10, r: 10, t: top, b: 10 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    xaxis: { ...hidden, range: [-0.5, m.mosaicWidth - 0.5], constrain: "domain" },
    yaxis: {
      ...hidden,
      range: [m.mosaicHeight - 0.5, -0.5],
      scaleanchor: "x",
      constrain: "domain",
    },
    annotations,
    shapes,
  };
}
