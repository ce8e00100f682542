/**
 * One factory per architecture, named after what it is and the source project it reproduces
 * (see `../shared/reference/seeds.md`), and the Deno file IO handler that saves and loads them.
 *
 * Each factory has a parameter-count test beside it that pins the architecture.
 * @module
 */
export * from "./io.ts";
export * from "./mnist.ts";
export * from "./mnist_specs.ts";
export * from "./fashion.ts";
export * from "./triple_mnist.ts";
export * from "./triple_mnist_task2.ts";
export * from "./cdcgan.ts";
export * from "./triplet.ts";
