/**
 * The decoded-split cache: one `<split>.bin` per split and a `manifest.json` that ties each to
 * the fingerprint of its PNG folder, so that a changed folder is decoded again.
 *
 * A `.bin` holds the images (`count × 7056` bytes), then `indexInClass` (`count` uint32), then
 * the labels (`count` uint16), all little-endian. The manifest records each file's SHA-256, so
 * that a damaged file (even one of the right length) is noticed, reported, and decoded again.
 * @module
 */
import { join } from "node:path";
import { sha256Hex } from "../data/sources.ts";
import { writeFileAtomic, writeJsonAtomic } from "../results/mod.ts";
import type { TripleMnistSplitName } from "./class_split.ts";
import type { FolderFingerprint } from "./folder.ts";
import { TRIPLE_MNIST_HEIGHT, TRIPLE_MNIST_PIXELS, TRIPLE_MNIST_WIDTH } from "./split_set.ts";
import type { TripleMnistSplit } from "./split_set.ts";

/** The manifest's format version; a different version means the cache is rebuilt. */
export const CACHE_VERSION = 2;

/** One cached split in the manifest. */
export interface CacheEntry {
  /** the `.bin` file, relative to the cache folder: `<split>.bin` */
  file: string;
  /** images in the split */
  count: number;
  /** the `.bin` file's size */
  bytes: number;
  /** the SHA-256 of the `.bin` file, checked on every read */
  sha256: string;
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

/** What {@linkcode readCachedSplit} found. */
export type CachedSplit =
  /** the split, checked against its checksum */
  | { split: TripleMnistSplit; problem?: undefined }
  /** no usable entry: none, stale, or (with `problem`) damaged, explained for the user */
  | { split?: undefined; problem?: string };

function emptyManifest(): CacheManifest {
  return { version: CACHE_VERSION, splits: {} };
}

/**
 * Reads the cache manifest, and says what is wrong with it when it cannot be used.
 *
 * @param cacheDir the cache folder
 * @returns the manifest (empty when missing, damaged or of another version) and the problem
 */
function loadManifest(cacheDir: string): { manifest: CacheManifest; problem?: string } {
  const path = join(cacheDir, MANIFEST);
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return { manifest: emptyManifest() }; // no cache yet
  }
  let m: CacheManifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    return {
      manifest: emptyManifest(),
      problem: `Cannot read the Triple-MNIST cache manifest '${path}' as JSON: ${
        (e as Error).message
      } — the splits are decoded from their PNG files again and the cache rebuilt`,
    };
  }
  if (m?.version !== CACHE_VERSION || !m.splits || typeof m.splits !== "object") {
    return { manifest: emptyManifest() }; // another version: rebuilt quietly
  }
  return { manifest: m };
}

/**
 * Reads the cache manifest.
 *
 * @param cacheDir the cache folder
 * @returns the manifest, or an empty one when it is missing, unreadable or of another version
 */
export function readCacheManifest(cacheDir: string): CacheManifest {
  return loadManifest(cacheDir).manifest;
}

function sameFingerprint(a: FolderFingerprint, b: FolderFingerprint): boolean {
  return a.files === b.files && a.bytes === b.bytes && a.mtimeSum === b.mtimeSum &&
    a.namesHash === b.namesHash;
}

/** What is wrong with a manifest entry's fields, if anything. */
function entryProblem(entry: CacheEntry, name: TripleMnistSplitName): string | undefined {
  if (entry === null || typeof entry !== "object") return `it must be an object: found ${entry}`;
  const f = entry.fingerprint;
  if (
    f === null || typeof f !== "object" ||
    ![f.files, f.bytes, f.mtimeSum, f.namesHash].every((v) => typeof v === "number")
  ) {
    return `it must have a fingerprint (files, bytes, mtimeSum, namesHash): found ${
      JSON.stringify(f) ?? "none"
    }`;
  }
  if (entry.file !== `${name}.bin`) {
    return `its file must be '${name}.bin': found ${JSON.stringify(entry.file)}`;
  }
  if (!Number.isSafeInteger(entry.count) || entry.count < 0) {
    return `its count must be a whole number: found ${JSON.stringify(entry.count)}`;
  }
  if (entry.bytes !== entry.count * (TRIPLE_MNIST_PIXELS + 6)) {
    return `its size must be ${entry.count * (TRIPLE_MNIST_PIXELS + 6)} bytes for ${entry.count} ` +
      `images: found ${JSON.stringify(entry.bytes)}`;
  }
  if (typeof entry.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
    return `it must have a SHA-256 of its file: found ${JSON.stringify(entry.sha256) ?? "none"}`;
  }
  return undefined;
}

/**
 * Reads one split from the cache when its entry matches `fingerprint`, checking the file's
 * SHA-256 against the manifest.
 *
 * @param cacheDir the cache folder
 * @param name the split
 * @param fingerprint the current fingerprint of the split's PNG folder
 * @returns the split; or no split, with a `problem` for the user when the cache is damaged (a
 *   malformed manifest or entry, a file of the wrong size or checksum); or neither when there is
 *   no entry or the folder changed since
 */
export async function readCachedSplit(
  cacheDir: string,
  name: TripleMnistSplitName,
  fingerprint: FolderFingerprint,
): Promise<CachedSplit> {
  if (!LITTLE_ENDIAN) return {};
  const { manifest, problem } = loadManifest(cacheDir);
  if (problem) return { problem };
  const entry = manifest.splits[name];
  if (entry === undefined) return {};
  const manifestPath = join(cacheDir, MANIFEST);
  const bad = entryProblem(entry, name);
  if (bad) {
    return {
      problem:
        `Cannot use the '${name}' entry of the Triple-MNIST cache manifest '${manifestPath}' ` +
        `as ${bad} — the split is decoded from its PNG files again and the cache rebuilt`,
    };
  }
  if (!sameFingerprint(entry.fingerprint, fingerprint)) return {}; // the folder changed: stale
  const path = join(cacheDir, entry.file);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    return {
      problem: `Cannot read the Triple-MNIST cache file '${path}' that '${manifestPath}' lists: ${
        (e as Error).message
      } — the split is decoded from its PNG files again and the cache rebuilt`,
    };
  }
  const count = entry.count;
  const actual = bytes.byteLength === entry.bytes ? await sha256Hex(bytes) : undefined;
  if (actual !== entry.sha256) {
    return {
      problem: `Cannot use the Triple-MNIST cache file '${path}' as it must ${
        actual === undefined
          ? `be ${entry.bytes} bytes long: found ${bytes.byteLength}`
          : `have the SHA-256 ${entry.sha256} that '${manifestPath}' lists: found ${actual}`
      } — the file is damaged; the split is decoded from its PNG files again and the cache rebuilt`,
    };
  }
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const buf = bytes.buffer as ArrayBuffer;
  const at = bytes.byteOffset;
  return {
    split: {
      name,
      images: new Uint8Array(buf, at, count * TRIPLE_MNIST_PIXELS),
      indexInClass: new Uint32Array(buf, at + count * TRIPLE_MNIST_PIXELS, count),
      labels: new Uint16Array(buf, at + count * (TRIPLE_MNIST_PIXELS + 4), count),
      count,
      height: TRIPLE_MNIST_HEIGHT,
      width: TRIPLE_MNIST_WIDTH,
    },
  };
}

/**
 * Writes splits to the cache (each `.bin` atomically, with its SHA-256, then the manifest).
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
  for (const [name, entry] of Object.entries(manifest.splits)) {
    if (entryProblem(entry, name as TripleMnistSplitName)) {
      delete manifest.splits[name as TripleMnistSplitName];
    }
  }
  for (const { split, fingerprint } of entries) {
    const count = split.count;
    const bytes = new Uint8Array(count * (TRIPLE_MNIST_PIXELS + 6));
    bytes.set(split.images.subarray(0, count * TRIPLE_MNIST_PIXELS), 0);
    new Uint32Array(bytes.buffer, count * TRIPLE_MNIST_PIXELS, count).set(split.indexInClass);
    new Uint16Array(bytes.buffer, count * (TRIPLE_MNIST_PIXELS + 4), count).set(split.labels);
    const file = `${split.name}.bin`;
    await writeFileAtomic(join(cacheDir, file), bytes);
    manifest.splits[split.name] = {
      file,
      count,
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      fingerprint,
    };
  }
  await writeJsonAtomic(join(cacheDir, MANIFEST), manifest);
}
