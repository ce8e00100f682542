/**
 * Plotly figure builders: pure functions from data to a {@linkcode Figure} spec. Only
 * `lib/display` knows how to show a figure; these functions only build it.
 *
 * @example
 * ```ts
 * import { barChart } from "./mod.ts";
 * const fig = barChart(["MLP", "CNN"], [0.975, 0.991], { title: "Test accuracy", format: "percent" });
 * fig.data[0].type; // "bar"
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./line.ts";
export * from "./curves.ts";
export * from "./bar.ts";
export * from "./histogram.ts";
export * from "./heatmap.ts";
export * from "./image_grid.ts";
export * from "./animation.ts";
export * from "./violin.ts";
export * from "./scatter.ts";
export * from "./probability.ts";
export * from "./model.ts";
export * from "./gan.ts";
export * from "./png_grid.ts";
export * from "./attention.ts";
export * from "./triple_digits.ts";
export * from "./tables.ts";
export * from "./side_by_side.ts";
export * from "./image_set_grid.ts";
export * from "./vertical_lines.ts";
