/**
 * Where the MNIST and Fashion-MNIST files come from.
 *
 * A data set's four IDX files resolve from the first place that holds all four, valid:
 * 1. the cache `data/<name>/` ({@linkcode dataDir});
 * 2. a local mirror `<DIGITS_DATA_MIRROR>/<name>/` (relative paths are relative to the project root;
 *    CI sets `../shared/datasets`);
 * 3. a system install, e.g. `/usr/share/datasets/fashion-mnist/` from Debian's `dataset-fashion-mnist`;
 * 4. a download from the official mirrors into the cache, with SHA-256 checks.
 *
 * Every file is checked where it is read, before a place is chosen: its SHA-256 must be the
 * official file's or the one a `SHA256SUMS` file beside it lists (the MNIST mirror holds only the
 * first 10,000 training images, and says so in its `SHA256SUMS`), its IDX header must parse, and
 * the four files must belong together (as many labels as images, labels below the class count).
 * A place that fails is reported (a warning, naming the file, what was expected and what was
 * found) and the next place is tried. Downloads are checked against the official SHA-256, and
 * time out when the server does not answer or the body stalls. When nothing works, one error
 * lists every place tried and what to do.
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { dataDir, PROJECT_ROOT } from "../paths/mod.ts";
import { writeFileAtomic } from "../results/atomic.ts";
import { type IdxArray, readIdx } from "./idx.ts";
import {
  DATASET_NAMES,
  type DatasetName,
  DATASETS,
  FILE_ROLES,
  type FileRole,
  SHA256SUMS_FILE,
} from "./datasets.ts";
import { recordSums, sha256Hex } from "./checksums.ts";
import { crossFileProblem, type Folder, officialSums, readFolder } from "./folder.ts";
import { downloadFile } from "./download.ts";

// Kept here so that `import { sha256Hex, DATASETS, … } from "lib/data/sources.ts"` keeps working.
export {
  DATASET_NAMES,
  type DatasetFile,
  type DatasetName,
  DATASETS,
  type DatasetSpec,
  FILE_ROLES,
  type FileRole,
  SHA256SUMS_FILE,
} from "./datasets.ts";
export { parseSha256Sums, sha256Hex } from "./checksums.ts";

/** The kinds of place a data set can come from. */
export type OriginKind = "cache" | "mirror" | "system" | "download";

/** Where to look for a data set; every field defaults to the project's real locations. */
export interface SourceOptions {
  /**
   * The cache folder of this data set.
   * @default `<dataDir()>/<name>`
   */
  cacheDir?: string;
  /**
   * The mirror root holding `<name>/` folders; `null` skips the mirror. Relative paths are
   * relative to the project root.
   * @default the environment variable `DIGITS_DATA_MIRROR`
   */
  mirrorRoot?: string | null;
  /**
   * System folders holding the files directly.
   * @default the data set's {@linkcode DatasetSpec.systemDirs}
   */
  systemDirs?: string[];
  /**
   * Official download folders, tried in order; `[]` disables downloads.
   * @default the data set's {@linkcode DatasetSpec.baseUrls}
   */
  baseUrls?: string[];
  /**
   * Expected SHA-256 of the files, replacing the official ones (tests serve their own files).
   * @default the data set's official checksums
   */
  sha256?: Partial<Record<FileRole, string>>;
  /**
   * The fetch used for downloads (tests pass a fake one); `null` disables downloads.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch | null;
  /**
   * Copy mirror and system files into the cache instead of reading them in place.
   * @default false
   */
  copyToCache?: boolean;
  /**
   * Seconds to wait for a download server to answer before trying the next one.
   * @default 30
   */
  connectTimeoutSeconds?: number;
  /**
   * Seconds a download may go without receiving data before it is abandoned (a stalled body).
   * @default 30
   */
  idleTimeoutSeconds?: number;
  /**
   * Receives one line per step (found, copied, downloading, checksum OK).
   * @default no logging
   */
  log?: (line: string) => void;
  /**
   * Receives one message per place that holds the files but was rejected (a wrong checksum, a
   * damaged file, files that do not belong together), before the next place is tried.
   * @default console.warn
   */
  warn?: (message: string) => void;
}

/** A data set's four files, parsed, and where they came from. */
export interface LoadedFiles {
  /** the data set */
  name: DatasetName;
  /** the kind of place they came from */
  kind: OriginKind;
  /** the folder they were read from (the cache folder, after a download or copy) */
  dir: string;
  /** a human-readable origin, e.g. `mirror /work/shared/datasets/mnist` */
  origin: string;
  /** the parsed files */
  arrays: Record<FileRole, IdxArray>;
  /** one line per place that was tried before, and what was found there */
  attempts: string[];
}

/**
 * The mirror root from `DIGITS_DATA_MIRROR`, resolved against the project root, or `null`.
 *
 * @returns an absolute folder, or null when the variable is unset or empty
 */
export function mirrorRootFromEnv(): string | null {
  let v: string | undefined;
  try {
    v = Deno.env.get("DIGITS_DATA_MIRROR");
  } catch {
    v = undefined;
  }
  if (v === undefined || v.trim() === "") return null;
  return isAbsolute(v) ? v : resolve(PROJECT_ROOT, v);
}

/**
 * Finds, reads and validates the four IDX files of a data set, trying the cache, the mirror, the
 * system install and a download, in that order. Each place is checked whole before it is chosen
 * (SHA-256 against the official files or the place's `SHA256SUMS`, IDX headers, and that the
 * files belong together); a place that holds files but fails is reported through `warn` and the
 * next place is tried.
 *
 * Downloads and copies land in the cache through a temp file and a rename, so an interrupted run
 * never leaves a half-written file under its real name.
 *
 * @param name `mnist` or `fashion-mnist`
 * @param options locations to use instead of the real ones (tests pass temp folders and a fake fetch)
 * @returns the parsed files and where they came from
 * @throws {RangeError} when `name` is not a known data set
 * @throws {Error} when no place works: one message listing each place tried, what was found
 *   there, and what to do
 *
 * @example
 * ```ts ignore
 * import { loadDatasetFiles } from "./sources.ts";
 * const files = await loadDatasetFiles("fashion-mnist");
 * files.origin; // e.g. "system /usr/share/datasets/fashion-mnist"
 * files.arrays.trainImages.dims; // [60000, 28, 28]
 * ```
 */
export async function loadDatasetFiles(
  name: DatasetName,
  options: SourceOptions = {},
): Promise<LoadedFiles> {
  const spec = DATASETS[name];
  if (!spec) {
    throw new RangeError(
      `Cannot load data set '${name}' as it must be one of ${
        DATASET_NAMES.map((n) => `'${n}'`).join(", ")
      }: pass a known name`,
    );
  }
  const log = options.log ?? (() => {});
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const cacheDir = options.cacheDir ?? join(dataDir(), name);
  const mirrorRoot = options.mirrorRoot === undefined
    ? mirrorRootFromEnv()
    : options.mirrorRoot === null
    ? null
    : resolve(PROJECT_ROOT, options.mirrorRoot);
  const systemDirs = options.systemDirs ?? spec.systemDirs;
  const baseUrls = options.baseUrls ?? spec.baseUrls;
  const fetcher = options.fetch === undefined ? globalThis.fetch : options.fetch;
  const official = officialSums(spec, options);
  const attempts: string[] = [];
  const rejected: string[] = [];
  const done = (kind: OriginKind, dir: string, arrays: Record<FileRole, IdxArray>) => {
    const origin = `${kind} ${dir}`;
    log(`${name}: using ${origin}`);
    for (const r of rejected) warn(`${r} — using ${origin} instead`);
    return { name, kind, dir, origin, arrays, attempts };
  };
  const reject = (where: string, found: Folder & { ok: false }, todo: string) => {
    attempts.push(`${where}: ${found.problem}`);
    if (found.holdsFiles) {
      rejected.push(
        `Cannot use ${name} from ${where} as its files must be intact: ${found.problem}; ${todo}`,
      );
    }
  };

  // 1. the cache
  const cached = await readFolder(spec, cacheDir, official);
  if (cached.ok) return done("cache", cacheDir, cached.arrays);
  reject(`cache ${cacheDir}`, cached, `delete '${cacheDir}' (it is filled again by a download)`);

  // 2. the mirror, 3. system installs: used in place, or copied into the cache
  const places: [OriginKind, string][] = [];
  if (mirrorRoot === null) attempts.push("mirror: DIGITS_DATA_MIRROR is not set");
  else places.push(["mirror", join(mirrorRoot, name)]);
  if (systemDirs.length === 0) attempts.push(`system: no system package provides ${name}`);
  for (const dir of systemDirs) places.push(["system", dir]);
  for (const [kind, dir] of places) {
    const found = await readFolder(spec, dir, official);
    if (!found.ok) {
      reject(
        `${kind} ${dir}`,
        found,
        kind === "mirror"
          ? `restore the files named from the official ones, or list their SHA-256 in ${SHA256SUMS_FILE} there`
          : `reinstall the package${spec.installHint ? ` (${spec.installHint} --reinstall)` : ""}`,
      );
      continue;
    }
    if (!options.copyToCache) return done(kind, dir, found.arrays);
    const sums = new Map<string, string>();
    for (const role of FILE_ROLES) {
      const { fileName } = spec.files[role];
      const bytes = await Deno.readFile(join(dir, fileName));
      await writeFileAtomic(join(cacheDir, fileName), bytes);
      const sha = await sha256Hex(bytes);
      if (sha !== official[role]) sums.set(fileName, sha);
    }
    // files that are not the official ones stay verifiable in the cache
    if (sums.size > 0) await recordSums(cacheDir, sums);
    log(`${name}: copied ${dir} into ${cacheDir}`);
    return { ...done("cache", cacheDir, found.arrays), origin: `${kind} ${dir} (copied to cache)` };
  }

  // 4. download the files the cache lacks
  if (fetcher === null || baseUrls.length === 0) {
    attempts.push("download: disabled");
  } else {
    const arrays: Partial<Record<FileRole, IdxArray>> = { ...cached.valid };
    let failed = false;
    for (const role of FILE_ROLES) {
      if (arrays[role]) continue;
      const file = { ...spec.files[role], sha256: official[role] };
      const problems: string[] = [];
      for (const base of baseUrls) {
        const url = base + file.fileName;
        log(`${name}: downloading ${url}`);
        const got = await downloadFile(url, cacheDir, file, fetcher, {
          connect: options.connectTimeoutSeconds ?? 30,
          idle: options.idleTimeoutSeconds ?? 30,
        });
        if ("problem" in got) {
          problems.push(`${url}: ${got.problem}`);
          continue;
        }
        try {
          arrays[role] = readIdx(got.bytes, file.fileName);
          log(`${name}: ${file.fileName} checksum OK`);
          break;
        } catch (e) {
          problems.push(`${url}: ${e instanceof Error ? e.message : e}`);
        }
      }
      if (!arrays[role]) {
        attempts.push(`download ${problems.join("; ")}`);
        failed = true;
        break;
      }
    }
    if (!failed) {
      const complete = arrays as Record<FileRole, IdxArray>;
      const problem = crossFileProblem(spec, complete);
      if (problem === undefined) {
        return {
          ...done("download", cacheDir, complete),
          origin: `download ${baseUrls[0]} (saved to ${cacheDir})`,
        };
      }
      attempts.push(`download into ${cacheDir}: invalid: ${problem}`);
    }
  }

  const todo = [
    `set DIGITS_DATA_MIRROR to a folder holding ${name}/ with the four files`,
    ...(spec.installHint ? [`run \`${spec.installHint}\``] : []),
    `or give this process network access to ${baseUrls[0] ?? spec.baseUrls[0]} (deno --allow-net)` +
    ` so they can be downloaded into ${cacheDir}`,
  ];
  throw new Error(
    `Cannot load data set '${name}' as no source holds its four IDX files (${
      FILE_ROLES.map((r) => spec.files[r].fileName).join(", ")
    }) intact: tried\n${attempts.map((a) => `  - ${a}`).join("\n")}\n— ${todo.join("; ")}.`,
  );
}
