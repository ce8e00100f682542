/**
 * Reading IDX files, the format of MNIST and Fashion-MNIST (raw or gzip-compressed).
 *
 * An IDX file is a big-endian header — two zero bytes, a type byte (`0x08` = unsigned bytes), the
 * number of dimensions, then one 32-bit size per dimension — followed by the data. The images
 * files have the magic number 2051 (`0x00000803`: bytes, three dimensions), the label files 2049
 * (`0x00000801`: bytes, one dimension).
 * @module
 */
import { gunzipSync } from "node:zlib";
import { basename } from "node:path";

/** The magic number of an IDX images file: unsigned bytes, three dimensions (count, rows, columns). */
export const IDX_IMAGES_MAGIC = 2051;
/** The magic number of an IDX labels file: unsigned bytes, one dimension (count). */
export const IDX_LABELS_MAGIC = 2049;
/** The IDX type byte for unsigned 8-bit data, the only type these data sets use. */
export const IDX_TYPE_UBYTE = 0x08;

/** The contents of an IDX file. */
export interface IdxArray {
  /** the size of each dimension, from the header, e.g. `[60000, 28, 28]` */
  dims: number[];
  /** the values, row-major; `data.length` is the product of `dims` */
  data: Uint8Array;
}

/**
 * Whether `bytes` start with the gzip magic bytes `1f 8b`.
 *
 * @param bytes the file's bytes
 * @returns true when the bytes look gzip-compressed
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function fail(name: string, expected: string, found: string, todo: string): SyntaxError {
  return new SyntaxError(`Cannot read IDX file '${name}' as ${expected}: ${found} — ${todo}`);
}

const REFETCH = "delete the file and fetch it again";

/**
 * Parses an IDX images (2051) or labels (2049) file, gunzipping it first when it is compressed.
 *
 * The counts come from the header: the MNIST mirror's 10,000 training images parse as well as the
 * official 60,000.
 *
 * @param bytes the file's bytes, raw or gzip
 * @param name the file's name, used in error messages
 * @returns the dimensions and the data (a view into the decompressed bytes)
 * @throws {SyntaxError} when the gzip stream is corrupt or cut short, the magic number is not
 *   2051 or 2049, the header is cut short, or the data is shorter or longer than the header says
 *
 * @example
 * ```ts
 * import { readIdx } from "./idx.ts";
 * // a labels file with three labels: 7, 2, 1
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]);
 * const { dims, data } = readIdx(bytes, "labels.idx");
 * // dims: [3], data: Uint8Array [7, 2, 1]
 * ```
 */
export function readIdx(bytes: Uint8Array, name: string): IdxArray {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = new Uint8Array(gunzipSync(bytes));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw fail(name, "gzip data", `the gzip stream is corrupt or cut short (${why})`, REFETCH);
    }
  }
  if (raw.length < 4) {
    throw fail(
      name,
      "it must start with a 4-byte magic number",
      `the file holds only ${raw.length} bytes`,
      REFETCH,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    throw fail(
      name,
      `its magic number must be ${IDX_IMAGES_MAGIC} or ${IDX_LABELS_MAGIC}`,
      `current value is ${magic} (type byte 0x${raw[2].toString(16).padStart(2, "0")})`,
      "is it an MNIST-style IDX file? " + REFETCH,
    );
  }
  const ndims = raw[3];
  const headerLength = 4 + 4 * ndims;
  if (raw.length < headerLength) {
    throw fail(
      name,
      `its header must hold ${ndims} dimension sizes (${headerLength} bytes)`,
      `the file holds only ${raw.length} bytes (truncated)`,
      REFETCH,
    );
  }
  const dims: number[] = [];
  let expected = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    expected *= d;
  }
  const found = raw.length - headerLength;
  if (found < expected) {
    throw fail(
      name,
      `its header promises ${expected} data bytes (dimensions ${dims.join("×")})`,
      `found only ${found} (truncated)`,
      REFETCH,
    );
  }
  if (found > expected) {
    throw fail(
      name,
      `its header promises ${expected} data bytes (dimensions ${dims.join("×")})`,
      `found ${found}, ${found - expected} more than that`,
      REFETCH,
    );
  }
  return { dims, data: raw.subarray(headerLength) };
}

/**
 * Reads and parses an IDX file from disk (raw or gzip).
 *
 * @param path the file to read
 * @returns the dimensions and data
 * @throws {SyntaxError} as {@linkcode readIdx}, naming the file
 * @throws {Deno.errors.NotFound} when the file does not exist
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const bytes = await Deno.readFile(path);
  return readIdx(bytes, basename(path));
}

/**
 * Encodes `data` as an uncompressed IDX file (unsigned bytes): the inverse of {@linkcode readIdx},
 * used by tests and fixtures.
 *
 * @param dims the dimension sizes, e.g. `[count, 28, 28]` or `[count]`
 * @param data the values; its length must be the product of `dims`
 * @returns the file's bytes
 * @throws {RangeError} when `data.length` does not match `dims`
 *
 * @example
 * ```ts
 * import { encodeIdx, readIdx } from "./idx.ts";
 * const bytes = encodeIdx([2], new Uint8Array([3, 4]));
 * readIdx(bytes, "x").data; // Uint8Array [3, 4]
 * ```
 */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new RangeError(
      `Cannot encode IDX data as dimensions ${dims.join("×")} need ${expected} bytes: ` +
        `current length is ${data.length} — pass matching dims`,
    );
  }
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_TYPE_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
