/**
 * Writing run results: atomic files and `metrics.json`.
 * @module
 */
export * from "./atomic.ts";
export * from "./metrics.ts";
