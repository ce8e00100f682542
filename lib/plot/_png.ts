/**
 * Internal: 8-bit greyscale PNGs as `data:` URLs, so that an image grid is a few kilobytes of
 * PNG in a figure spec instead of hundreds of kilobytes of heat-map numbers (in the notebook,
 * twice: Plotly's JSON and the HTML twin). Rows are written with PNG's "up" filter, which suits
 * grids of images, and deflated at level 9.
 * @module
 */
import { deflateSync, inflateSync } from "node:zlib";
import { Buffer } from "node:buffer";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * Encodes greyscale pixels as a PNG `data:` URL.
 *
 * @param width pixels per row
 * @param height rows
 * @param grey `width × height` grey levels, row-major (0 black … 255 white)
 * @returns `data:image/png;base64,…`
 */
export function greyPngDataUrl(width: number, height: number, grey: Uint8Array): string {
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    const o = y * (width + 1);
    raw[o] = y === 0 ? 0 : 2; // "none" for the first row, then "up"
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x];
      raw[o + 1 + x] = y === 0 ? v : (v - grey[(y - 1) * width + x]) & 0xff;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filters, no interlace
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw, { level: 9 }))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    png.set(p, at);
    at += p.length;
  }
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}

/**
 * Decodes a PNG written by {@linkcode greyPngDataUrl} (for tests): its size and grey levels.
 *
 * @param url the `data:` URL
 * @returns width, height and the grey levels, row-major
 * @throws {Error} when it is not such a PNG
 */
export function decodeGreyPng(url: string): { width: number; height: number; grey: Uint8Array } {
  const png = Uint8Array.from(
    atob(url.replace(/^data:image\/png;base64,/, "")),
    (c) => c.charCodeAt(0),
  );
  const view = new DataView(png.buffer);
  let at = 8;
  let width = 0, height = 0;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new Error(`Cannot decode the PNG as its ${type} chunk fails its CRC`);
    }
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (data[8] !== 8 || data[9] !== 0) {
        throw new Error("Cannot decode a PNG that is not 8-bit grey");
      }
    } else if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  const raw = new Uint8Array(inflateSync(new Uint8Array(idat.flatMap((d) => [...d]))));
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)];
    for (let x = 0; x < width; x++) {
      const v = raw[y * (width + 1) + 1 + x];
      grey[y * width + x] = filter === 2 && y > 0 ? (v + grey[(y - 1) * width + x]) & 0xff : v;
    }
  }
  return { width, height, grey };
}
