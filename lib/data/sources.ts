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
  /** the number of classes: every label is below it */
  classes: number;
}

/** The file beside a data set's files that lists their SHA-256 sums (`sha256sum` format). */
export const SHA256SUMS_FILE = "SHA256SUMS";

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
    classes: 10,
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
    classes: 10,
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
 * The SHA-256 of `bytes` as lowercase hex.
 *
 * @param bytes the data to hash
 * @returns 64 hex digits
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Parses a `SHA256SUMS` file (`sha256sum` output: `<64 hex>  <name>` or `<64 hex> *<name>`).
 *
 * @param text the file's text
 * @param name the file's path, for error messages
 * @returns file name → lowercase hex SHA-256
 * @throws {SyntaxError} naming the line, when a line is not in that format
 * @example
 * ```ts
 * import { parseSha256Sums } from "./sources.ts";
 * const sums = parseSha256Sums(`${"ab".repeat(32)}  t10k-labels-idx1-ubyte.gz\n`, "SHA256SUMS");
 * sums.get("t10k-labels-idx1-ubyte.gz"); // "abab…ab"
 * ```
 */
export function parseSha256Sums(text: string, name: string): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trimEnd());
    if (!m) {
      throw new SyntaxError(
        `Cannot read '${name}' as a SHA256SUMS file: line ${
          i + 1
        } must be '<64 hex digits>  <file name>' ` +
          `(sha256sum's format): found '${
            line.slice(0, 80)
          }' — regenerate it with 'sha256sum * > SHA256SUMS'`,
      );
    }
    sums.set(m[2], m[1].toLowerCase());
  });
  return sums;
}

type Folder = { ok: true; arrays: Record<FileRole, IdxArray> } | {
  ok: false;
  problem: string;
  /** whether the folder holds files (a rejected place, worth a warning) */
  holdsFiles: boolean;
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

/** The official SHA-256 of each file of `spec`, with the test overrides of `options`. */
function officialSums(spec: DatasetSpec, options: SourceOptions): Record<FileRole, string> {
  const sums = {} as Record<FileRole, string>;
  for (const role of FILE_ROLES) sums[role] = options.sha256?.[role] ?? spec.files[role].sha256;
  return sums;
}

/** The name of the known file whose contents have this SHA-256, if any (for messages). */
function whoseContents(
  spec: DatasetSpec,
  sha: string,
  official: Record<FileRole, string>,
  listed: Map<string, string>,
): string | undefined {
  for (const role of FILE_ROLES) if (official[role] === sha) return spec.files[role].fileName;
  for (const [file, sum] of listed) if (sum === sha) return file;
  return undefined;
}

/**
 * Checks that the four files of a data set belong together: two images files and two labels
 * files, as many labels as images in each set, every label below the class count.
 *
 * @returns a description of the first problem, or `undefined`
 */
function crossFileProblem(
  spec: DatasetSpec,
  arrays: Record<FileRole, IdxArray>,
): string | undefined {
  const pairs: [FileRole, FileRole][] = [["trainImages", "trainLabels"], [
    "testImages",
    "testLabels",
  ]];
  for (const [imagesRole, labelsRole] of pairs) {
    const images = arrays[imagesRole];
    const labels = arrays[labelsRole];
    const imagesFile = spec.files[imagesRole].fileName;
    const labelsFile = spec.files[labelsRole].fileName;
    if (images.dims.length !== 3) {
      return `${imagesFile} must hold images (3 dimensions): found ${images.dims.length} — is it a labels file?`;
    }
    if (labels.dims.length !== 1) {
      return `${labelsFile} must hold labels (1 dimension): found ${labels.dims.length} — is it an images file?`;
    }
    if (images.dims[0] !== labels.dims[0]) {
      return `${labelsFile} must hold one label per image of ${imagesFile} (${
        images.dims[0]
      }): found ${labels.dims[0]} — the files belong to different sets`;
    }
    const at = labels.data.findIndex((l) => l >= spec.classes);
    if (at >= 0) {
      return `${labelsFile} must hold labels below ${spec.classes}: label ${at} is ${
        labels.data[at]
      } — the file belongs to another data set`;
    }
  }
  return undefined;
}

/**
 * Reads the four files of `spec` from `dir` and checks them (SHA-256, IDX header, and that they
 * belong together), or says what is wrong there.
 */
async function readFolder(
  spec: DatasetSpec,
  dir: string,
  official: Record<FileRole, string>,
): Promise<Folder> {
  if (!(await exists(dir))) {
    return { ok: false, problem: "folder not found", holdsFiles: false, valid: {} };
  }
  const valid: Partial<Record<FileRole, IdxArray>> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  let listed = new Map<string, string>();
  const sumsPath = join(dir, SHA256SUMS_FILE);
  try {
    listed = parseSha256Sums(await Deno.readTextFile(sumsPath), sumsPath);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      invalid.push(e instanceof Error ? e.message : String(e));
    }
  }
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
    const sha = await sha256Hex(bytes);
    const expected = listed.get(fileName);
    if (sha !== official[role] && sha !== expected) {
      const whose = whoseContents(spec, sha, official, listed);
      invalid.push(
        `${fileName} must have the SHA-256 ${
          expected !== undefined
            ? `${expected} that ${SHA256SUMS_FILE} lists`
            : `${official[role]} of the official file (no ${SHA256SUMS_FILE} beside it lists it)`
        }: found ${sha}${whose && whose !== fileName ? `, the contents of ${whose}` : ""}`,
      );
      continue;
    }
    try {
      valid[role] = readIdx(bytes, fileName);
    } catch (e) {
      invalid.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (missing.length === 0 && invalid.length === 0) {
    const arrays = valid as Record<FileRole, IdxArray>;
    const problem = crossFileProblem(spec, arrays);
    if (problem === undefined) return { ok: true, arrays };
    return { ok: false, problem: `invalid: ${problem}`, holdsFiles: true, valid: {} };
  }
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.join(", ")}`);
  if (invalid.length) parts.push(`invalid: ${invalid.join("; ")}`);
  return {
    ok: false,
    problem: parts.join("; "),
    holdsFiles: missing.length < FILE_ROLES.length || invalid.length > 0,
    valid,
  };
}

/** Adds `sums` to the `SHA256SUMS` of `dir` (creating it), keeping its other lines. */
async function recordSums(dir: string, sums: Map<string, string>): Promise<void> {
  const path = join(dir, SHA256SUMS_FILE);
  let merged = new Map<string, string>();
  try {
    merged = parseSha256Sums(await Deno.readTextFile(path), path);
  } catch {
    // missing or damaged: rewritten whole
  }
  for (const [file, sum] of sums) merged.set(file, sum);
  const text = [...merged].sort(([a], [b]) => a.localeCompare(b))
    .map(([file, sum]) => `${sum}  ${file}\n`).join("");
  await writeFileAtomic(path, text);
}

/** Reads a response body, giving up when no data arrives for `idleSeconds`. */
async function readBody(
  response: Response,
  idleSeconds: number,
): Promise<{ bytes: Uint8Array } | { problem: string }> {
  if (response.body === null) return { bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = Symbol("stalled");
  try {
    while (true) {
      const idle = new Promise<typeof stalled>((resolve) => {
        timer = setTimeout(() => resolve(stalled), idleSeconds * 1000);
      });
      const next = await Promise.race([reader.read(), idle]);
      clearTimeout(timer);
      if (next === stalled) {
        await reader.cancel().catch(() => {});
        return {
          problem: `the download stalled: no data for ${idleSeconds} s after ${received} bytes` +
            (response.headers.get("content-length")
              ? ` of ${response.headers.get("content-length")}`
              : ""),
        };
      }
      if (next.done) break;
      chunks.push(next.value);
      received += next.value.byteLength;
    }
  } catch (e) {
    return { problem: `the download broke off after ${received} bytes (${(e as Error).message})` };
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes };
}

/**
 * Downloads one file into `dir`, checking its SHA-256 before it is written (atomically).
 * Returns the bytes, or a problem description.
 */
async function downloadFile(
  url: string,
  dir: string,
  file: DatasetFile,
  fetcher: typeof fetch,
  timeouts: { connect: number; idle: number },
): Promise<{ bytes: Uint8Array } | { problem: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeouts.connect * 1000);
  let response: Response;
  try {
    response = await fetcher(url, { signal: controller.signal });
  } catch (e) {
    clearTimeout(timer);
    if (e instanceof Deno.errors.PermissionDenied || (e as Error)?.name === "NotCapable") {
      return { problem: `network access not allowed (${(e as Error).message})` };
    }
    if (controller.signal.aborted) {
      return { problem: `no answer within ${timeouts.connect} s` };
    }
    const cause = (e as Error)?.cause instanceof Error ? `: ${(e as Error).cause}` : "";
    return { problem: `request failed (${e instanceof Error ? e.message : e}${cause})` };
  }
  clearTimeout(timer);
  if (!response.ok) {
    await response.body?.cancel();
    return { problem: `HTTP ${response.status} ${response.statusText}`.trim() };
  }
  const body = await readBody(response, timeouts.idle);
  if ("problem" in body) return body;
  const actual = await sha256Hex(body.bytes);
  if (actual !== file.sha256) {
    return {
      problem: `checksum mismatch for ${file.fileName}: expected SHA-256 ${file.sha256}, ` +
        `got ${actual}; nothing was saved`,
    };
  }
  try {
    await writeFileAtomic(join(dir, file.fileName), body.bytes);
  } catch (e) {
    return { problem: `cannot save it (${e instanceof Error ? e.message : e})` };
  }
  return body;
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
