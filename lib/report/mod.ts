/**
 * Executing the notebooks and exporting them to HTML with an index page.
 * @module
 */
export * from "./notebook_file.ts";
export * from "./execute.ts";
export * from "./export_html.ts";
export * from "./index_page.ts";
export * from "./run_record.ts";
export * from "./published.ts";
export * from "./scoreboard.ts";
export * from "./clear_outputs.ts";
export * from "./report.ts";
export * from "./results_lock.ts";
