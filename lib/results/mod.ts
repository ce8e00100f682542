/**
 * Writing run results: atomic files, temp paths that never outlive their run, `metrics.json`,
 * and `cachedArtifact`, the one load-if-the-key-matches-else-make-and-save of saved results.
 * @module
 */
export * from "./atomic.ts";
export * from "./temp.ts";
export * from "./metrics.ts";
export * from "./cached.ts";
