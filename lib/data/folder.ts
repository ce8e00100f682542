/**
 * One place that may hold a data set's four IDX files (the cache, a mirror, a system folder),
 * read and checked whole: SHA-256 against the official files or the place's `SHA256SUMS`, IDX
 * headers, and that the four files belong together.
 * @module
 */
import { join } from "node:path";
import { type IdxArray, readIdx } from "./idx.ts";
import { type DatasetSpec, FILE_ROLES, type FileRole, SHA256SUMS_FILE } from "./datasets.ts";
import { parseSha256Sums, sha256Hex } from "./checksums.ts";

/** What {@linkcode readFolder} found: the parsed files, or what is wrong there. */
export type Folder = { ok: true; arrays: Record<FileRole, IdxArray> } | {
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
export function officialSums(
  spec: DatasetSpec,
  options: { sha256?: Partial<Record<FileRole, string>> },
): Record<FileRole, string> {
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
export function crossFileProblem(
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
export async function readFolder(
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
