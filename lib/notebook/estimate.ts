/**
 * What a notebook's training will cost, known before it trains: each network takes a few
 * optimiser steps on random data of its real shape and batch size (a throwaway copy, on the
 * active backend), and the median step time is multiplied by the steps the active profile takes.
 *
 * It estimates the training steps only: validation after each epoch, scoring, figures and data
 * preparation add to the notebook's run time. The first steps of a network are slower (the engine
 * compiles and fills its caches), so one step is taken untimed first.
 *
 * @example
 * ```ts ignore
 * import { layersWork, showTrainingEstimate } from "../lib/notebook/mod.ts";
 * import { fashionCnn } from "../lib/models/fashion.ts";
 * await showTrainingEstimate(run, [
 *   layersWork("CNN", () => fashionCnn({ seed: 1 }), { batchSize: 64, steps: 8 * 844 }),
 * ]);
 * // in the notebook: a table per network and "Estimated training time under standard on wasm: about 6 min"
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ProfileName } from "../config/mod.ts";
import { Rng } from "../random/mod.ts";
import { fit } from "../train/fit.ts";
import type { ExampleSource } from "../train/source.ts";
import { dropTrainingRecords, trainingRecords } from "../train/throughput.ts";
import { createGanTrainer } from "../gan/trainer.ts";
import type { ConditionalGan } from "../models/gan_types.ts";
import { trainTripletNet } from "../triplet/train.ts";
import { createNetwork, disposeNetwork, forward } from "../scratch/network.ts";
import { softmaxCrossEntropy } from "../scratch/loss.ts";
import { formatDuration, formatNumber, formatRate } from "../display/format.ts";
import { showTable } from "../display/table.ts";
import { showMarkdown } from "../display/markdown.ts";

/** A network set up to take training steps on one random batch. */
export interface CostSubject {
  /** Takes one optimiser step and waits for its result. */
  step(): Promise<void>;
  /** Frees the network, its optimiser and the batch. */
  dispose(): void;
}

/** One training of a notebook: what to time, and how many steps the run takes. */
export interface TrainingWork {
  /** what trains, as the table shows it, e.g. "B's CNN" */
  label: string;
  /** examples (images) per step */
  batchSize: number;
  /** optimiser steps the active profile takes in all (epochs × batches × runs, or iterations) */
  steps: number;
  /** builds a throwaway copy of the network and a random batch on the active backend */
  subject: () => CostSubject;
}

/** What {@linkcode estimateTraining} measured for one training. */
export interface WorkEstimate {
  /** the training's label */
  label: string;
  /** examples per step */
  batchSize: number;
  /** steps the active profile takes */
  steps: number;
  /** median seconds of the timed steps */
  secondsPerStep: number;
  /** `steps × secondsPerStep` */
  seconds: number;
}

/** The estimate of a notebook's training time. */
export interface TrainingEstimate {
  /** the profile the steps are counted for */
  profile: ProfileName;
  /** the backend the steps were timed on */
  backend: string;
  /** one row per training */
  works: WorkEstimate[];
  /** the sum of the trainings' estimates, in seconds */
  seconds: number;
  /** seconds the calibration took */
  calibrationSeconds: number;
  /** the step cap of this run (`NOTEBOOK_MAX_STEPS`), when there is one */
  maxSteps?: number;
}

/** Options of {@linkcode estimateTraining}. */
export interface EstimateOptions {
  /** the profile the steps are counted for (shown) */
  profile: ProfileName;
  /** the backend name (shown; the steps run on the active one) */
  backend: string;
  /** the run's step cap, shown beside the estimate */
  maxSteps?: number;
  /**
   * timed steps per training after the untimed one; fewer when a step is slow (the calibration
   * stops timing a training after about 20 s). 0: one step, timed with its warm-up (an
   * overestimate), which is what a run capped by `maxSteps` takes
   * @default 3, or 0 under a step cap or the `quick` profile
   */
  timedSteps?: number;
}

/**
 * The optimiser steps of a training: `epochs × batches per epoch`, times the runs.
 *
 * @param examples training examples per epoch
 * @param batchSize examples per step
 * @param epochs epochs per run
 * @param options `runs` (e.g. one per seed; default 1), `dropRemainder` (the last, smaller batch
 *   of an epoch is dropped, as the GAN trainer does)
 * @returns a whole number of steps (at least one per epoch)
 * @example
 * ```ts
 * import { trainingSteps } from "./estimate.ts";
 * trainingSteps(9000, 64, 5); // 5 × 141 = 705
 * trainingSteps(9000, 64, 5, { runs: 3, dropRemainder: true }); // 3 × 5 × 140 = 2100
 * ```
 */
export function trainingSteps(
  examples: number,
  batchSize: number,
  epochs: number,
  options: { runs?: number; dropRemainder?: boolean } = {},
): number {
  const perEpoch = options.dropRemainder
    ? Math.max(1, Math.floor(examples / batchSize))
    : Math.max(1, Math.ceil(examples / batchSize));
  return (options.runs ?? 1) * epochs * perEpoch;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times a few steps of a training.
 *
 * @param subject the network and batch ({@linkcode TrainingWork.subject}); disposed here
 * @param timedSteps steps to time after one untimed step (fewer once 20 s have passed); with 0,
 *   the one step is timed, warm-up included
 * @returns the median seconds of the timed steps
 * @example
 * ```ts
 * import { timeSteps } from "./estimate.ts";
 * const seconds = await timeSteps({ step: async () => {}, dispose: () => {} }, 3);
 * seconds < 0.1; // true
 * ```
 */
export async function timeSteps(subject: CostSubject, timedSteps = 3): Promise<number> {
  const records = trainingRecords().length; // timing steps are not trainings: not recorded
  try {
    let t0 = performance.now();
    await subject.step();
    const first = (performance.now() - t0) / 1000;
    const times: number[] = [];
    let spent = first;
    for (let i = 0; i < timedSteps && (i === 0 || spent < 20); i++) {
      t0 = performance.now();
      await subject.step();
      const s = (performance.now() - t0) / 1000;
      times.push(s);
      spent += s;
    }
    return times.length > 0 ? median(times) : first;
  } finally {
    subject.dispose();
    dropTrainingRecords(records);
  }
}

/**
 * Times each training's steps and multiplies by the steps the profile takes.
 *
 * @param works the notebook's trainings
 * @param options profile and backend (shown), the run's step cap, timed steps
 * @returns the estimate per training and in all
 * @throws {RangeError} when a training's steps or batch size are not positive integers
 * @example
 * ```ts
 * import { estimateTraining } from "./estimate.ts";
 * const estimate = await estimateTraining([{
 *   label: "nothing", batchSize: 1, steps: 1000,
 *   subject: () => ({ step: async () => {}, dispose: () => {} }),
 * }], { profile: "quick", backend: "cpu" });
 * estimate.works[0].steps; // 1000
 * ```
 */
export async function estimateTraining(
  works: readonly TrainingWork[],
  options: EstimateOptions,
): Promise<TrainingEstimate> {
  const started = performance.now();
  const rows: WorkEstimate[] = [];
  for (const w of works) {
    for (const [name, v] of [["steps", w.steps], ["batchSize", w.batchSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new RangeError(
          `Cannot estimate the training '${w.label}' with ${name} ${v} as it must be a positive ` +
            `integer: count the steps as epochs × batches per epoch`,
        );
      }
    }
    // one step where the run itself is a check (quick, or capped): the estimate matters less
    // than the time it would take
    const check = options.maxSteps !== undefined || options.profile === "quick";
    const timed = options.timedSteps ?? (check ? 0 : 3);
    const secondsPerStep = await timeSteps(w.subject(), timed);
    rows.push({
      label: w.label,
      batchSize: w.batchSize,
      steps: w.steps,
      secondsPerStep,
      seconds: secondsPerStep * w.steps,
    });
  }
  return {
    profile: options.profile,
    backend: options.backend,
    works: rows,
    seconds: rows.reduce((s, r) => s + r.seconds, 0),
    calibrationSeconds: (performance.now() - started) / 1000,
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
  };
}

/**
 * The sentence that states an estimate, e.g. "Estimated training time under **full** on
 * **wasm**: about **2 h 14 min** …".
 *
 * @param estimate from {@linkcode estimateTraining}
 * @returns Markdown
 * @example
 * ```ts
 * import { estimateProse } from "./estimate.ts";
 * const text = estimateProse({
 *   profile: "full", backend: "wasm", seconds: 7200, calibrationSeconds: 3,
 *   works: [{ label: "CNN", batchSize: 64, steps: 1000, secondsPerStep: 7.2, seconds: 7200 }],
 * });
 * text.includes("about **2\u00a0h**"); // true
 * ```
 */
export function estimateProse(estimate: TrainingEstimate): string {
  const n = estimate.works.length;
  let text = `Estimated training time under **${estimate.profile}** on **${estimate.backend}**: ` +
    `about **${formatDuration(estimate.seconds)}** (${
      n === 1 ? "the training's optimiser steps, its network" : `the sum of ${n} trainings' ` +
        "optimiser steps, each network"
    } timed on random data for ${formatDuration(estimate.calibrationSeconds)}; validation, ` +
    `scoring and figures add to it).`;
  if (estimate.maxSteps !== undefined) {
    const capped = estimate.works.reduce(
      (s, w) => s + Math.min(w.steps, estimate.maxSteps! * estimate.maxSteps!) * w.secondsPerStep,
      0,
    );
    text += ` This run is capped (NOTEBOOK_MAX_STEPS=${estimate.maxSteps}): each network was ` +
      `timed on one step, warm-up included, so the estimate is on the high side; each training ` +
      `takes at most ${estimate.maxSteps}×${estimate.maxSteps} steps, about ` +
      `${formatDuration(capped)} in all.`;
  }
  return text;
}

/**
 * Estimates the notebook's training time and shows it: one row per training (steps, seconds
 * per step, images/s, estimate) and a sentence with the total. The estimate is kept in
 * `run.trainingEstimate`, which the run's `writeMetrics` records in metrics.json.
 *
 * @param run the notebook's run (`setupNotebook`): its profile, backend and step cap
 * @param works the notebook's trainings
 * @param options timed steps per training
 */
export async function showTrainingEstimate(
  run: {
    profile: ProfileName;
    backend: { name: string };
    maxSteps?: number;
    trainingEstimate?: TrainingEstimate;
  },
  works: readonly TrainingWork[],
  options: { timedSteps?: number } = {},
): Promise<void> {
  const estimate = await estimateTraining(works, {
    profile: run.profile,
    backend: run.backend.name,
    ...(run.maxSteps === undefined ? {} : { maxSteps: run.maxSteps }),
    ...options,
  });
  await showTable(
    estimate.works.map((w) => ({
      training: w.label,
      "images per step": w.batchSize,
      steps: w.steps,
      "s per step": formatNumber(w.secondsPerStep),
      "images/s": formatRate(w.batchSize / w.secondsPerStep),
      estimate: formatDuration(w.seconds),
    })),
    { caption: `Training time under ${estimate.profile} on ${estimate.backend}, estimated` },
  );
  await showMarkdown(estimateProse(estimate));
  run.trainingEstimate = estimate;
}

// ---------------------------------------------------------------------------------------------
// Subjects: a training's step on random data of the real shape.

function uniform(rng: Rng, shape: number[], lo = 0, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(lo, hi)), shape);
}

function oneHotRows(rng: Rng, rows: number, classes: number): tf.Tensor {
  return tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(Int32Array.from({ length: rows }, () => rng.int(classes)), "int32"),
      classes,
    ).toFloat()
  );
}

function featureShape(shape: readonly (number | null)[], what: string): number[] {
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) {
    throw new RangeError(
      `Cannot estimate a network whose ${what} shape [${shape}] has an open dimension besides ` +
        `the batch: give it a fixed input shape`,
    );
  }
  return rest as number[];
}

/**
 * A training by `fit` (lib/train) of a compiled Layers model with one input and one softmax
 * output: each timed step is a `fit` of one batch of random inputs and one-hot targets.
 *
 * @param label what trains
 * @param build builds the model to train (a fresh copy: it is trained on noise and disposed);
 *   one not compiled is compiled with Adam and categorical cross-entropy, as the Task 2 trainer
 *   does
 * @param options examples per step, the profile's steps, and how many model rows one example
 *   makes (3 for Task 3's thirds: a step of 256 images trains on 768 rows)
 * @returns the training, for {@linkcode estimateTraining}
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { estimateTraining, layersWork } from "./estimate.ts";
 * const build = () => {
 *   const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: "softmax" })] });
 *   m.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
 *   return m;
 * };
 * const e = await estimateTraining([layersWork("tiny", build, { batchSize: 8, steps: 10 })], {
 *   profile: "quick", backend: tf.getBackend(),
 * });
 * e.seconds > 0; // true
 * ```
 */
export function layersWork(
  label: string,
  build: () => tf.LayersModel,
  options: { batchSize: number; steps: number; rowsPerExample?: number },
): TrainingWork {
  return {
    label,
    batchSize: options.batchSize,
    steps: options.steps,
    subject() {
      const model = build();
      if (!model.optimizer) {
        model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
      }
      const rows = options.batchSize * (options.rowsPerExample ?? 1);
      const rng = new Rng(1);
      const xs = uniform(rng, [rows, ...featureShape(model.inputs[0].shape, "input")]);
      const classes = featureShape(model.outputs[0].shape, "output")[0];
      const ys = oneHotRows(rng, rows, classes);
      const source: ExampleSource = {
        size: rows,
        batch: () => ({ xs: xs.clone(), ys: ys.clone() }),
      };
      return {
        async step() {
          await fit(model, source, { epochs: 1, batchSize: rows, seed: 1, shuffle: false });
        },
        dispose() {
          tf.dispose([xs, ys]);
          model.optimizer?.dispose();
          model.dispose();
        },
      };
    },
  };
}

/**
 * A GAN training (`trainGan`, lib/gan): each timed step is one generator and one discriminator
 * step on a batch of random images and labels.
 *
 * @param label what trains
 * @param build builds the GAN (a fresh copy, disposed after timing)
 * @param options real images per step, the profile's steps
 * @returns the training, for {@linkcode estimateTraining}
 */
export function ganWork(
  label: string,
  build: () => ConditionalGan,
  options: { batchSize: number; steps: number },
): TrainingWork {
  return {
    label,
    batchSize: options.batchSize,
    steps: options.steps,
    subject() {
      const gan = build();
      const trainer = createGanTrainer(gan, { seed: 1 });
      const rng = new Rng(1);
      const b = options.batchSize;
      const real = uniform(rng, [b, gan.imageSize, gan.imageSize, 1], -1, 1);
      const labels = tf.tensor2d(
        Int32Array.from({ length: b * gan.digits }, () => rng.int(10)),
        [b, gan.digits],
        "int32",
      );
      return {
        async step() {
          await trainer.step(real, labels);
        },
        dispose() {
          tf.dispose([real, labels]);
          trainer.dispose();
          gan.generator.dispose();
          gan.discriminator.dispose();
        },
      };
    },
  };
}

/**
 * A triplet-loss training (`trainTripletNet`, lib/triplet): each timed step is one Adam step on
 * a class-balanced batch of random images (three classes, random triplets).
 *
 * @param label what trains
 * @param build builds the embedding network (a fresh copy, disposed after timing)
 * @param options images per batch (a multiple of 3), the profile's steps
 * @returns the training, for {@linkcode estimateTraining}
 */
export function tripletWork(
  label: string,
  build: () => tf.LayersModel,
  options: { batchSize: number; steps: number },
): TrainingWork {
  return {
    label,
    batchSize: options.batchSize,
    steps: options.steps,
    subject() {
      const model = build();
      const b = options.batchSize;
      const x = uniform(new Rng(1), [b, ...featureShape(model.inputs[0].shape, "input")]);
      const batch = {
        indices: Int32Array.from({ length: b }, (_, i) => i),
        labels: Int32Array.from({ length: b }, (_, i) => i % 3),
      };
      return {
        async step() {
          await trainTripletNet(model, [batch], () => x.clone(), { epochs: 1, seed: 1 });
        },
        dispose() {
          x.dispose();
          model.dispose();
        },
      };
    },
  };
}

/**
 * Full-batch gradient descent on a hand-made network (`gradientDescent`, lib/scratch): each
 * timed step is the forward pass over all `examples` random inputs, the gradients and the update.
 *
 * @param label what trains
 * @param layers the layer sizes, e.g. `[784, 10]`
 * @param options examples per step (every training example), the profile's iterations
 * @returns the training, for {@linkcode estimateTraining}
 */
export function gradientDescentWork(
  label: string,
  layers: number[],
  options: { examples: number; steps: number },
): TrainingWork {
  return {
    label,
    batchSize: options.examples,
    steps: options.steps,
    subject() {
      const net = createNetwork(layers, { seed: 1 });
      const rng = new Rng(1);
      const x = uniform(rng, [options.examples, layers[0]]) as tf.Tensor2D;
      const y = oneHotRows(rng, options.examples, layers[layers.length - 1]) as tf.Tensor2D;
      const variables = [...net.weights, ...net.biases];
      return {
        async step() {
          const { value, grads } = tf.variableGrads(
            () => softmaxCrossEntropy(forward(net, x), y),
            variables,
          );
          await value.data();
          tf.tidy(() => {
            for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.01)));
          });
          tf.dispose([value, ...Object.values(grads)]);
        },
        dispose() {
          tf.dispose([x, y]);
          disposeNetwork(net);
        },
      };
    },
  };
}
