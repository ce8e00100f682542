/**
 * Showing figures, tables, Markdown and training progress: in the Jupyter kernel as display
 * outputs, outside it (tests, scripts) by returning what would be shown, never failing.
 *
 * @example
 * ```ts
 * import { show } from "./mod.ts";
 * import { barChart } from "../plot/mod.ts";
 * await show(barChart(["a", "b"], [1, 2])); // in a notebook: an interactive bar chart
 * ```
 * @module
 */
export * from "./kernel.ts";
export * from "./plotly_library.ts";
export * from "./figure_html.ts";
export * from "./show.ts";
export * from "./table.ts";
export * from "./layer_table.ts";
export * from "./markdown.ts";
export * from "./format.ts";
export * from "./prose.ts";
export * from "./verdict.ts";
export * from "./progress.ts";
