/**
 * One factory per architecture, named after what it is and the source project it reproduces
 * (see `../shared/reference/seeds.md`), the custom layers they share (`layers.ts`), the
 * parameter counter (`params.ts`), their parameter constants, and the Deno file IO handler that
 * saves and loads them. Nothing here trains: training lives in `lib/train` (generic),
 * `lib/triple_tasks` (Triple-MNIST) and `lib/gan` (GANs).
 *
 * Each factory has a parameter-count test beside it that pins the architecture.
 * @module
 */
export * from "./io.ts";
export * from "./params.ts";
export * from "./layers.ts";
export * from "./mnist.ts";
export * from "./mnist_specs.ts";
export * from "./fashion.ts";
export * from "./triple_mnist.ts";
export * from "./triple_mnist_task2.ts";
export * from "./gan_types.ts";
export * from "./cdcgan.ts";
export * from "./digit_gan.ts";
export * from "./triplet.ts";
