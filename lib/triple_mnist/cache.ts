/**
 * The decoded-split cache: one `<split>.bin` per split and a `manifest.json` that ties each to
 * the fingerprint of its PNG folder, so that a changed folder is decoded again.
 *
 * A `.bin` holds the images (`count × 7056` bytes), then `indexInClass` (`count` uint32), then
 * the labels (`count` uint16), all little-endian.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../results/mod.ts";
import type { TripleMnistSplitName } from "./class_split.ts";
import type { FolderFingerprint } from "./folder.ts";
import { TRIPLE_MNIST_HEIGHT, TRIPLE_MNIST_PIXELS, TRIPLE_MNIST_WIDTH } from "./split_set.ts";
import type { TripleMnistSplit } from "./split_set.ts";

/** The manifest's format version; a different version means the cache is rebuilt. */
export const CACHE_VERSION = 1;

/** One cached split in the manifest. */
export interface CacheEntry {
  /** the `.bin` file, relative to the cache folder */
  file: string;
  /** images in the split */
  count: number;
  /** the `.bin` file's size */
  bytes: number;
  /** the fingerprint of the PNG folder the split was decoded from */
  fingerprint: FolderFingerprint;
}

/** `manifest.json` of a cache folder. */
export interface CacheManifest {
  /** {@linkcode CACHE_VERSION} */
  version: number;
  /** the cached splits */
  splits: Partial<Record<TripleMnistSplitName, CacheEntry>>;
}

const MANIFEST = "manifest.json";
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads the cache manifest.
 *
 * @param cacheDir the cache folder
 * @returns the manifest, or an empty one when it is missing, unreadable or of another version
 */
export function readCacheManifest(cacheDir: string): CacheManifest {
  try {
    const m = JSON.parse(Deno.readTextFileSync(join(cacheDir, MANIFEST))) as CacheManifest;
    if (m.version === CACHE_VERSION && m.splits && typeof m.splits === "object") return m;
  } catch {
    // missing or corrupt: rebuilt below
  }
  return { version: CACHE_VERSION, splits: {} };
}

function sameFingerprint(a: FolderFingerprint, b: FolderFingerprint): boolean {
  return a.files === b.files && a.bytes === b.bytes && a.mtimeSum === b.mtimeSum &&
    a.namesHash === b.namesHash;
}

/**
 * Reads one split from the cache when its entry matches `fingerprint`.
 *
 * @param cacheDir the cache folder
 * @param name the split
 * @param fingerprint the current fingerprint of the split's PNG folder
 * @returns the split, or `undefined` when the cache is missing, stale or damaged
 */
export function readCachedSplit(
  cacheDir: string,
  name: TripleMnistSplitName,
  fingerprint: FolderFingerprint,
): TripleMnistSplit | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  const entry = readCacheManifest(cacheDir).splits[name];
  if (!entry || !sameFingerprint(entry.fingerprint, fingerprint)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(join(cacheDir, entry.file));
  } catch {
    return undefined;
  }
  const count = entry.count;
  if (bytes.byteLength !== entry.bytes || bytes.byteLength !== count * (TRIPLE_MNIST_PIXELS + 6)) {
    return undefined;
  }
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const buf = bytes.buffer as ArrayBuffer;
  const at = bytes.byteOffset;
  return {
    name,
    images: new Uint8Array(buf, at, count * TRIPLE_MNIST_PIXELS),
    indexInClass: new Uint32Array(buf, at + count * TRIPLE_MNIST_PIXELS, count),
    labels: new Uint16Array(buf, at + count * (TRIPLE_MNIST_PIXELS + 4), count),
    count,
    height: TRIPLE_MNIST_HEIGHT,
    width: TRIPLE_MNIST_WIDTH,
  };
}

/**
 * Writes splits to the cache (each `.bin` atomically, then the manifest).
 *
 * @param cacheDir the cache folder (created when missing)
 * @param entries the splits and the fingerprints of the folders they were decoded from
 */
export async function writeCachedSplits(
  cacheDir: string,
  entries: readonly { split: TripleMnistSplit; fingerprint: FolderFingerprint }[],
): Promise<void> {
  if (!LITTLE_ENDIAN || entries.length === 0) return;
  const manifest = readCacheManifest(cacheDir);
  for (const { split, fingerprint } of entries) {
    const count = split.count;
    const bytes = new Uint8Array(count * (TRIPLE_MNIST_PIXELS + 6));
    bytes.set(split.images.subarray(0, count * TRIPLE_MNIST_PIXELS), 0);
    new Uint32Array(bytes.buffer, count * TRIPLE_MNIST_PIXELS, count).set(split.indexInClass);
    new Uint16Array(bytes.buffer, count * (TRIPLE_MNIST_PIXELS + 4), count).set(split.labels);
    const file = `${split.name}.bin`;
    await writeFileAtomic(join(cacheDir, file), bytes);
    manifest.splits[split.name] = { file, count, bytes: bytes.byteLength, fingerprint };
  }
  await writeJsonAtomic(join(cacheDir, MANIFEST), manifest);
}
