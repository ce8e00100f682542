/**
 * Makes a page exported by `jupyter nbconvert --to html` self-contained: it loads nothing from
 * `file://` or the network, so it works when `results/html/` is copied to another machine or
 * served over http.
 *
 * nbconvert's template links require.js and MathJax from outside the page (Debian's build from
 * `file:///usr/share/javascript/…`, upstream's from a CDN), and leaves the math of Markdown as
 * `$…$` text for MathJax to typeset in the browser. This module
 *
 * - removes those `<script src>` elements and MathJax's configuration (our figures need neither:
 *   they draw with the packed plotly.js the page carries, see `lib/display/figure_html.ts`);
 * - typesets the math of Markdown cells and Markdown outputs at export time with KaTeX, as
 *   MathML, which browsers render natively (no fonts, no script);
 * - lists every load left that leaves the page ({@linkcode externalLoads}), so a test can
 *   insist there is none.
 *
 * @example
 * ```ts
 * import { selfContainedHtml } from "./export_html.ts";
 * const { html, report } = selfContainedHtml(
 *   '<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>' +
 *     '<div class="jp-RenderedMarkdown"><p>Loss $m = 1$</p></div>',
 * );
 * report.math; // 1
 * html.includes("<math"); // true
 * ```
 * @module
 */
import katex from "katex";

/** What {@linkcode selfContainedHtml} changed and found. */
export interface ExportReport {
  /** the `src` of each external script removed */
  removedScripts: string[];
  /** whether MathJax's configuration block was removed */
  removedMathJax: boolean;
  /** formulas typeset */
  math: number;
  /** formulas KaTeX could not read (left as their source text), with the reason */
  mathErrors: string[];
  /** loads that still leave the page (should be empty) */
  externalLoads: string[];
  /** the page's size in bytes (UTF-8) */
  bytes: number;
}

/** The class names of rendered Markdown in nbconvert's lab and classic templates. */
const MARKDOWN_CLASSES = ["jp-RenderedMarkdown", "text_cell_render"];

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** Elements whose text is never math: code and preformatted text. */
const VERBATIM = new Set(["code", "pre", "kbd", "samp", "textarea"]);

/**
 * Scripts and styles (raw text), comments, tags, text, and a lone `<` (text too).
 */
const TOKEN =
  /<script\b[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<!--[\s\S]*?-->|<\/?[A-Za-z][^>]*>|[^<]+|</g;

/**
 * The resources a page loads from outside itself: `src` of scripts, images, frames and media,
 * `href` of `<link>` elements, and CSS `url(…)`s, that point at `file:`, `http:`, `https:` or a
 * protocol-relative `//` address. Links people click (`<a href>`) are not loads.
 *
 * @param html the page
 * @returns one `tag attribute=value` line per load
 * @example
 * ```ts
 * import { externalLoads } from "./export_html.ts";
 * externalLoads('<script src="file:///x.js"></script><a href="https://e.org">e</a>');
 * // ["script src=file:///x.js"]
 * ```
 */
export function externalLoads(html: string): string[] {
  const found: string[] = [];
  const outside = /^\s*(?:file:|https?:|\/\/)/i;
  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    const tag = token.match(/^<([A-Za-z][\w-]*)\b([^>]*)>/);
    if (tag) {
      const name = tag[1].toLowerCase();
      const attrs = tag[2];
      const attr = name === "link" ? "href" : name === "a" ? null : "src";
      if (attr) {
        const v = attrs.match(
          new RegExp(`\\b${attr}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"),
        );
        const value = v ? (v[2] ?? v[3] ?? v[4]) : undefined;
        if (value !== undefined && outside.test(value)) found.push(`${name} ${attr}=${value}`);
      }
    }
    const css = /^<style\b/i.test(token) ? token : tag && !/^<script\b/i.test(token) ? tag[2] : "";
    if (css !== "") {
      for (const u of css.matchAll(/url\(\s*['"]?([^'")]+)/gi)) {
        if (outside.test(u[1])) found.push(`css url(${u[1]})`);
      }
    }
  }
  return found;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** A formula found in text: where it is and how it is written. */
interface MathSpan {
  start: number;
  end: number;
  tex: string;
  display: boolean;
}

/**
 * The formulas in a run of (escaped) text, with MathJax's delimiters as nbconvert configures
 * them: `$…$` and `\(…\)` inline, `$$…$$`, `\[…\]` and `\begin{env}…\end{env}` displayed; `\$`
 * is a dollar sign.
 */
function findMath(text: string): MathSpan[] {
  const spans: MathSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "$") {
      i += 2;
      continue;
    }
    let open = "", close = "", display = false;
    if (text.startsWith("$$", i)) [open, close, display] = ["$$", "$$", true];
    else if (c === "$") [open, close, display] = ["$", "$", false];
    else if (text.startsWith("\\[", i)) [open, close, display] = ["\\[", "\\]", true];
    else if (text.startsWith("\\(", i)) [open, close, display] = ["\\(", "\\)", false];
    else if (text.startsWith("\\begin{", i)) {
      const env = text.slice(i).match(/^\\begin\{([A-Za-z*]+)\}/);
      if (env) {
        const endTag = `\\end{${env[1]}}`;
        const end = text.indexOf(endTag, i + env[0].length);
        if (end >= 0) {
          spans.push({
            start: i,
            end: end + endTag.length,
            tex: text.slice(i, end + endTag.length),
            display: true,
          });
          i = end + endTag.length;
          continue;
        }
      }
      i++;
      continue;
    } else {
      i++;
      continue;
    }
    let j = i + open.length;
    let end = -1;
    while (j < text.length) {
      if (text[j] === "\\" && close === "$") {
        j += 2;
        continue;
      }
      if (text.startsWith(close, j)) {
        end = j;
        break;
      }
      if (text.startsWith("\n\n", j)) break; // math never spans paragraphs
      j++;
    }
    const tex = end >= 0 ? text.slice(i + open.length, end) : "";
    if (end < 0 || tex.trim() === "") {
      i += open.length;
      continue;
    }
    spans.push({ start: i, end: end + close.length, tex, display });
    i = end + close.length;
  }
  return spans;
}

function typesetRun(text: string, report: ExportReport): string {
  const spans = findMath(text);
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start);
    const source = text.slice(s.start, s.end);
    try {
      out += katex.renderToString(decodeEntities(s.tex), {
        displayMode: s.display,
        output: "mathml",
        throwOnError: true,
        strict: "ignore",
      });
      report.math++;
    } catch (e) {
      report.mathErrors.push(`${decodeEntities(source)}: ${(e as Error).message}`);
      out += source;
    }
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Typesets the math of rendered Markdown (outside code) as MathML, in place.
 */
function typesetMarkdown(html: string, report: ExportReport): string {
  const out: string[] = [];
  // open elements: name, whether it starts rendered Markdown, whether its text is verbatim
  const stack: { name: string; markdown: boolean; verbatim: boolean }[] = [];
  let markdownDepth = 0;
  let verbatimDepth = 0;
  let text = "";
  const flush = () => {
    if (text === "") return;
    out.push(markdownDepth > 0 && verbatimDepth === 0 ? typesetRun(text, report) : text);
    text = "";
  };
  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    if (token[0] !== "<" || token === "<") {
      text += token;
      continue;
    }
    flush();
    out.push(token);
    const tag = token.match(/^<(\/?)([A-Za-z][\w-]*)\b([^>]*)>/);
    if (!tag || /^<(script|style)\b/i.test(token)) continue;
    const [, closing, rawName, attrs] = tag;
    const name = rawName.toLowerCase();
    if (closing) {
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at < 0) continue;
      for (const e of stack.splice(at)) {
        if (e.markdown) markdownDepth--;
        if (e.verbatim) verbatimDepth--;
      }
    } else if (!VOID_ELEMENTS.has(name) && !attrs.trimEnd().endsWith("/")) {
      const cls = attrs.match(/\bclass\s*=\s*("([^"]*)"|'([^']*)')/i);
      const classes = (cls?.[2] ?? cls?.[3] ?? "").split(/\s+/);
      const markdown = MARKDOWN_CLASSES.some((c) => classes.includes(c));
      const verbatim = VERBATIM.has(name);
      if (markdown) markdownDepth++;
      if (verbatim) verbatimDepth++;
      stack.push({ name, markdown, verbatim });
    }
  }
  flush();
  return out.join("");
}

/**
 * The page made self-contained: external scripts and MathJax removed, Markdown math typeset as
 * MathML. Idempotent.
 *
 * @param html a page exported by `jupyter nbconvert --to html`
 * @returns the new page and what was done
 */
export function selfContainedHtml(html: string): { html: string; report: ExportReport } {
  const report: ExportReport = {
    removedScripts: [],
    removedMathJax: false,
    math: 0,
    mathErrors: [],
    externalLoads: [],
    bytes: 0,
  };
  let page = html.replace(
    /[ \t]*<!-- Load mathjax -->[\s\S]*?<!-- End of mathjax configuration -->/,
    (block) => {
      report.removedMathJax = true;
      for (const m of block.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) {
        report.removedScripts.push(m[1]);
      }
      return "";
    },
  );
  page = page.replace(
    /<script\b[^>]*type\s*=\s*["']text\/x-mathjax-config["'][^>]*>[\s\S]*?<\/script\s*>/gi,
    () => {
      report.removedMathJax = true;
      return "";
    },
  );
  page = page.replace(
    /[ \t]*<script\b[^>]*\bsrc\s*=\s*["']?((?:file:|https?:|\/\/)[^"'\s>]*)["']?[^>]*>\s*<\/script\s*>\n?/gi,
    (_m, src: string) => {
      report.removedScripts.push(src);
      return "";
    },
  );
  page = typesetMarkdown(page, report);
  report.externalLoads = externalLoads(page);
  report.bytes = new TextEncoder().encode(page).length;
  return { html: page, report };
}

/**
 * Rewrites an exported page in place with {@linkcode selfContainedHtml}. Call it on the
 * temporary file before renaming it into place, so the result appears atomically.
 *
 * @param path the exported `.html` file
 * @returns what was done
 */
export async function makePageSelfContained(path: string): Promise<ExportReport> {
  const { html, report } = selfContainedHtml(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, html);
  return report;
}
