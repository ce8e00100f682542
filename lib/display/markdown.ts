/**
 * Markdown in notebook outputs (e.g. a result sentence with numbers filled in).
 * @module
 */
import { displayBundle, isKernel } from "./kernel.ts";
import { type ProseValue, renderProse } from "./prose.ts";

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

/**
 * Shows a sentence with this run's numbers filled in: {@linkcode renderProse} then
 * {@linkcode showMarkdown}. Prose with measured figures goes through here, never into a Markdown
 * cell as literal text.
 *
 * @param template Markdown with `{name:format}` placeholders (see `renderProse`)
 * @param values the values by name
 * @returns `undefined` in the kernel, else the filled Markdown
 * @throws {RangeError} when a placeholder names a missing value or an unknown format
 * @example
 * ```ts
 * import { showProse } from "./markdown.ts";
 * await showProse("The CNN reads **{acc:pct2}** of the test digits.", { acc: 0.9823 });
 * // outside a kernel: "The CNN reads **98.23%** of the test digits."
 * ```
 */
export async function showProse(
  template: string,
  values: Record<string, ProseValue>,
): Promise<string | undefined> {
  return await showMarkdown(renderProse(template, values));
}
