/**
 * Downloading one data-set file: connect and idle time-outs, a SHA-256 check before anything is
 * written, and an atomic write into the cache.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../results/atomic.ts";
import type { DatasetFile } from "./datasets.ts";
import { sha256Hex } from "./checksums.ts";

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
export async function downloadFile(
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
