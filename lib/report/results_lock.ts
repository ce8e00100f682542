/**
 * One report at a time per results folder, and the leftovers of killed runs removed at the next
 * start.
 * @module
 */
import { join } from "node:path";
import { onInterruptCleanup } from "../interrupt/mod.ts";
import { sweepStaleTemps } from "../results/mod.ts";

/** The lock file inside the results folder. */
export const LOCK_FILE = ".report.lock";

/** What the lock file says about the run holding it. */
export interface LockOwner {
  /** the process id */
  pid: number;
  /** ISO time the run started */
  startedAt: string;
  /** what the run does, e.g. "report, profile quick" */
  what: string;
}

/** A held lock on a results folder. */
export interface ResultsLock {
  /** the lock file */
  path: string;
  /** releases the lock and removes the lock file */
  release(): Promise<void>;
}

/**
 * Takes the results folder for this run: an exclusive advisory lock (`flock`) on
 * `<dir>/.report.lock`, which the operating system releases when the process ends in any way, so
 * a killed run never blocks the next one. The lock file is removed on release and on SIGINT or
 * SIGTERM.
 *
 * @param dir the results folder (created when missing)
 * @param what what this run does, shown to a run that finds the folder taken
 * @returns the lock; release it when the run ends
 * @throws {Deno.errors.Busy} when another run holds the folder: the message says which (pid,
 *   start time) and what to do
 * @example
 * ```ts
 * import { lockResultsFolder } from "./results_lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await lockResultsFolder(dir, "an example");
 * await lock.release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function lockResultsFolder(dir: string, what: string): Promise<ResultsLock> {
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0;; attempt++) {
    const file = await Deno.open(path, { read: true, write: true, create: true });
    if (!(await file.tryLock(true))) {
      const owner = await readOwner(file);
      file.close();
      throw new Deno.errors.Busy(
        `Cannot write the report into '${dir}' as another run is writing there${
          owner ? ` (${owner.what}, pid ${owner.pid}, started ${owner.startedAt})` : ""
        }: wait for it to finish, or set DIGITS_RESULTS_DIR to another folder`,
      );
    }
    // The file may have been removed (by the previous owner's release) between our open and our
    // lock: then the lock guards nothing, and the path is opened again.
    const [held, named] = await Promise.all([file.stat(), Deno.stat(path).catch(() => null)]);
    if (named === null || named.ino !== held.ino) {
      file.close();
      if (attempt < 5) continue;
      throw new Deno.errors.Busy(
        `Cannot lock '${path}' as it keeps being replaced: another run is starting there — try again`,
      );
    }
    const owner: LockOwner = { pid: Deno.pid, startedAt: new Date().toISOString(), what };
    await file.truncate(0);
    await file.write(new TextEncoder().encode(JSON.stringify(owner) + "\n"));
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      forget();
      await Deno.remove(path).catch(() => {});
      try {
        await file.unlock();
      } finally {
        file.close();
      }
    };
    const forget = onInterruptCleanup(release);
    return { path, release };
  }
}

async function readOwner(file: Deno.FsFile): Promise<LockOwner | undefined> {
  try {
    const buf = new Uint8Array(4096);
    const n = await file.read(buf);
    return n ? JSON.parse(new TextDecoder().decode(buf.subarray(0, n))) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what killed runs left in a results folder: temp files of the report in `html/`
 * (`evenIfOwned`: the caller holds the folder's lock, so no one else writes there), and stale temp
 * files and folders (of dead processes) in the folder, each notebook's folder and its `models/`.
 *
 * @param dir the results folder
 * @returns the paths removed
 */
export async function sweepResultsFolder(dir: string): Promise<string[]> {
  const removed = await sweepStaleTemps(join(dir, "html"), { evenIfOwned: true });
  removed.push(...await sweepStaleTemps(dir));
  let entries: Deno.DirEntry[] = [];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isDirectory || e.name.startsWith(".") || e.name === "html") continue;
    removed.push(...await sweepStaleTemps(join(dir, e.name)));
    removed.push(...await sweepStaleTemps(join(dir, e.name, "models")));
  }
  return removed;
}
