/**
 * 8-bit grey PNG encoding and decoding with `pngjs`, for the Triple-MNIST folder layout.
 * @module
 */
import { Buffer } from "node:buffer";
import pngjs from "pngjs";

/** What `pngjs`'s synchronous reader returns (the fields used here). */
interface PngMetadata {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: boolean;
  /** RGBA, 4 bytes per pixel */
  data: Uint8Array;
}

interface PngSync {
  read(buffer: Uint8Array, options?: Record<string, unknown>): PngMetadata;
  write(png: { width: number; height: number; data: Uint8Array }, options?: unknown): Uint8Array;
}

const PNG_SYNC: PngSync = (pngjs as unknown as { PNG: { sync: PngSync } }).PNG.sync;

/** PNG colour type of a grey image without alpha. */
const COLOR_TYPE_GREY = 0;
/**
 * PNG filter "none" with zlib's default level and strategy: on Triple-MNIST (mostly black, sharp
 * strokes) it gives smaller files than Paeth or pngjs's default (try all filters, level 9, RLE)
 * at about half the time.
 */
const FILTER_NONE = 0;
const DEFLATE_LEVEL = 6;
const DEFLATE_STRATEGY_DEFAULT = 0;
const COLOR_TYPE_NAMES: Record<number, string> = {
  0: "grey",
  2: "RGB",
  3: "palette",
  4: "grey with alpha",
  6: "RGBA",
};

/**
 * Encodes grey pixels as an 8-bit grey PNG.
 *
 * @param pixels `height × width` grey values, row-major
 * @param width image width
 * @param height image height
 * @returns the PNG file's bytes
 * @throws {RangeError} when `pixels` does not hold `width × height` values
 *
 * @example
 * ```ts
 * import { decodeGreyPng, encodeGreyPng } from "./png.ts";
 * const png = encodeGreyPng(new Uint8Array([0, 255, 128, 7]), 2, 2);
 * decodeGreyPng(png, "tiny.png").pixels; // Uint8Array [0, 255, 128, 7]
 * ```
 */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  if (pixels.length !== width * height) {
    throw new RangeError(
      `Cannot encode a ${width}×${height} PNG from ${pixels.length} pixels as it needs ${
        width * height
      }`,
    );
  }
  const bytes = PNG_SYNC.write({ width, height, data: pixels }, {
    colorType: COLOR_TYPE_GREY,
    inputColorType: COLOR_TYPE_GREY,
    inputHasAlpha: false,
    bitDepth: 8,
    filterType: FILTER_NONE,
    deflateLevel: DEFLATE_LEVEL,
    deflateStrategy: DEFLATE_STRATEGY_DEFAULT,
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A decoded grey PNG. */
export interface GreyImage {
  /** image width */
  width: number;
  /** image height */
  height: number;
  /** `height × width` grey values */
  pixels: Uint8Array;
}

/**
 * Decodes an 8-bit grey PNG (colour type 0, bit depth 8).
 *
 * @param bytes the PNG file's bytes
 * @param name the file's name, for error messages
 * @returns the size and the grey pixels
 * @throws {SyntaxError} when the bytes are not a readable PNG
 * @throws {TypeError} when the PNG is not 8-bit grey
 */
export function decodeGreyPng(bytes: Uint8Array, name: string): GreyImage {
  let meta: PngMetadata;
  try {
    // pngjs reads through Buffer methods: view the bytes as a Buffer without copying
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    meta = PNG_SYNC.read(buffer, { skipRescale: true });
  } catch (e) {
    throw new SyntaxError(
      `Cannot read PNG '${name}' as a PNG file: ${e instanceof Error ? e.message : e}`,
    );
  }
  if (meta.colorType !== COLOR_TYPE_GREY || meta.depth !== 8) {
    const kind = COLOR_TYPE_NAMES[meta.colorType] ?? `colour type ${meta.colorType}`;
    throw new TypeError(
      `Cannot read PNG '${name}' as an 8-bit grey image: it is ${meta.depth}-bit ${kind} — ` +
        `Triple-MNIST images are 8-bit grey`,
    );
  }
  const n = meta.width * meta.height;
  const pixels = new Uint8Array(n);
  const rgba = meta.data;
  for (let i = 0; i < n; i++) pixels[i] = rgba[4 * i];
  return { width: meta.width, height: meta.height, pixels };
}
