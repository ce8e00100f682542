/**
 * SHA-256 checksums: hashing bytes, and reading and writing `SHA256SUMS` files (`sha256sum`'s
 * format), which vouch for files that are not the official ones (e.g. the 10,000-image mirror).
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "../results/atomic.ts";
import { SHA256SUMS_FILE } from "./datasets.ts";

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
 * import { parseSha256Sums } from "./checksums.ts";
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

/** Adds `sums` to the `SHA256SUMS` of `dir` (creating it), keeping its other lines. */
export async function recordSums(dir: string, sums: Map<string, string>): Promise<void> {
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
