/**
 * Sentences with this run's numbers in them, written as one readable template instead of
 * template-string soup: `{name:format}` placeholders filled from a values object.
 *
 * Formats: `pct` (98.2%), `pct0`, `pct2`, `pts` (+2.1 points), `count` (1,199,882), `num`,
 * `rate` (2,141 images/s), `dur` (12 min 5 s), `spread` (an array of shares: 92.0 ± 2.0%), and
 * none (the value as text).
 *
 * @example
 * ```ts
 * import { renderProse } from "./prose.ts";
 * renderProse("The CNN reads {acc:pct2} of the test digits.", { acc: 0.9823 });
 * // "The CNN reads 98.23% of the test digits."
 * ```
 * @module
 */
import {
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
  formatPercentSpread,
  formatPoints,
  formatRate,
} from "./format.ts";

/** A value a placeholder can take. */
export type ProseValue = string | number | boolean | readonly number[];

const FORMATS: Record<string, (v: ProseValue) => string> = {
  pct: (v) => formatPercent(num(v)),
  pct0: (v) => formatPercent(num(v), { digits: 0 }),
  pct2: (v) => formatPercent(num(v), { digits: 2 }),
  pts: (v) => formatPoints(num(v)),
  pts2: (v) => formatPoints(num(v), { digits: 2 }),
  count: (v) => formatCount(num(v)),
  num: (v) => formatNumber(num(v)),
  rate: (v) => formatRate(num(v)),
  dur: (v) => formatDuration(num(v)),
  spread: (v) => formatPercentSpread(Array.isArray(v) ? v : [num(v)]),
};

function num(v: ProseValue): number {
  if (typeof v !== "number") {
    throw new TypeError(`Cannot format ${JSON.stringify(v)} as a number: expected a number`);
  }
  return v;
}

/**
 * Fills `{name}` and `{name:format}` placeholders.
 *
 * @param template the text, Markdown allowed
 * @param values the values by name
 * @returns the filled text
 * @throws {RangeError} when a placeholder names a missing value or an unknown format
 * @example
 * ```ts
 * import { renderProse } from "./prose.ts";
 * renderProse("{n:count} images in {t:dur}", { n: 25600, t: 725 }); // "25,600 images in 12 min 5 s" (no-break spaces)
 * ```
 */
export function renderProse(template: string, values: Record<string, ProseValue>): string {
  return template.replace(/\{([A-Za-z_$][\w$]*)(?::(\w+))?\}/g, (_m, key: string, fmt?: string) => {
    if (!(key in values)) {
      throw new RangeError(
        `Cannot fill the placeholder {${key}} as no value named '${key}' was given: found ${
          Object.keys(values).join(", ") || "no values"
        }`,
      );
    }
    const v = values[key];
    if (fmt === undefined) return Array.isArray(v) ? v.join(", ") : String(v);
    const f = FORMATS[fmt];
    if (!f) {
      throw new RangeError(
        `Cannot format {${key}:${fmt}} as '${fmt}' is not a format: use one of ${
          Object.keys(FORMATS).join(", ")
        }`,
      );
    }
    return f(v);
  });
}
