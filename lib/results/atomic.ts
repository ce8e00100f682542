/**
 * Atomic, durable file writes: a temp file beside the target, flushed to disk, then a rename
 * (and the folder flushed), so that no reader ever sees a half-written file in `data/` or
 * `results/`, even after a crash or a power cut. The temp file is removed when the write fails
 * or the process is interrupted, and by the next write into the same folder when the process was
 * killed (see `temp.ts`).
 * @module
 */
import { dirname } from "node:path";
import { tempPathFor, withTempPath } from "./temp.ts";

/**
 * Flushes a folder's entries (a rename into it) to disk. Does nothing where folders cannot be
 * opened (Windows).
 *
 * @param dir the folder
 */
export async function syncFolder(dir: string): Promise<void> {
  let folder: Deno.FsFile | undefined;
  try {
    folder = await Deno.open(dir, { read: true });
    await folder.sync();
  } catch (e) {
    if (Deno.build.os !== "windows") throw e;
  } finally {
    folder?.close();
  }
}

/**
 * Writes `data` to `path` atomically and durably, creating the parent folders: the bytes go to
 * a temp file that is flushed to disk (fsync) and renamed to `path`, then the folder is flushed.
 *
 * @param path the file to write
 * @param data the bytes or text to write
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a/b.txt`, "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  await withTempPath(path, async (tmp) => {
    await writeNewFileDurably(tmp, bytes);
    await Deno.rename(tmp, path);
  });
  await syncFolder(dir);
}

/**
 * Writes `bytes` to a file that must not exist yet, and flushes it to disk (fsync) before
 * returning: the building block of atomic writes (the rename that follows publishes whole data).
 *
 * @param path the new file
 * @param bytes what to write
 * @throws {Deno.errors.AlreadyExists} when the file exists
 */
export async function writeNewFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const file = await Deno.open(path, { write: true, createNew: true });
  try {
    let written = 0;
    while (written < bytes.byteLength) written += await file.write(bytes.subarray(written));
    await file.sync();
  } finally {
    file.close();
  }
}

/**
 * Writes `value` as pretty-printed JSON to `path` atomically.
 *
 * @param path the file to write
 * @param value anything `JSON.stringify` accepts
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * Puts the complete folder `from` in place of `to` (a folder or nothing): an existing `to` is
 * moved aside (as a temp path of this process), `from` renamed to `to`, the parent flushed, and
 * the old folder deleted. Readers see the old folder or the new one, never a mix. A run killed in
 * between leaves the moved-aside folder for the next start to remove (`sweepStaleTemps`).
 *
 * @param from the complete new folder (beside `to`, e.g. from `withTempPath(to, …)`)
 * @param to where it goes
 * @example
 * ```ts
 * import { replaceFolder } from "./atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/.model.tmp`);
 * await Deno.writeTextFile(`${dir}/.model.tmp/a.txt`, "new");
 * await replaceFolder(`${dir}/.model.tmp`, `${dir}/model`);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function replaceFolder(from: string, to: string): Promise<void> {
  const old = tempPathFor(to, { kind: "old" });
  let movedOld = false;
  try {
    await Deno.rename(to, old);
    movedOld = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  try {
    await Deno.rename(from, to);
  } catch (e) {
    if (movedOld) await Deno.rename(old, to).catch(() => {}); // put the old one back
    throw e;
  }
  await syncFolder(dirname(to));
  if (movedOld) await Deno.remove(old, { recursive: true });
}
