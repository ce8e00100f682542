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
 * Mirror and system files are validated by their IDX headers only (the MNIST mirror legitimately
 * holds only the first 10,000 training images); downloads are checked against the official SHA-256.
 * When nothing works, one error lists every place tried and what to do.
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { dataDir, PROJECT_ROOT } from "../paths/mod.ts";
import { type IdxArray, readIdx } from "./idx.ts";

/** The names of the data sets this module can find. */
export const DATASET_NAMES = ["mnist", "fashion-mnist"] as const;

/** A data set name. */
export type DatasetName = typeof DATASET_NAMES[number];

/** The four files of a data set. */
export const FILE_ROLES = ["trainImages", "trainLabels", "testImages", "testLabels"] as const;

/** One of the four files of a data set. */
export type FileRole = typeof FILE_ROLES[number];

/** One file of a data set: its name and the SHA-256 of the official download. */
export interface DatasetFile {
  /** the file name, e.g. `train-images-idx3-ubyte.gz` */
  fileName: string;
  /** hex SHA-256 of the official file */
  sha256: string;
}

/** Everything needed to find a data set. */
export interface DatasetSpec {
  /** the data set's name, also its folder name in caches and mirrors */
  name: DatasetName;
  /** the four files */
  files: Record<FileRole, DatasetFile>;
  /** official download folders (ending in `/`), tried in order */
  baseUrls: string[];
  /** folders a system package installs the files into */
  systemDirs: string[];
  /** how to install it as a system package, when one exists */
  installHint?: string;
}

/** The data sets and their official files. */
export const DATASETS: Record<DatasetName, DatasetSpec> = {
  mnist: {
    name: "mnist",
    files: {
      trainImages: {
        fileName: "train-images-idx3-ubyte.gz",
        sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
      },
      trainLabels: {
        fileName: "train-labels-idx1-ubyte.gz",
        sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
      },
      testImages: {
        fileName: "t10k-images-idx3-ubyte.gz",
        sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
      },
      testLabels: {
        fileName: "t10k-labels-idx1-ubyte.gz",
        sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
      },
    },
    baseUrls: ["https://storage.googleapis.com/cvdf-datasets/mnist/"],
    systemDirs: [],
  },
  "fashion-mnist": {
    name: "fashion-mnist",
    files: {
      trainImages: {
        fileName: "train-images-idx3-ubyte.gz",
        sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
      },
      trainLabels: {
        fileName: "train-labels-idx1-ubyte.gz",
        sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
      },
      testImages: {
        fileName: "t10k-images-idx3-ubyte.gz",
        sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
      },
      testLabels: {
        fileName: "t10k-labels-idx1-ubyte.gz",
        sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
      },
    },
    baseUrls: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    systemDirs: ["/usr/share/datasets/fashion-mnist"],
    installHint: "sudo apt-get install dataset-fashion-mnist",
  },
};

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
   * Expected SHA-256 of downloads, replacing the official ones (tests serve their own files).
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
   * Receives one line per step (found, copied, downloading, checksum OK).
   * @default no logging
   */
  log?: (line: string) => void;
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
 * The SHA-256 of `bytes` as lowercase hex.
 *
 * @param bytes the data to hash
 * @returns 64 hex digits
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

type Folder = { ok: true; arrays: Record<FileRole, IdxArray> } | {
  ok: false;
  problem: string;
  valid: Partial<Record<FileRole, IdxArray>>;
};

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Reads the four files of `spec` from `dir`, or says what is wrong there. */
async function readFolder(spec: DatasetSpec, dir: string): Promise<Folder> {
  if (!(await exists(dir))) return { ok: false, problem: "folder not found", valid: {} };
  const valid: Partial<Record<FileRole, IdxArray>> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const role of FILE_ROLES) {
    const { fileName } = spec.files[role];
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(join(dir, fileName));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        missing.push(fileName);
        continue;
      }
      invalid.push(`${fileName}: ${e instanceof Error ? e.message : e}`);
      continue;
    }
    try {
      valid[role] = readIdx(bytes, fileName);
    } catch (e) {
      invalid.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (missing.length === 0 && invalid.length === 0) {
    return { ok: true, arrays: valid as Record<FileRole, IdxArray> };
  }
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.join(", ")}`);
  if (invalid.length) parts.push(`invalid: ${invalid.join("; ")}`);
  return { ok: false, problem: parts.join("; "), valid };
}

/** Writes `bytes` to a temp file in `dir` and renames it to `fileName`. */
async function writeViaTemp(dir: string, fileName: string, bytes: Uint8Array): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${fileName}.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, join(dir, fileName));
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Downloads one file into `dir` via a temp file, checking its SHA-256 before the rename.
 * Returns null on success or a problem description.
 */
async function downloadFile(
  url: string,
  dir: string,
  file: DatasetFile,
  fetcher: typeof fetch,
  timeoutSeconds: number,
): Promise<{ bytes: Uint8Array } | { problem: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutSeconds * 1000);
  let response: Response;
  try {
    response = await fetcher(url, { signal: controller.signal });
  } catch (e) {
    clearTimeout(timer);
    if (e instanceof Deno.errors.PermissionDenied || (e as Error)?.name === "NotCapable") {
      return { problem: `network access not allowed (${(e as Error).message})` };
    }
    if (controller.signal.aborted) {
      return { problem: `no answer within ${timeoutSeconds} s` };
    }
    const cause = (e as Error)?.cause instanceof Error ? `: ${(e as Error).cause}` : "";
    return { problem: `request failed (${e instanceof Error ? e.message : e}${cause})` };
  }
  clearTimeout(timer);
  if (!response.ok) {
    await response.body?.cancel();
    return { problem: `HTTP ${response.status} ${response.statusText}`.trim() };
  }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${file.fileName}.${crypto.randomUUID()}.download`);
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    await Deno.writeFile(tmp, bytes);
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) {
      await Deno.remove(tmp);
      return {
        problem: `checksum mismatch for ${file.fileName}: expected SHA-256 ${file.sha256}, ` +
          `got ${actual}; the temp file was deleted`,
      };
    }
    await Deno.rename(tmp, join(dir, file.fileName));
    return { bytes };
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    return { problem: `download failed (${e instanceof Error ? e.message : e})` };
  }
}

/**
 * Finds, reads and validates the four IDX files of a data set, trying the cache, the mirror, the
 * system install and a download, in that order.
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
  const cacheDir = options.cacheDir ?? join(dataDir(), name);
  const mirrorRoot = options.mirrorRoot === undefined
    ? mirrorRootFromEnv()
    : options.mirrorRoot === null
    ? null
    : resolve(PROJECT_ROOT, options.mirrorRoot);
  const systemDirs = options.systemDirs ?? spec.systemDirs;
  const baseUrls = options.baseUrls ?? spec.baseUrls;
  const fetcher = options.fetch === undefined ? globalThis.fetch : options.fetch;
  const attempts: string[] = [];
  const done = (kind: OriginKind, dir: string, arrays: Record<FileRole, IdxArray>) => {
    const origin = `${kind} ${dir}`;
    log(`${name}: using ${origin}`);
    return { name, kind, dir, origin, arrays, attempts };
  };

  // 1. the cache
  const cached = await readFolder(spec, cacheDir);
  if (cached.ok) return done("cache", cacheDir, cached.arrays);
  attempts.push(`cache ${cacheDir}: ${cached.problem}`);

  // 2. the mirror, 3. system installs: used in place, or copied into the cache
  const places: [OriginKind, string][] = [];
  if (mirrorRoot === null) attempts.push("mirror: DIGITS_DATA_MIRROR is not set");
  else places.push(["mirror", join(mirrorRoot, name)]);
  if (systemDirs.length === 0) attempts.push(`system: no system package provides ${name}`);
  for (const dir of systemDirs) places.push(["system", dir]);
  for (const [kind, dir] of places) {
    const found = await readFolder(spec, dir);
    if (!found.ok) {
      attempts.push(`${kind} ${dir}: ${found.problem}`);
      continue;
    }
    if (!options.copyToCache) return done(kind, dir, found.arrays);
    for (const role of FILE_ROLES) {
      const { fileName } = spec.files[role];
      await writeViaTemp(cacheDir, fileName, await Deno.readFile(join(dir, fileName)));
    }
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
      const file = { ...spec.files[role] };
      file.sha256 = options.sha256?.[role] ?? file.sha256;
      const problems: string[] = [];
      for (const base of baseUrls) {
        const url = base + file.fileName;
        log(`${name}: downloading ${url}`);
        const got = await downloadFile(
          url,
          cacheDir,
          file,
          fetcher,
          options.connectTimeoutSeconds ?? 30,
        );
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
      return {
        ...done("download", cacheDir, arrays as Record<FileRole, IdxArray>),
        origin: `download ${baseUrls[0]} (saved to ${cacheDir})`,
      };
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
    }): tried\n${attempts.map((a) => `  - ${a}`).join("\n")}\n— ${todo.join("; ")}.`,
  );
}
