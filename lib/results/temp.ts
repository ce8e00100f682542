/**
 * Temp files and folders that never outlive the run that made them.
 *
 * Every temp path of this project is named after its target and the process that owns it:
 * `.<target>.<kind>-<pid>-<start>-<random><ext>`, beside the target (so a rename puts it in
 * place). `start` is the process's start time from `/proc/<pid>/stat`, so a later process that
 * happens to get the same pid is not mistaken for the owner.
 *
 * - {@linkcode withTempPath} runs a piece of work on a temp path and removes what is left of it
 *   when the work fails, and before the process ends on SIGINT or SIGTERM (through
 *   `lib/interrupt`: the work is told to stop, and the path is removed once it has).
 * - {@linkcode sweepStaleTemps} removes, at the next start, what a killed process (SIGKILL, a
 *   crash, a power cut) left behind: temp paths whose owner is no longer running. A folder that
 *   a replacement had moved aside (`old`) goes back in place when the new one never arrived.
 *
 * @example
 * ```ts
 * import { join } from "node:path";
 * import { withTempPath } from "./temp.ts";
 * const dir = await Deno.makeTempDir();
 * const target = join(dir, "data.bin");
 * await withTempPath(target, async (tmp) => {
 *   await Deno.writeFile(tmp, new Uint8Array([1, 2, 3]));
 *   await Deno.rename(tmp, target);
 * });
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */
import { basename, dirname, join } from "node:path";
import { exitingOnInterrupt, InterruptedError, onInterruptCleanup } from "../interrupt/mod.ts";

/** What a temp path is for: `tmp` (being written), `old` (moved aside), `partial` (a report's). */
export type TempKind = "tmp" | "old" | "partial" | "download";

/** A temp name taken apart by {@linkcode parseTempName}. */
export interface TempName {
  /** the name of the target it stands for */
  target: string;
  /** what it is for */
  kind: TempKind;
  /** the owner's process id; `undefined` for names of earlier versions, which carry none */
  pid?: number;
  /** the owner's start time (clock ticks after boot; 0 where unknown) */
  start?: number;
}

const TEMP_NAME = /^\.(.+)\.(tmp|old|partial|download)-(\d+)-(\d+)-[0-9a-z]+(\.[A-Za-z0-9]+)?$/;
/** Names written by earlier versions of this project, without an owner. */
const LEGACY_NAMES: [RegExp, TempKind][] = [
  // writeFileAtomic: `.<uuid>.tmp`
  [/^\.()[0-9a-f-]{36}\.tmp$/, "tmp"],
  // the Triple-MNIST and model folders: `.<name>.tmp-<uuid>`, `.<name>.old-<uuid>`
  [/^\.(.+)\.(tmp|old)-[0-9a-f-]{36}$/, "tmp"],
  // the data sources: `.<file>.<uuid>.tmp` and `.<file>.<uuid>.download`
  [/^\.(.+)\.[0-9a-f-]{36}\.(tmp|download)$/, "tmp"],
  // the report: `.<notebook>.<8 hex>.partial.ipynb` / `.html`
  [/^\.(.+)\.[0-9a-f]{8}\.partial\.(ipynb|html)$/, "partial"],
];

/**
 * Takes a temp name apart.
 *
 * @param name a file or folder name (no folder)
 * @returns its parts, or `undefined` when it is not a temp name of this project
 * @example
 * ```ts
 * import { parseTempName } from "./temp.ts";
 * parseTempName(".metrics.json.tmp-4242-1234-x1")?.pid; // 4242
 * parseTempName("metrics.json"); // undefined
 * ```
 */
export function parseTempName(name: string): TempName | undefined {
  const m = TEMP_NAME.exec(name);
  if (m) {
    return { target: m[1], kind: m[2] as TempKind, pid: Number(m[3]), start: Number(m[4]) };
  }
  for (const [pattern, kind] of LEGACY_NAMES) {
    const l = pattern.exec(name);
    if (l) return { target: l[1], kind };
  }
  return undefined;
}

/** The start time of a process in clock ticks after boot, from `/proc`; 0 where unknown. */
function processStart(pid: number | "self"): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // the command name (field 2) is in parentheses and may hold spaces: count after it
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[19]); // field 22 of the whole line
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    return 0;
  }
}

let ownStart: number | undefined;
function ownToken(): string {
  ownStart ??= processStart("self") ?? 0;
  return `${Deno.pid}-${ownStart}`;
}

const HAS_PROC = (() => {
  try {
    return Deno.statSync("/proc/self/stat").isFile;
  } catch {
    return false;
  }
})();

/**
 * Age after which a temp path is taken as abandoned when its owner cannot be checked (names of
 * earlier versions, or systems without `/proc`): an hour.
 */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Whether the process that owns a temp name is still running.
 *
 * @param name a parsed temp name
 * @param mtimeMs the path's modification time, for names whose owner cannot be checked
 * @returns false when the owner is gone (the path can be removed)
 */
export function tempOwnerAlive(name: TempName, mtimeMs: number): boolean {
  if (name.pid === undefined || !HAS_PROC) return Date.now() - mtimeMs < ABANDONED_AFTER_MS;
  if (name.pid === Deno.pid) return name.start === (ownStart ?? processStart("self"));
  const start = processStart(name.pid);
  if (start === undefined) return false; // no such process
  return name.start === 0 || start === 0 || start === name.start;
}

/** Options of {@linkcode tempPathFor}. */
export interface TempPathOptions {
  /**
   * what the temp path is for
   * @default "tmp"
   */
  kind?: TempKind;
  /**
   * an extension to end the name with, e.g. `.ipynb` (for tools that want one)
   * @default none
   */
  ext?: string;
}

/**
 * A fresh temp path beside `target`, named after it and this process.
 *
 * @param target the file or folder the temp path stands for
 * @param options what it is for, and an extension
 * @returns e.g. `data/.triple_mnist.tmp-4242-981234-k3j9x2`
 * @example
 * ```ts
 * import { parseTempName, tempPathFor } from "./temp.ts";
 * const tmp = tempPathFor("/data/triple_mnist");
 * parseTempName(tmp.slice("/data/".length))?.target; // "triple_mnist"
 * ```
 */
export function tempPathFor(target: string, options: TempPathOptions = {}): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  const tag = `${random[0].toString(36)}${random[1].toString(36)}`;
  return join(
    dirname(target),
    `.${basename(target)}.${options.kind ?? "tmp"}-${ownToken()}-${tag}${options.ext ?? ""}`,
  );
}

/** Options of {@linkcode sweepStaleTemps}. */
export interface SweepOptions {
  /**
   * only temp paths standing for this target name (e.g. `triple_mnist`)
   * @default every temp path in the folder
   */
  target?: string;
  /**
   * also remove temp paths whose owner is alive (for a folder this process holds a lock on)
   * @default false
   */
  evenIfOwned?: boolean;
}

/**
 * Removes the temp files and folders in `dir` that a process which is no longer running left
 * behind (killed, crashed), and those of earlier versions once they are an hour old. Temp paths
 * of running processes are left alone. A folder moved aside by a killed replacement
 * (`replaceFolder`) is put back when its target is missing.
 *
 * @param dir the folder to sweep (a missing folder holds nothing)
 * @param options only one target's temp paths
 * @returns the paths removed
 * @example
 * ```ts
 * import { sweepStaleTemps } from "./temp.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/.a.json.tmp-999999999-1-x`, "{"); // no such process
 * (await sweepStaleTemps(dir)).length; // 1
 * await Deno.remove(dir);
 * ```
 */
export async function sweepStaleTemps(dir: string, options: SweepOptions = {}): Promise<string[]> {
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [];
    for await (const e of Deno.readDir(dir)) if (e.name.startsWith(".")) entries.push(e);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return [];
    throw e;
  }
  for (const entry of entries) {
    const name = parseTempName(entry.name);
    if (!name || (options.target !== undefined && name.target !== options.target)) continue;
    const path = join(dir, entry.name);
    if (!options.evenIfOwned) {
      let mtime = 0;
      try {
        mtime = (await Deno.lstat(path)).mtime?.getTime() ?? 0;
      } catch {
        continue; // gone already
      }
      if (tempOwnerAlive(name, mtime)) continue;
    }
    if (name.kind === "old" && name.pid !== undefined && await restoreIfMissing(path, dir, name)) {
      continue;
    }
    try {
      await Deno.remove(path, { recursive: true });
      removed.push(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return removed;
}

/**
 * A folder moved aside by a replacement that was killed before the new one took its place: the
 * target is missing, and the old folder (complete) goes back.
 */
async function restoreIfMissing(path: string, dir: string, name: TempName): Promise<boolean> {
  const target = join(dir, name.target);
  try {
    await Deno.lstat(target);
    return false; // the new one is in place: the old one is garbage
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) return false;
  }
  try {
    await Deno.rename(path, target);
    return true;
  } catch {
    return false;
  }
}

const sweptDirs = new Set<string>();

/**
 * {@linkcode sweepStaleTemps} once per folder and process: the cheap way to clean up after a
 * killed run the next time anything is written there.
 *
 * @param dir the folder
 * @returns the paths removed (none on later calls for the same folder)
 */
export async function sweepStaleTempsOnce(dir: string): Promise<string[]> {
  if (sweptDirs.has(dir)) return [];
  sweptDirs.add(dir);
  try {
    return await sweepStaleTemps(dir);
  } catch {
    return []; // a sweep that fails must not fail the write that asked for it
  }
}

/** How long an interrupt waits for the work to notice it before removing the temp path. */
const SETTLE_MS = 15_000;

/**
 * Runs `work` on a fresh temp path beside `target` (see {@linkcode tempPathFor}) and makes sure
 * nothing of it is left: the path is removed when `work` throws, when it returns without having
 * moved the path into place, and on SIGINT/SIGTERM before the process ends (outside a Jupyter
 * kernel; there the `signal` aborts and the work is expected to stop). Stale temp paths of
 * killed runs in the same folder are swept first.
 *
 * @param target the file or folder the work produces
 * @param work writes to `temp`, then renames it to `target`; `signal` aborts on an interrupt
 * @param options what the temp path is for, and an extension
 * @returns what `work` returns
 * @throws {InterruptedError} when the process is already ending on an interrupt (nothing starts)
 */
export async function withTempPath<T>(
  target: string,
  work: (temp: string, signal: AbortSignal) => Promise<T>,
  options: TempPathOptions = {},
): Promise<T> {
  const temp = tempPathFor(target, options);
  const controller = new AbortController();
  let settled!: () => void;
  const done = new Promise<void>((resolve) => settled = resolve);
  // registered before anything is created: an interrupt from now on removes the temp path
  const forget = onInterruptCleanup(async () => {
    controller.abort(new Error("interrupted"));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([done, new Promise((r) => timer = setTimeout(r, SETTLE_MS))]);
    clearTimeout(timer);
    await Deno.remove(temp, { recursive: true }).catch(() => {});
  });
  try {
    await sweepStaleTempsOnce(dirname(target));
    // the process is ending on an interrupt (whose cleanups may have started before ours was
    // registered): start nothing
    if (exitingOnInterrupt()) throw new InterruptedError(`writing '${target}'`);
    return await work(temp, controller.signal);
  } finally {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    forget();
    settled();
  }
}
