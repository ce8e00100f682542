import type { FigureOptions, Layout, ValueFormat } from "./types.ts";

/** Pixels at the top of a figure where Plotly shows its mode bar (the toolbar on hover). */
export const MODE_BAR_BAND = 34;

/**
 * A figure title that sits just above the plot area, below the mode bar's band, so the two
 * never overlap whatever the title's length, and the top margin that makes room for both.
 *
 * @param text the title (`<br>` starts a new line)
 * @returns the layout's `title` and its top margin in pixels
 */
export function titleLayout(text: string): { title: Record<string, unknown>; top: number } {
  const lines = text.split(/<br\s*\/?>/i).length;
  return {
    title: {
      text,
      x: 0.5,
      xanchor: "center",
      xref: "paper",
      y: 1,
      yanchor: "bottom",
      yref: "paper",
      pad: { b: 12 },
    },
    top: MODE_BAR_BAND + 22 * lines + 12,
  };
}

/** The layout fields every builder shares: title, size, margins, white template. */
export function baseLayout(options: FigureOptions, defaults: { height?: number } = {}): Layout {
  const title = options.title ? titleLayout(options.title) : undefined;
  const layout: Layout = {
    template: "plotly_white",
    margin: { l: 60, r: 20, t: title ? title.top : 20, b: 50 },
    height: options.height ?? defaults.height ?? 400,
    plot_bgcolor: "white",
    paper_bgcolor: "white",
  };
  if (title) layout.title = title.title;
  if (options.width !== undefined) layout.width = options.width;
  return layout;
}

/**
 * Readable ticks for a logarithmic axis over `values`: 1-2-5 steps (1, 2, 5, 10, 20, …), finer
 * steps over a narrow range and whole decades over a wide one, each labelled in full ("0.05",
 * "2", "1,000") instead of Plotly's default, which labels the steps between decades with a
 * lone digit ("3, 2, 10, 9 … 2").
 *
 * @param values the data on the axis (non-positive and non-finite values are ignored)
 * @returns Plotly's `tickvals` and `ticktext`, or nothing when no value is positive
 * @example
 * ```ts
 * import { logTicks } from "./_layout.ts";
 * logTicks([0.06, 0.4, 2.3])?.ticktext; // ["0.1", "0.2", "0.5", "1", "2"]
 * ```
 */
export function logTicks(
  values: Iterable<number>,
): { tickvals: number[]; ticktext: string[] } | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) return undefined;
  const pick = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
      }
    }
    return out;
  };
  let ticks = pick([1, 2, 5]);
  if (ticks.length < 3) ticks = pick([1, 1.5, 2, 3, 4, 5, 6, 8]);
  if (ticks.length < 2) ticks = [lo, hi].map((v) => Number(v.toPrecision(2)));
  if (ticks.length > 10) ticks = pick([1]);
  ticks = [...new Set(ticks)];
  return { tickvals: ticks, ticktext: ticks.map(tickText) };
}

function tickText(v: number): string {
  if (v >= 1000) return Math.round(v).toLocaleString("en-US");
  if (v >= 1e-4) return String(Number(v.toPrecision(3)));
  return v.toExponential(0).replace("e-", "e−");
}

/** An axis with a title and light grid lines. */
export function axis(title?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...(title ? { title: { text: title } } : {}),
    gridcolor: "#e5e5e5",
    zerolinecolor: "#bbbbbb",
    ...extra,
  };
}

/** `Array.from` with rounding to `digits` decimals, to keep specs small. */
export function roundArray(values: ArrayLike<number>, digits = 6): number[] {
  const f = 10 ** digits;
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? Math.round(v * f) / f : v;
  }
  return out;
}

/** Throws a RangeError in the project's sentence pattern when two lengths differ. */
export function checkSameLength(what: string, a: number, b: number, expected: string): void {
  if (a !== b) {
    throw new RangeError(
      `Cannot plot ${what} as ${expected}: lengths are ${a} and ${b} — pass arrays of equal length`,
    );
  }
}

/** Formats a number for a label on a bar or a cell. */
export function formatValue(v: number, format: ValueFormat = "auto"): string {
  if (typeof format === "function") return format(v);
  if (!Number.isFinite(v)) return String(v);
  switch (format) {
    case "percent":
      return `${(v * 100).toFixed(1)}%`;
    case "integer":
      return Math.round(v).toLocaleString("en-US");
    case "auto":
    default: {
      if (Number.isInteger(v)) return v.toLocaleString("en-US");
      const a = Math.abs(v);
      if (a >= 100) return v.toFixed(0);
      if (a >= 1) return v.toFixed(2);
      return v.toPrecision(3);
    }
  }
}
