/**
 * Full-batch gradient descent on a {@linkcode ScratchNetwork}, with gradients from
 * `tf.variableGrads` instead of hand-written backpropagation.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ProgressReporter } from "../train/progress.ts";
import { interruptedSince, interruptMark } from "../interrupt/mod.ts";
import { capSteps } from "../config/max_steps.ts";
import { forward, type ScratchNetwork } from "./network.ts";
import { softmaxCrossEntropy } from "./loss.ts";
import { accuracy } from "./metrics.ts";

/** A held-out set to score while training (it is never trained on). */
export interface HeldOutSet {
  /** inputs `[n, inputs]` */
  x: tf.Tensor2D;
  /** one-hot targets `[n, classes]` */
  oneHot: tf.Tensor2D;
}

/** Options of {@linkcode gradientDescent}. */
export interface GradientDescentOptions {
  /** the step size α in `θ ← θ − α · ∂J/∂θ` */
  learningRate: number;
  /** number of full-batch steps (at most `NOTEBOOK_MAX_STEPS` when that is set, see `lib/config`) */
  iterations: number;
  /** record cost and accuracy every this many iterations (and at the last) @default 5 */
  recordEvery?: number;
  /** scored at every record (cost and accuracy), e.g. the test set */
  heldOut?: HeldOutSet;
  /** live progress, e.g. `createProgress("softmax regression")` */
  progress?: ProgressReporter;
}

/** The figures recorded at one iteration. */
export interface GradientDescentRecord {
  /** iterations done before this record (0 = the starting weights) */
  iteration: number;
  /** training cost at these weights */
  cost: number;
  /** training accuracy at these weights */
  accuracy: number;
  /** held-out cost, when a held-out set was given */
  heldOutCost?: number;
  /** held-out accuracy */
  heldOutAccuracy?: number;
}

/** The outcome of {@linkcode gradientDescent}. */
export interface GradientDescentResult {
  /** the records, in order */
  history: GradientDescentRecord[];
  /** training seconds (scoring the held-out set included) */
  seconds: number;
  /** examples processed per second (iterations × n / seconds) */
  imagesPerSecond: number;
  /** iterations run: `options.iterations`, or fewer when interrupted or capped */
  iterations: number;
  /** whether an interrupt stopped the run early (the weights reached are kept and scored) */
  interrupted: boolean;
}

function checkOptions(options: GradientDescentOptions, n: number): number {
  const every = options.recordEvery ?? 5;
  if (!(options.learningRate > 0) || !Number.isFinite(options.learningRate)) {
    throw new RangeError(
      `Cannot run gradient descent with learning rate ${options.learningRate} as it must be a ` +
        `positive number — pass e.g. 0.1`,
    );
  }
  for (const [name, v] of [["iterations", options.iterations], ["recordEvery", every]] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new RangeError(
        `Cannot run gradient descent with ${name} ${v} as it must be a positive integer — pass e.g. 100`,
      );
    }
  }
  if (n <= 0) {
    throw new RangeError(
      `Cannot run gradient descent on ${n} examples as at least one is needed — pass a non-empty x`,
    );
  }
  return every;
}

/**
 * Trains `net` by full-batch gradient descent on softmax cross-entropy: every iteration runs
 * the forward pass over **all** of `x`, asks `tf.variableGrads` for ∂J/∂W and ∂J/∂b of every
 * layer (the backward pass D wrote by hand), and moves each variable a step of `learningRate`
 * against its gradient. No optimiser object, no `model.fit`.
 *
 * The network's variables are updated in place. Leaves no tensors behind. An interrupt
 * (Kernel › Interrupt, Ctrl-C; see `lib/interrupt`) stops it after the current iteration: the
 * weights reached are kept and scored as the last record, and the progress display is marked
 * "interrupted".
 *
 * @param net the network to train
 * @param x training inputs `[n, inputs]`
 * @param oneHot training targets `[n, classes]`
 * @param options learning rate, iterations, recording, held-out set, progress
 * @returns the recorded history and the time taken
 * @throws {RangeError} when an option is out of range, or the cost becomes NaN or infinite
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createNetwork, disposeNetwork } from "./network.ts";
 * import { gradientDescent } from "./gradient_descent.ts";
 * const net = createNetwork([2, 2], { init: "zeros" });
 * const x = tf.tensor2d([[1, 0], [0, 1]]);
 * const y = tf.tensor2d([[1, 0], [0, 1]]);
 * const { history } = await gradientDescent(net, x, y, { learningRate: 1, iterations: 20 });
 * history[history.length - 1].accuracy; // 1
 * tf.dispose([x, y]);
 * disposeNetwork(net);
 * ```
 */
export async function gradientDescent(
  net: ScratchNetwork,
  x: tf.Tensor2D,
  oneHot: tf.Tensor2D,
  options: GradientDescentOptions,
): Promise<GradientDescentResult> {
  const n = x.shape[0];
  const every = checkOptions(options, n);
  const variables = [...net.weights, ...net.biases];
  const history: GradientDescentRecord[] = [];
  const started = performance.now();
  const record = async (iteration: number, cost: number, logits: tf.Tensor2D) => {
    const entry: GradientDescentRecord = {
      iteration,
      cost,
      accuracy: await accuracy(logits, oneHot),
    };
    if (options.heldOut) {
      const { x: hx, oneHot: hy } = options.heldOut;
      const heldLogits = forward(net, hx);
      const heldCost = softmaxCrossEntropy(heldLogits, hy);
      try {
        entry.heldOutCost = (await heldCost.data())[0];
        entry.heldOutAccuracy = await accuracy(heldLogits, hy);
      } finally {
        tf.dispose([heldLogits, heldCost]);
      }
    }
    history.push(entry);
    return entry;
  };
  const mark = interruptMark();
  let lastYield = started;
  const iterations = capSteps(options.iterations);
  let ran = iterations;
  for (let it = 0; it <= iterations; it++) {
    if (performance.now() - lastYield > 200) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // lets an interrupt be noticed
      lastYield = performance.now();
    }
    if (it < iterations && interruptedSince(mark)) ran = it;
    const last = it === ran;
    const recording = it % every === 0 || last;
    let logits: tf.Tensor2D | undefined;
    if (last) {
      // Score the final weights: a forward pass only.
      logits = forward(net, x);
      const cost = softmaxCrossEntropy(logits, oneHot);
      try {
        await record(it, (await cost.data())[0], logits);
      } finally {
        tf.dispose([logits, cost]);
      }
      break;
    }
    // J(θ) and ∂J/∂θ for every variable, in one call; keep the logits when recording.
    const { value, grads } = tf.variableGrads(() => {
      const z = forward(net, x);
      if (recording) logits = tf.keep(z);
      return softmaxCrossEntropy(z, oneHot);
    }, variables);
    const cost = (await value.data())[0];
    value.dispose();
    if (!Number.isFinite(cost)) {
      tf.dispose([...Object.values(grads), ...(logits ? [logits] : [])]);
      throw new RangeError(
        `Cannot continue gradient descent at iteration ${it} as the cost is ${cost} — ` +
          `lower the learning rate (now ${options.learningRate}) or scale the inputs to [0, 1]`,
      );
    }
    if (recording && logits) {
      // Scored before the step, so that record k describes the weights after k steps.
      let entry: GradientDescentRecord;
      try {
        entry = await record(it, cost, logits);
      } finally {
        logits.dispose();
      }
      const elapsed = (performance.now() - started) / 1000;
      options.progress?.update({
        epoch: it + 1,
        epochs: iterations,
        batch: 1,
        batches: 1,
        loss: cost,
        accuracy: entry.accuracy,
        imagesPerSecond: ((it + 1) * n) / Math.max(elapsed, 1e-9),
        etaSeconds: (elapsed / (it + 1)) * (iterations - it - 1),
        ...(entry.heldOutAccuracy !== undefined
          ? { extra: { "held-out accuracy": entry.heldOutAccuracy } }
          : {}),
      });
    }
    // θ ← θ − α · ∂J/∂θ, written out instead of an optimiser.
    tf.tidy(() => {
      for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], options.learningRate)));
    });
    tf.dispose(Object.values(grads));
  }
  const seconds = (performance.now() - started) / 1000;
  const last = history[history.length - 1];
  const interrupted = ran < iterations;
  options.progress?.finish(
    `${interrupted ? `stopped after ${ran} of ` : ""}${iterations} iterations in ${
      seconds.toFixed(1)
    } s · cost ${last.cost.toFixed(4)} · accuracy ${(last.accuracy * 100).toFixed(2)}%`,
    interrupted ? "interrupted" : "done",
  );
  return {
    history,
    seconds,
    imagesPerSecond: (ran * n) / seconds,
    iterations: ran,
    interrupted,
  };
}
