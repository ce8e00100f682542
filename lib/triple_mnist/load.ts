/**
 * `loadTripleMnist()`: the data set of the active profile, generated into `data/triple_mnist/`
 * when missing (or too small), read through the cache otherwise.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { activeProfile, byProfile, type ProfileName } from "../config/mod.ts";
import { loadMnist } from "../data/mod.ts";
import { dataDir } from "../paths/mod.ts";
import { sweepStaleTemps } from "../results/mod.ts";
import { writeCachedSplits } from "./cache.ts";
import { TRIPLE_MNIST_SPLITS, type TripleMnistSplitName } from "./class_split.ts";
import { scanSplitFolder } from "./folder.ts";
import { GENERATOR_INFO_FILE, writeTripleMnistFolder } from "./write.ts";
import { type DigitImages, generateTripleMnist, TRIPLE_MNIST_SEED } from "./generate.ts";
import { activeDigitPool, type DigitPool, splitDigitSets } from "./pools.ts";
import { CACHE_DIR_NAME, readTripleMnistFolder } from "./read.ts";
import { firstPerClass, type TripleMnistSplit } from "./split_set.ts";

/** Images per class in each profile: `full` is the assignment's copy (100). */
export const IMAGES_PER_CLASS_BY_PROFILE: Readonly<Record<ProfileName, number>> = Object.freeze({
  quick: 4,
  standard: 40,
  full: 100,
});

/**
 * The number of images per class for a profile, overridden by the environment variable
 * `TRIPLE_MNIST_IMAGES_PER_CLASS` (e.g. `1000`, upstream's size).
 *
 * @param profile the profile
 * @returns a positive integer
 * @throws {RangeError} when `TRIPLE_MNIST_IMAGES_PER_CLASS` is not a positive integer
 *
 * @example
 * ```ts
 * import { tripleMnistImagesPerClass } from "./load.ts";
 * tripleMnistImagesPerClass("full"); // 100, unless TRIPLE_MNIST_IMAGES_PER_CLASS is set
 * ```
 */
export function tripleMnistImagesPerClass(profile: ProfileName = activeProfile()): number {
  let raw: string | undefined;
  try {
    raw = Deno.env.get("TRIPLE_MNIST_IMAGES_PER_CLASS");
  } catch {
    raw = undefined;
  }
  if (raw !== undefined && raw.trim() !== "") {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(
        `Cannot use TRIPLE_MNIST_IMAGES_PER_CLASS '${raw}' as it must be a positive integer, e.g. 1000`,
      );
    }
    return n;
  }
  return byProfile(IMAGES_PER_CLASS_BY_PROFILE, profile);
}

/** What a generated folder records in `generator.json`. */
export interface GeneratorInfo {
  /** always `"triple_mnist"` */
  generator: string;
  /** the generator seed */
  seed: number;
  /** images per class */
  imagesPerClass: number;
  /** the number of MNIST images the digits were drawn from (train, test) */
  mnist: { train: number; test: number };
  /**
   * which digits each split was drawn from (`pools.ts`); absent in folders generated before the
   * pools existed, which drew from upstream's shared pool
   */
  pool?: DigitPool;
  /** ISO time of generation */
  createdAt: string;
}

/** Options of {@linkcode loadTripleMnist}. */
export interface LoadTripleMnistOptions {
  /**
   * the data set folder; may hold the real Triple-MNIST download, which is read as it is
   * @default `<dataDir()>/triple_mnist`
   */
  dir?: string;
  /**
   * images per class to return (the first ones of each class)
   * @default {@linkcode tripleMnistImagesPerClass} of the active profile
   */
  imagesPerClass?: number;
  /**
   * the generator seed, when the set is generated
   * @default {TRIPLE_MNIST_SEED} (123, as upstream)
   */
  seed?: number;
  /**
   * which digits each split is drawn from when generating: `disjoint` keeps test handwriting out
   * of training pictures, `shared` is upstream's one pool. A folder generated with the other mode
   * is generated again, never reused; a downloaded copy is read as it is (and is `shared`)
   * @default {@linkcode activeDigitPool} (`TRIPLE_MNIST_POOL`, else `disjoint`)
   */
  pool?: DigitPool;
  /**
   * the MNIST digits to draw from when generating
   * @default `loadMnist()` of `lib/data` (train + test)
   */
  mnist?: () => Promise<{ train: DigitImages; test: DigitImages }>;
  /**
   * receives one line per step (generated, read from cache, decoded)
   * @default console.log
   */
  log?: (line: string) => void;
}

/** A loaded Triple-MNIST data set. */
export interface TripleMnist {
  /** 640 classes */
  train: TripleMnistSplit;
  /** 160 classes */
  val: TripleMnistSplit;
  /** 200 classes */
  test: TripleMnistSplit;
  /** the folder it lives in */
  dir: string;
  /** the images per class returned (at most; a download may hold fewer) */
  imagesPerClass: number;
  /** `generated` when made by this project (now or before), `folder` for a downloaded folder */
  origin: "generated" | "folder";
  /**
   * which digits the splits were drawn from: `disjoint` (test handwriting never in training
   * pictures) or `shared` (upstream's one pool, and every downloaded copy)
   */
  pool: DigitPool;
  /** whether this call generated the PNG files */
  generatedNow: boolean;
  /** the splits that came from the decoded cache */
  fromCache: TripleMnistSplitName[];
  /** seconds this call took */
  seconds: number;
}

/** The folder's generator record; `undefined` when there is none, `null` when it is damaged. */
function readInfo(dir: string): GeneratorInfo | null | undefined {
  let info: GeneratorInfo;
  try {
    info = JSON.parse(Deno.readTextFileSync(join(dir, GENERATOR_INFO_FILE)));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof SyntaxError) return null; // a damaged record: generate again
    throw e;
  }
  const valid = info !== null && typeof info === "object" && Number.isInteger(info.seed) &&
    Number.isInteger(info.imagesPerClass) && info.imagesPerClass > 0;
  return valid ? info : null;
}

/**
 * Whether an error from reading a folder says the folder is not as its layout requires (as
 * opposed to, e.g., a permission problem): a generated folder in that state is made again.
 */
function isLayoutError(e: unknown): e is Error {
  return e instanceof SyntaxError || e instanceof RangeError || e instanceof TypeError ||
    e instanceof Deno.errors.NotFound;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Loads Triple-MNIST: generates it into `dir` when it is missing (or was generated here with
 * another seed or fewer images per class), then reads it through the decoded cache, and returns
 * the first `imagesPerClass` images of every class.
 *
 * Every read checks the folder: each class in its own split, every class present, each holding
 * the same number of images (the number `generator.json` records, for a generated folder), every
 * decoded image an 84×84 grey PNG. A folder generated here that fails a check is generated again
 * (the log says why); a folder that was not generated here (the real download) is never
 * overwritten: it fails with a message naming the file and what to do. Temp folders of a
 * generation that was killed are removed first.
 *
 * @param options folder, images per class, seed, MNIST source, logging
 * @returns the three splits and how they were obtained
 * @throws {SyntaxError}, {RangeError} or {TypeError} naming the file, when a downloaded folder
 *   breaks the layout
 * @throws {RangeError} when `imagesPerClass` is not a positive integer
 * @throws {Deno.errors.AlreadyExists} when `dir` holds other files and no Triple-MNIST
 * @throws {InterruptedError} when interrupted while writing (nothing is left behind)
 */
export async function loadTripleMnist(options: LoadTripleMnistOptions = {}): Promise<TripleMnist> {
  const t0 = performance.now();
  const dir = options.dir ?? join(dataDir(), "triple_mnist");
  const perClass = options.imagesPerClass ?? tripleMnistImagesPerClass();
  if (!Number.isInteger(perClass) || perClass <= 0) {
    throw new RangeError(
      `Cannot load ${perClass} Triple-MNIST images per class as it must be a positive integer`,
    );
  }
  const seed = options.seed ?? TRIPLE_MNIST_SEED;
  const pool = options.pool ?? activeDigitPool();
  const log = options.log ?? ((line: string) => console.log(line));
  for (const path of await sweepStaleTemps(dirname(dir), { target: basename(dir) })) {
    log(`Removed ${path}, left behind by an interrupted generation`);
  }
  const info = readInfo(dir);
  const foreign = info === undefined && exists(join(dir, "train"));
  // a folder made with the other pool is never reused silently: it is generated again
  const otherPool = info != null && (info.pool ?? "shared") !== pool;
  let usable = info != null && info.seed === seed && info.imagesPerClass >= perClass &&
    !otherPool;
  let read: Awaited<ReturnType<typeof readTripleMnistFolder>> | undefined;
  if (usable) {
    try {
      read = await readTripleMnistFolder(dir, { imagesPerClass: info!.imagesPerClass, warn: log });
    } catch (e) {
      if (!isLayoutError(e)) throw e;
      // ours, and changed since: make it again rather than train on a damaged set
      log(
        `Triple-MNIST in ${dir} is not as it was generated (${
          e.message.split(" — ")[0]
        }): generating it again`,
      );
      usable = false;
    }
  }
  if (info === undefined && !foreign && exists(dir) && [...Deno.readDirSync(dir)].length > 0) {
    throw new Deno.errors.AlreadyExists(
      `Cannot generate Triple-MNIST into '${dir}' as it holds other files and no train/ folder — ` +
        `move them away, or pass another folder as 'dir'`,
    );
  }
  let generatedNow = false;
  if (!foreign && !usable) {
    const mnist = await (options.mnist ?? loadMnist)();
    const tGen = performance.now();
    if (otherPool) {
      log(
        `Triple-MNIST in ${dir} was drawn from the ${
          info!.pool ?? "shared"
        } pool: generating it again (${pool})`,
      );
    }
    const splits = generateTripleMnist(splitDigitSets(mnist, pool), {
      imagesPerClass: perClass,
      seed,
    });
    const record: GeneratorInfo = {
      generator: "triple_mnist",
      seed,
      imagesPerClass: perClass,
      mnist: { train: mnist.train.count, test: mnist.test.count },
      pool,
      createdAt: new Date().toISOString(),
    };
    const files = await writeTripleMnistFolder(splits, dir, {
      info: record as unknown as Record<string, unknown>,
      // the decoded cache comes free with generation: no PNG is decoded on the next load
      beforeRename: async (temp) => {
        await writeCachedSplits(
          join(temp, CACHE_DIR_NAME),
          TRIPLE_MNIST_SPLITS.map((name) => ({
            split: splits[name]!,
            fingerprint: scanSplitFolder(temp, name).fingerprint,
          })),
        );
      },
    });
    generatedNow = true;
    log(
      `Generated Triple-MNIST in ${dir}: ${files} PNG files, ${perClass} per class, seed ${seed}, ` +
        `digits from ${mnist.train.count} + ${mnist.test.count} MNIST images, ${pool} pool ` +
        `(${((performance.now() - tGen) / 1000).toFixed(1)} s)`,
    );
  }
  read ??= await readTripleMnistFolder(dir, {
    imagesPerClass: generatedNow ? perClass : undefined,
    warn: log,
  });
  const splits = read.splits;
  const [train, val, test] = TRIPLE_MNIST_SPLITS.map((name) =>
    firstPerClass(splits[name]!, perClass)
  );
  const seconds = (performance.now() - t0) / 1000;
  if (!generatedNow) {
    const how = read.fromCache.length === 3
      ? "from its decoded cache"
      : read.fromCache.length === 0
      ? "decoding the PNG files (cached for next time)"
      : `from cache (${read.fromCache.join(", ")}) and PNG files`;
    log(
      `Loaded Triple-MNIST from ${dir} ${how}: ${train.count} / ${val.count} / ${test.count} ` +
        `images (${seconds.toFixed(1)} s)`,
    );
  }
  if (foreign) {
    log(
      `${dir} is a downloaded copy (no ${GENERATOR_INFO_FILE}): read as upstream's shared pool, ` +
        `so its test pictures may reuse training handwriting`,
    );
  }
  return {
    train,
    val,
    test,
    dir,
    imagesPerClass: perClass,
    origin: foreign ? "folder" : "generated",
    pool: foreign ? "shared" : pool,
    generatedNow,
    fromCache: read.fromCache,
    seconds,
  };
}
