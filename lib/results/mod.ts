/**
 * Writing run results: atomic files, temp paths that never outlive their run, and
 * `metrics.json`.
 * @module
 */
export * from "./atomic.ts";
export * from "./temp.ts";
export * from "./metrics.ts";
