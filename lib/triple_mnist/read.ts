/**
 * Reading a Triple-MNIST folder (generated here or downloaded from MultiDigitMNIST) through the
 * decoded-split cache.
 * @module
 */
import { join } from "node:path";
import { readCachedSplit, writeCachedSplits } from "./cache.ts";
import { TRIPLE_MNIST_SPLITS, type TripleMnistSplitName } from "./class_split.ts";
import { decodeSplitFolder, type FolderFingerprint, scanSplitFolder } from "./folder.ts";
import type { TripleMnistSplits } from "./generate.ts";
import type { TripleMnistSplit } from "./split_set.ts";

/** The cache folder inside a data set folder. */
export const CACHE_DIR_NAME = ".cache";

/** Options of {@linkcode readTripleMnistFolder}. */
export interface ReadTripleMnistFolderOptions {
  /**
   * the splits to read
   * @default all three
   */
  splits?: readonly TripleMnistSplitName[];
  /**
   * the cache folder; `null` reads without a cache
   * @default `<dir>/.cache`
   */
  cacheDir?: string | null;
  /**
   * the number of images every class must hold (e.g. from `generator.json`)
   * @default the number most classes hold
   */
  imagesPerClass?: number;
  /**
   * the classes each split read must hold, when not all of the split's (e.g. a synthetic export)
   * @default every class of the split
   */
  classes?: readonly string[];
  /**
   * receives a message when the cache is damaged (the split is then decoded from its PNG files)
   * @default console.warn
   */
  warn?: (message: string) => void;
}

/** What {@linkcode readTripleMnistFolder} read, and how. */
export interface ReadTripleMnistFolderResult {
  /** the splits read */
  splits: TripleMnistSplits;
  /** the splits that came from the cache (the others were decoded from PNG) */
  fromCache: TripleMnistSplitName[];
}

/**
 * Reads `<dir>/<split>/<ddd>/<k>_<ddd>.png`, validating the layout (every class in its own split,
 * every class present with the same number of images) and every image it decodes, and keeps
 * decoded splits in a binary cache that is rebuilt when a split folder changes (its file count,
 * sizes, modification times or names) or when the cache is damaged (its checksum).
 *
 * @param dir the data set folder
 * @param options the splits to read, the cache folder, the images each class must hold
 * @returns the splits, ordered by class then `k`, and which came from the cache
 * @throws {Deno.errors.NotFound} when a split folder is missing
 * @throws {SyntaxError} naming the entry, when a name breaks the layout or a PNG is unreadable
 * @throws {RangeError} naming the folder, when a class is in the wrong split or missing, or holds
 *   another number of images
 * @throws {TypeError} naming the file, when an image is not 84×84 8-bit grey
 */
export async function readTripleMnistFolder(
  dir: string,
  options: ReadTripleMnistFolderOptions = {},
): Promise<ReadTripleMnistFolderResult> {
  const cacheDir = options.cacheDir === undefined ? join(dir, CACHE_DIR_NAME) : options.cacheDir;
  const splits: TripleMnistSplits = {};
  const fromCache: TripleMnistSplitName[] = [];
  const decoded: { split: TripleMnistSplit; fingerprint: FolderFingerprint }[] = [];
  const warned = new Set<string>();
  for (const name of options.splits ?? TRIPLE_MNIST_SPLITS) {
    const scan = scanSplitFolder(dir, name, {
      imagesPerClass: options.imagesPerClass,
      classes: options.classes,
    });
    const cached = cacheDir === null ? {} : await readCachedSplit(cacheDir, name, scan.fingerprint);
    if (cached.problem && !warned.has(cached.problem)) {
      warned.add(cached.problem); // a damaged manifest is said once, not once per split
      (options.warn ?? console.warn)(cached.problem);
    }
    if (cached.split) {
      splits[name] = cached.split;
      fromCache.push(name);
    } else {
      const split = decodeSplitFolder(scan);
      splits[name] = split;
      decoded.push({ split, fingerprint: scan.fingerprint });
    }
  }
  if (cacheDir !== null) {
    try {
      await writeCachedSplits(cacheDir, decoded);
    } catch (e) {
      // a read-only download still loads, only slower next time
      console.warn(
        `Cannot write the Triple-MNIST cache '${cacheDir}': ${e instanceof Error ? e.message : e}` +
          ` — the folder will be decoded again next time`,
      );
    }
  }
  return { splits, fromCache };
}
