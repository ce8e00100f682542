/**
 * Networks trained by hand-written gradient descent (source D): weights as tensors, the forward
 * pass and cross-entropy written out, gradients from `tf.variableGrads`, full-batch updates, and
 * D's misleading "accuracy" beside the true one.
 *
 * @example
 * ```ts ignore
 * import { createNetwork, gradientDescent, sourceDScore } from "../lib/scratch/mod.ts";
 * const net = createNetwork([784, 10], { init: "zeros" });
 * const { history } = await gradientDescent(net, x, y, { learningRate: 0.009, iterations: 2000 });
 * ```
 * @module
 */
export * from "./network.ts";
export * from "./loss.ts";
export * from "./metrics.ts";
export * from "./gradient_descent.ts";
export * from "./scores.ts";
