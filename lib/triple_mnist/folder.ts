/**
 * The upstream folder layout `<dir>/<split>/<ddd>/<k>_<ddd>.png`: scanning and validating it,
 * and decoding it. Writing it is `write.ts`'s.
 * @module
 */
import { dirname, join } from "node:path";
import {
  classLabel,
  classSplit,
  TRIPLE_MNIST_SPLITS,
  type TripleMnistSplitName,
} from "./class_split.ts";
import { decodeGreyPng } from "./png.ts";
import {
  TRIPLE_MNIST_HEIGHT,
  TRIPLE_MNIST_PIXELS,
  TRIPLE_MNIST_WIDTH,
  type TripleMnistSplit,
} from "./split_set.ts";

/** What identifies the contents of a split folder without reading its images. */
export interface FolderFingerprint {
  /** the number of image files */
  files: number;
  /** their total size in bytes */
  bytes: number;
  /** the sum of their modification times (ms) */
  mtimeSum: number;
  /** a hash of their relative paths */
  namesHash: number;
}

/** One image file of a split folder. */
export interface ImageFile {
  /** path relative to the split folder: `<ddd>/<k>_<ddd>.png` */
  path: string;
  /** int(ddd) */
  label: number;
  /** `k` */
  index: number;
}

/** A scanned split folder: its files in order (by class, then `k`) and its fingerprint. */
export interface SplitScan {
  /** the split */
  name: TripleMnistSplitName;
  /** the split folder */
  dir: string;
  /** the image files, ordered by class then `k` */
  files: ImageFile[];
  /** identifies the folder's contents */
  fingerprint: FolderFingerprint;
}

const FILE_PATTERN = /^([0-9]+)_([0-9]{3})\.png$/;

function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Options of {@linkcode scanSplitFolder}. */
export interface ScanSplitFolderOptions {
  /**
   * the number of images every class must hold (e.g. from `generator.json`)
   * @default the number most classes of the split hold
   */
  imagesPerClass?: number;
  /**
   * the classes the folder must hold, all of this split (e.g. a synthetic export of a few)
   * @default every class of the split
   */
  classes?: readonly string[];
}

/** What to do about a folder that breaks the layout (it was not generated here, or is read as is). */
function restoreAdvice(root: string): string {
  return `restore it from the download, or delete '${root}' to have Triple-MNIST generated there`;
}

/**
 * Lists and validates one split folder: class folders named by three digits, each a class of
 * this split (the splits share no number: the reference class split), every class of the split
 * present, each holding the same number of images `<k>_<ddd>.png` with `k` = 0, 1, …, n − 1 and
 * `ddd` the folder's name. Hidden entries (starting with `.`) are ignored.
 *
 * @param root the data set folder (holding `train/`, `val/`, `test/`)
 * @param name the split to scan
 * @param options the number of images each class must hold
 * @returns the files and the fingerprint
 * @throws {Deno.errors.NotFound} when the split folder does not exist
 * @throws {SyntaxError} naming the entry, when a folder or file name breaks the layout
 * @throws {RangeError} naming the folder, when a class belongs to another split, a class is
 *   missing, or a class holds another number of images than the others
 */
export function scanSplitFolder(
  root: string,
  name: TripleMnistSplitName,
  options: ScanSplitFolderOptions = {},
): SplitScan {
  const dir = join(root, name);
  let stat: Deno.FileInfo;
  try {
    stat = Deno.statSync(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read Triple-MNIST split folder '${dir}' as it does not exist — ` +
          `the folder must hold train/, val/ and test/; ${restoreAdvice(root)}`,
      );
    }
    throw e;
  }
  if (!stat.isDirectory) {
    throw new SyntaxError(
      `Cannot read Triple-MNIST split folder '${dir}' as a folder: it is a file — ${
        restoreAdvice(root)
      }`,
    );
  }
  const split = classSplit();
  const own = new Set(split[name]);
  const wanted = options.classes ?? split[name];
  const classes: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.name.startsWith(".")) continue;
    if (!entry.isDirectory || !/^[0-9]{3}$/.test(entry.name)) {
      throw new SyntaxError(
        `Cannot read '${join(dir, entry.name)}' as a Triple-MNIST class folder: ` +
          `its name must be three digits (e.g. '042') and it must be a folder — remove it`,
      );
    }
    if (!own.has(entry.name)) {
      const home = TRIPLE_MNIST_SPLITS.find((s) => split[s].includes(entry.name));
      throw new RangeError(
        `Cannot read Triple-MNIST class folder '${join(dir, entry.name)}' as class ${entry.name} ` +
          `must be in ${home}/ (the splits share no number): found it in ${name}/ — ` +
          `move it back to '${join(root, home!)}', or ${restoreAdvice(root)}`,
      );
    }
    classes.push(entry.name);
  }
  const present = new Set(classes);
  const missing = wanted.filter((c) => !present.has(c));
  const extra = classes.filter((c) => !wanted.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    const list = (cs: string[]) =>
      `${cs.slice(0, 5).join(", ")}${cs.length > 5 ? ` and ${cs.length - 5} more` : ""}`;
    throw new RangeError(
      `Cannot read Triple-MNIST split folder '${dir}' as it must hold ${
        options.classes ? "the" : "its"
      } ${wanted.length} classes: found ${classes.length}${
        missing.length ? `, missing ${list(missing)}` : ""
      }${extra.length ? `, and ${list(extra)} besides` : ""} — ${restoreAdvice(root)}`,
    );
  }
  classes.sort();
  const byClass: ImageFile[][] = [];
  for (const cls of classes) {
    const label = classLabel(cls);
    const inClass: ImageFile[] = [];
    for (const entry of Deno.readDirSync(join(dir, cls))) {
      if (entry.name.startsWith(".")) continue;
      const m = FILE_PATTERN.exec(entry.name);
      if (!entry.isFile || !m || m[2] !== cls) {
        throw new SyntaxError(
          `Cannot read '${join(dir, cls, entry.name)}' as a Triple-MNIST image: ` +
            `files in folder '${cls}' must be named '<k>_${cls}.png' — rename or remove it`,
        );
      }
      inClass.push({ path: `${cls}/${entry.name}`, label, index: Number(m[1]) });
    }
    inClass.sort((a, b) => a.index - b.index);
    byClass.push(inClass);
  }
  const expected = options.imagesPerClass ?? mostCommon(byClass.map((c) => c.length));
  byClass.forEach((inClass, i) => {
    const classDir = join(dir, classes[i]);
    if (inClass.length !== expected) {
      throw new RangeError(
        `Cannot read Triple-MNIST class folder '${classDir}' as every class must hold ${expected} ` +
          `image${expected === 1 ? "" : "s"}: found ${inClass.length}${
            inClass.length < expected ? `, missing ${missingIndex(inClass, classes[i])}` : ""
          } — ${restoreAdvice(root)}`,
      );
    }
    const gap = inClass.findIndex((f, k) => f.index !== k);
    if (gap >= 0) {
      throw new RangeError(
        `Cannot read Triple-MNIST class folder '${classDir}' as its images must be numbered 0 to ` +
          `${expected - 1}: found '${inClass[gap].path}' instead of '${gap}_${classes[i]}.png' — ` +
          restoreAdvice(root),
      );
    }
  });
  const files: ImageFile[] = [];
  const fingerprint: FolderFingerprint = { files: 0, bytes: 0, mtimeSum: 0, namesHash: 0x811c9dc5 };
  for (const f of byClass.flat()) {
    const info = Deno.statSync(join(dir, f.path));
    fingerprint.files++;
    fingerprint.bytes += info.size;
    fingerprint.mtimeSum += info.mtime?.getTime() ?? 0;
    fingerprint.namesHash = fnv1a(fingerprint.namesHash, f.path);
    files.push(f);
  }
  return { name, dir, files, fingerprint };
}

/** The most frequent value (the smallest on a tie); 0 for none. */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
  }
  return best;
}

/** The first image name missing from a class's files numbered from 0. */
function missingIndex(inClass: ImageFile[], cls: string): string {
  let k = 0;
  while (k < inClass.length && inClass[k].index === k) k++;
  return `${k}_${cls}.png`;
}

/**
 * Decodes every image of a scanned split folder, checking that each is an 84×84 8-bit grey PNG.
 *
 * @param scan the result of {@linkcode scanSplitFolder}
 * @returns the split in memory
 * @throws {TypeError} naming the file, when an image is not 84×84 or not 8-bit grey
 * @throws {SyntaxError} naming the file, when a file is not a readable PNG
 */
export function decodeSplitFolder(scan: SplitScan): TripleMnistSplit {
  const count = scan.files.length;
  const images = new Uint8Array(count * TRIPLE_MNIST_PIXELS);
  const labels = new Uint16Array(count);
  const indexInClass = new Uint32Array(count);
  const root = dirname(scan.dir);
  scan.files.forEach((f, i) => {
    const path = join(scan.dir, f.path);
    let image;
    try {
      image = decodeGreyPng(Deno.readFileSync(path), path);
    } catch (e) {
      if (e instanceof SyntaxError) throw new SyntaxError(`${e.message} — ${restoreAdvice(root)}`);
      if (e instanceof TypeError) throw new TypeError(`${e.message} — ${restoreAdvice(root)}`);
      throw e;
    }
    if (image.width !== TRIPLE_MNIST_WIDTH || image.height !== TRIPLE_MNIST_HEIGHT) {
      throw new TypeError(
        `Cannot read Triple-MNIST image '${path}' as it must be 84×84: found ${image.width}×${image.height} — ${
          restoreAdvice(root)
        }`,
      );
    }
    images.set(image.pixels, i * TRIPLE_MNIST_PIXELS);
    labels[i] = f.label;
    indexInClass[i] = f.index;
  });
  return {
    name: scan.name,
    images,
    labels,
    indexInClass,
    count,
    height: TRIPLE_MNIST_HEIGHT,
    width: TRIPLE_MNIST_WIDTH,
  };
}
