/**
 * Run configuration shared by every notebook: the profile and the seed.
 * @module
 */
export * from "./profile.ts";
export * from "./seed.ts";
