/**
 * Atomic file writes: a temp file beside the target, then a rename, so that no reader ever sees
 * a half-written file in `data/` or `results/`.
 * @module
 */
import { dirname, join } from "node:path";

/**
 * Writes `data` to `path` atomically, creating the parent folders.
 *
 * @param path the file to write
 * @param data the bytes or text to write
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${crypto.randomUUID()}.tmp`);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
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
