import { axis, baseLayout } from "./_layout.ts";
import { colorAt, type Figure, type FigureOptions, type Trace } from "./types.ts";

/** Options of {@linkcode embeddingScatter}. */
export interface EmbeddingScatterOptions extends FigureOptions {
  /** class names by class id (default: the id) */
  classNames?: readonly string[];
  /** per point: was its class seen in training? Seen points are circles, unseen crosses */
  seen?: ArrayLike<boolean>;
  /** x-axis title (default "dimension 1") */
  xTitle?: string;
  /** y-axis title (default "dimension 2") */
  yTitle?: string;
  /** marker size (default 6) */
  markerSize?: number;
}

/**
 * A scatter plot of 2-D points (e.g. an embedding projected to two dimensions), one colour per
 * class and, when `seen` is given, circles for classes seen in training and crosses for unseen.
 *
 * @param points `n` points: a flat `[x0, y0, x1, y1, …]` array or `n` pairs
 * @param labels the class id of each point
 * @param options class names, seen/unseen, titles
 * @returns the Plotly figure (one trace per class and seen/unseen)
 * @throws {RangeError} when the numbers of points, labels and `seen` flags differ
 * @example
 * ```ts
 * import { embeddingScatter } from "./scatter.ts";
 * const fig = embeddingScatter([[0, 0], [1, 1], [2, 0]], [0, 1, 1], { seen: [true, true, false] });
 * fig.data.length; // 3: class 0, class 1 seen, class 1 unseen
 * ```
 */
export function embeddingScatter(
  points: ArrayLike<number> | readonly (readonly number[])[],
  labels: ArrayLike<number>,
  options: EmbeddingScatterOptions = {},
): Figure {
  const nested = points.length > 0 && Array.isArray((points as ArrayLike<unknown>)[0]);
  const n = nested ? points.length : points.length / 2;
  const xy = (i: number, d: 0 | 1): number =>
    nested
      ? (points as readonly (readonly number[])[])[i][d]
      : (points as ArrayLike<number>)[2 * i + d];
  if (!Number.isInteger(n) || n !== labels.length) {
    throw new RangeError(
      `Cannot plot ${points.length}${nested ? " pairs" : " values"} as points with ` +
        `${labels.length} labels: need one x,y pair per label — pass n pairs or 2n values`,
    );
  }
  const seen = options.seen;
  if (seen && seen.length !== n) {
    throw new RangeError(
      `Cannot mark seen classes with ${seen.length} flags for ${n} points — pass one flag per point`,
    );
  }
  const groups = new Map<string, { cls: number; seen: boolean; x: number[]; y: number[] }>();
  for (let i = 0; i < n; i++) {
    const cls = labels[i];
    const s = seen ? Boolean(seen[i]) : true;
    const key = `${cls}|${s}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { cls, seen: s, x: [], y: [] });
    g.x.push(Math.round(xy(i, 0) * 1e4) / 1e4);
    g.y.push(Math.round(xy(i, 1) * 1e4) / 1e4);
  }
  const ordered = [...groups.values()].sort((a, b) =>
    a.cls - b.cls || Number(b.seen) - Number(a.seen)
  );
  const data: Trace[] = ordered.map((g) => {
    const name = options.classNames?.[g.cls] ?? String(g.cls);
    return {
      type: "scatter",
      mode: "markers",
      name: seen ? `${name} (${g.seen ? "seen" : "unseen"})` : name,
      legendgroup: String(g.cls),
      x: g.x,
      y: g.y,
      marker: {
        color: colorAt(g.cls),
        size: options.markerSize ?? 6,
        symbol: g.seen ? "circle" : "x",
        opacity: 0.75,
      },
    };
  });
  return {
    data,
    layout: {
      ...baseLayout(options, { height: 520 }),
      xaxis: axis(options.xTitle ?? "dimension 1"),
      yaxis: axis(options.yTitle ?? "dimension 2"),
      legend: { itemsizing: "constant" },
    },
  };
}
