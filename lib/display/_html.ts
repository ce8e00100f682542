/** Internal: text made safe to put between HTML tags or in a quoted attribute. */

/**
 * Escapes `&`, `<`, `>` and `"`.
 *
 * @param text any text
 * @returns the text as HTML
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
