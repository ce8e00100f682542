/**
 * Finds measured-looking figures written as literal text in a notebook's Markdown.
 *
 * The rule (the collection's "rules of honest results"): prose states no measured figure as
 * literal text. Numbers of this run are rendered from variables by code cells (`showProse`),
 * figures of an earlier study are loaded from a file the repo regenerates, and a source's
 * published figures are cited as that source's. So a number with a unit of measurement (%,
 * points, ×, s, ms, min, h, images/s) may appear in a Markdown cell only
 *
 * - **cited as a source's figure**: its sentence names the source before it, with a citing verb,
 *   as in "B reported 99.87%", "D's notebook printed 94.18%", "E's README says …"; the sources
 *   are A–E of `shared/reference/seeds.md` (a name such as "source B" or "B's" works too);
 * - **as a setting in code**: inside an inline code span or a code block (`±10%`, `lr 1e-3`);
 * - **in math**: inside `$…$` or `$$…$$`;
 * - **as a shape**: `28×28`, `84×84×1` (a `×` between two numbers is a size, not a ratio).
 *
 * A ratio written as a word counts as a figure too: "fivefold", "a 10-fold gain", "five to
 * tenfold" (but not "10-fold cross-validation", a setting).
 *
 * Everything else is reported, with the sentence it sits in.
 *
 * @module
 */

/** A figure found outside the allowed places. */
export interface UncitedFigure {
  /** the figure as written, e.g. "98.2%" */
  figure: string;
  /** the sentence (or line) it sits in, trimmed */
  sentence: string;
}

/** The units that make a number a measurement. */
const UNIT = String
  .raw`(?:\s?%|\s?(?:per\s?cent|percent|points?|pp|images\/s|digits\/s|steps\/s|ms|min|minutes?|seconds?|hours?|h|s)\b)`;
/** A number, a range of numbers, or a number with a unit; ≈ / ~ / ± may precede it. */
const FIGURE = new RegExp(
  String.raw`(?<![\w.])(?:[≈~±]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?[–-]\s?\d[\d,]*(?:\.\d+)?)?${UNIT}` +
    String.raw`|(?<![\d.])\d+(?:\.\d+)?\s?×(?!\s?\d)|(?<![\d\w]\s?)×\s?\d+(?:\.\d+)?(?![\d×])`,
  "gu",
);
/** A ratio in words: "tenfold", "five to tenfold", "a 3-fold drop" (not "k-fold cross-…"). */
const FOLD = new RegExp(
  String
    .raw`\b(?:(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand)[\s-]?to[\s-]?)?` +
    String
      .raw`(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand)[\s-]?fold\b(?![\s-]+cross)`,
  "giu",
);
/** A sentence that cites a source before its figures: "B reported", "D's notebook printed". */
const CITATION = new RegExp(
  String
    .raw`\b(?:source\s+)?[A-E](?:'s|’s)?(?:\s+(?:own|README|notebook|paper|code|script|run|lab brief|brief|assignment|table|log))*\s+` +
    String
      .raw`(?:reported|reports|published|publishes|printed|prints|claimed|claims|gave|gives|says|said|states|stated|wrote|writes|lists|listed|quotes|quoted|measured|found|got|used|uses|set|sets|chose|trained|trains|ran|reached|scored)\b`,
  "u",
);

/** Removes code blocks, inline code and math, keeping line structure. */
function stripExempt(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/\$\$[\s\S]*?\$\$/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/`[^`\n]*`/g, (m) => " ".repeat(m.length))
    .replace(/\$[^$\n]+\$/g, (m) => " ".repeat(m.length));
}

/** Splits text into sentences (and list items / lines), keeping each one's text. */
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n|\n(?=\s*(?:[-*]|\d+\.|#+|\|)\s)/)) {
    for (const s of block.replace(/\s+/g, " ").split(/(?<=;)\s+|(?<=[.!?])\s+(?=[A-Z(*_"“])/)) {
      if (s.trim() !== "") out.push(s.trim());
    }
  }
  return out;
}

/**
 * The figures in `markdown` that are neither cited as a source's nor exempt.
 *
 * @param markdown one Markdown cell's source
 * @returns each uncited figure with its sentence
 * @example
 * ```ts
 * import { uncitedFigures } from "./prose_figures.ts";
 * uncitedFigures("B reported 99.87% test accuracy."); // []
 * uncitedFigures("Our CNN reaches 98.2%.").length; // 1
 * uncitedFigures("Each `±10%` shift of a 28×28 image."); // []
 * ```
 */
export function uncitedFigures(markdown: string): UncitedFigure[] {
  const found: UncitedFigure[] = [];
  for (const sentence of sentences(stripExempt(markdown))) {
    const matches = [...sentence.matchAll(FIGURE), ...sentence.matchAll(FOLD)]
      .sort((a, b) => a.index - b.index);
    for (const m of matches) {
      const before = sentence.slice(0, m.index);
      if (CITATION.test(before)) continue;
      found.push({ figure: m[0].trim(), sentence });
    }
  }
  return found;
}
