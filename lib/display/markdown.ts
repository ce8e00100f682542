/**
 * Markdown in notebook outputs (e.g. a result sentence with numbers filled in).
 * @module
 */
import { displayBundle, isKernel } from "./kernel.ts";

/**
 * Shows Markdown: in the kernel as `text/markdown` (with the source as `text/plain`); outside
 * it, returns the Markdown.
 *
 * @param markdown the Markdown source
 * @returns `undefined` in the kernel, else `markdown`
 * @example
 * ```ts
 * import { showMarkdown } from "./markdown.ts";
 * await showMarkdown("**CNN** reaches 99.1%"); // outside a kernel: the string back
 * ```
 */
export async function showMarkdown(markdown: string): Promise<string | undefined> {
  if (!isKernel()) return markdown;
  await displayBundle({ "text/markdown": markdown, "text/plain": markdown });
  return undefined;
}
