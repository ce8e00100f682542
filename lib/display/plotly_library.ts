/**
 * Finds and reads the plotly.js bundle of `npm:plotly.js-dist`, which is read as a file and
 * inlined into notebook HTML (it cannot be imported: it needs a browser).
 * @module
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../paths/mod.ts";

let cached: string | undefined;

/**
 * The path of `plotly.js-dist/plotly.js`: resolved the Node way from this module, else in the
 * project's `node_modules`.
 *
 * @returns an absolute path to an existing file
 * @throws {Error} when neither place has it, saying to run `deno install`
 */
export function plotlyLibraryPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(createRequire(import.meta.url).resolve("plotly.js-dist"));
  } catch {
    // not resolvable from here; try the project's node_modules below
  }
  candidates.push(join(PROJECT_ROOT, "node_modules", "plotly.js-dist", "plotly.js"));
  for (const path of candidates) if (existsSync(path)) return path;
  throw new Error(
    `Cannot find plotly.js-dist as a file in ${candidates.join(" or ")}: it is not installed — ` +
      `run \`deno install\` in ${PROJECT_ROOT}`,
  );
}

/**
 * The plotly.js source, read once and cached, safe to put inside an HTML `<script>` element
 * (every `</script` is written `<\/script`, which JavaScript reads the same).
 *
 * @returns the library's JavaScript source
 * @throws {Error} when the file cannot be found (see {@linkcode plotlyLibraryPath})
 */
export function plotlyLibrarySource(): string {
  cached ??= readFileSync(plotlyLibraryPath(), "utf8").replace(/<\/(script)/gi, "<\\/$1");
  return cached;
}
