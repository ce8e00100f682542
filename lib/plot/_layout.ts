import type { FigureOptions, Layout, ValueFormat } from "./types.ts";

/** The layout fields every builder shares: title, size, margins, white template. */
export function baseLayout(options: FigureOptions, defaults: { height?: number } = {}): Layout {
  const layout: Layout = {
    template: "plotly_white",
    margin: { l: 60, r: 20, t: options.title ? 50 : 20, b: 50 },
    height: options.height ?? defaults.height ?? 400,
    plot_bgcolor: "white",
    paper_bgcolor: "white",
  };
  if (options.title) layout.title = { text: options.title, x: 0.5, xanchor: "center" };
  if (options.width !== undefined) layout.width = options.width;
  return layout;
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
