/**
 * Marking x positions on a figure (a kept epoch, a threshold) with vertical lines across the
 * whole plot area, one palette colour each, so that the line of a model matches its curves.
 * @module
 */
import { colorAt, type Figure, type Layout } from "./types.ts";

/** Options of {@linkcode withVerticalLines}. */
export interface VerticalLineOptions {
  /** line dash (default "dot") */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** line width in pixels (default 2) */
  width?: number;
  /** one CSS colour per line (default: the palette colour of the line's index) */
  colors?: readonly string[];
}

/**
 * A copy of `figure` with a vertical line at each of `xs`, from the bottom of the plot area to
 * its top, added to the layout's shapes.
 *
 * @param figure the figure to mark (not changed)
 * @param xs the x positions, in the data's units
 * @param options dash, width and colours
 * @returns the marked figure
 * @example
 * ```ts
 * import { lineChart, withVerticalLines } from "./mod.ts";
 * const fig = withVerticalLines(lineChart([{ name: "accuracy", y: [0.8, 0.9, 0.85] }]), [2]);
 * (fig.layout.shapes as unknown[]).length; // 1
 * ```
 */
export function withVerticalLines(
  figure: Figure,
  xs: readonly number[],
  options: VerticalLineOptions = {},
): Figure {
  const lines: Layout[] = xs.map((x, i) => ({
    type: "line",
    x0: x,
    x1: x,
    yref: "paper",
    y0: 0,
    y1: 1,
    line: {
      color: options.colors?.[i] ?? colorAt(i),
      dash: options.dash ?? "dot",
      width: options.width ?? 2,
    },
  }));
  const shapes = Array.isArray(figure.layout.shapes) ? figure.layout.shapes as Layout[] : [];
  return { ...figure, layout: { ...figure.layout, shapes: [...shapes, ...lines] } };
}
