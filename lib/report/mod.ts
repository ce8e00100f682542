/**
 * Executing the notebooks and exporting them to HTML with an index page.
 * @module
 */
export * from "./notebook_file.ts";
export * from "./execute.ts";
export * from "./export_html.ts";
export * from "./index_page.ts";
export * from "./report.ts";
