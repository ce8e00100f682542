/**
 * Run configuration shared by every notebook: the profile, the seed and the step cap.
 * @module
 */
export * from "./profile.ts";
export * from "./seed.ts";
export * from "./max_steps.ts";
