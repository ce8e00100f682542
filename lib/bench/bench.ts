/**
 * Training throughput: images per second of one optimiser step at batch 128, after warm-up
 * steps, the median of enough timed steps to settle, for each backend and model.
 *
 * Models (from `lib/models`): `small-cnn` (225,034 parameters, 28×28), `deep-digits-cnn` (B's
 * 1,199,882-parameter CNN), `triple-per-digit-cnn` (A's Task 3 network, 1,820,474 parameters,
 * trained on the three 84×28 thirds of each 84×84 image: an image counts once), `cdcgan-step`
 * (one generator and one discriminator step of A's Task 5 cDCGAN on 84×84 images).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import { deepDigitsCnn, smallCnn } from "../models/mnist.ts";
import { compileTripleCnn, triplePerDigitCnn } from "../models/triple_mnist.ts";
import { cdcgan } from "../models/cdcgan.ts";
import { createGanTrainer } from "../gan/trainer.ts";

/** One benchmark figure, as written to `results/bench.json`. */
export interface BenchResult {
  /** the model's bench name, e.g. `small-cnn` */
  model: string;
  /** the TF.js backend, e.g. `wasm` */
  backend: string;
  /** training images per second (median over the timed steps) */
  imagesPerSecond: number;
  /** images per step */
  batch: number;
}

/** A model set up to take training steps on random data. */
export interface BenchSubject {
  /** Takes one optimiser step on the prepared batch and waits for its result. */
  step(): Promise<void>;
  /** Frees the model, optimiser and data. */
  dispose(): void;
}

/** A benchmark model: how to build it for a batch of `batch` images. */
export interface BenchModel {
  /** the bench name */
  name: string;
  /** what it is, for the table */
  description: string;
  /** timed steps when the caller names none (enough for the median to settle; fewer for the slow models) */
  defaultSteps: number;
  /** Builds the model and a random batch on the active backend. */
  create(batch: number, seed: number): BenchSubject;
}

function randomTensor(rng: Rng, shape: number[], lo: number, hi: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(lo, hi)), shape);
}

function randomOneHot(rng: Rng, rows: number, classes = 10): tf.Tensor {
  return tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(Int32Array.from({ length: rows }, () => rng.int(classes)), "int32"),
      classes,
    )
  );
}

function layersSubject(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): BenchSubject {
  return {
    async step() {
      await model.trainOnBatch(xs, ys);
    },
    dispose() {
      tf.dispose([xs, ys]);
      model.optimizer?.dispose();
      model.dispose();
    },
  };
}

/** The four benchmark models, in table order. */
export const BENCH_MODELS: readonly BenchModel[] = [
  {
    name: "small-cnn",
    description: "conv32-pool-conv64-pool-dense128-dense10, 28×28×1",
    defaultSteps: 30,
    create(batch, seed) {
      const rng = new Rng(seed);
      return layersSubject(
        smallCnn({ seed }),
        randomTensor(rng, [batch, 28, 28, 1], 0, 1),
        randomOneHot(rng, batch),
      );
    },
  },
  {
    name: "deep-digits-cnn",
    description: "B's CNN, 1,199,882 parameters, Adam",
    defaultSteps: 20,
    create(batch, seed) {
      const rng = new Rng(seed);
      return layersSubject(
        deepDigitsCnn({ seed }),
        randomTensor(rng, [batch, 28, 28, 1], -1, 1),
        randomOneHot(rng, batch),
      );
    },
  },
  {
    name: "triple-per-digit-cnn",
    description: "A's Task 3 CNN, 1,820,474 parameters, 3 thirds of 84×28 per image",
    defaultSteps: 10,
    create(batch, seed) {
      const rng = new Rng(seed);
      return layersSubject(
        compileTripleCnn(triplePerDigitCnn({ seed })),
        randomTensor(rng, [3 * batch, 84, 28, 1], 0, 1),
        randomOneHot(rng, 3 * batch),
      );
    },
  },
  {
    name: "cdcgan-step",
    description: "A's Task 5 cDCGAN: one G and one D step, 84×84",
    defaultSteps: 6,
    create(batch, seed) {
      const rng = new Rng(seed);
      const gan = cdcgan({ seed });
      // the whole batch in one pass, as PyTorch runs it (no micro-batches, which fit would use
      // on wasm from about 120 images of 84×84)
      const trainer = createGanTrainer(gan, { seed, stepMemory: null });
      const real = randomTensor(rng, [batch, 84, 84, 1], -1, 1);
      const labels = tf.tensor2d(
        Int32Array.from({ length: batch * 3 }, () => rng.int(10)),
        [batch, 3],
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
  },
];

/**
 * The benchmark model called `name`.
 * @param name e.g. `small-cnn`
 * @returns the model
 * @throws {RangeError} for an unknown name, listing the known ones
 */
export function benchModel(name: string): BenchModel {
  const m = BENCH_MODELS.find((b) => b.name === name);
  if (m === undefined) {
    throw new RangeError(
      `Cannot benchmark model '${name}' as it is not one of ${
        BENCH_MODELS.map((b) => b.name).join(", ")
      }`,
    );
  }
  return m;
}

/**
 * The median of some numbers.
 * @param values at least one number
 * @returns the middle value (the mean of the two middle ones for an even count)
 * @throws {RangeError} for an empty list
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(median([3, 1, 2]), 2);
 * assertEquals(median([4, 1, 2, 3]), 2.5);
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot take the median of no values");
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Options of {@linkcode benchTraining}. */
export interface BenchTrainingOptions {
  /**
   * images per step
   * @default 128
   */
  batch?: number;
  /**
   * timed steps after the warm-up
   * @default the model's defaultSteps
   */
  steps?: number;
  /**
   * warm-up: at least this many untimed steps, and more until `warmupSeconds` have passed (at
   * most 10): the first steps are slower while the engine compiles and caches
   * @default 2
   */
  warmupSteps?: number;
  /**
   * warm-up: untimed steps continue until this long has passed
   * @default 1.5
   */
  warmupSeconds?: number;
  /**
   * skip the timed steps when the warm-up step took longer than this (a slow backend)
   * @default Infinity
   */
  maxWarmupSeconds?: number;
  /**
   * seed of the weights and data
   * @default 42
   */
  seed?: number;
}

/** What {@linkcode benchTraining} measured. */
export interface BenchMeasurement {
  /** the figure, or undefined when the warm-up was too slow */
  result?: BenchResult;
  /** seconds of each timed step */
  stepSeconds: number[];
  /** seconds of each warm-up step */
  warmupSeconds: number[];
  /**
   * CPU seconds the main thread spent in each timed step (Linux only). The main thread works or
   * spin-waits for the whole step, also when threads share the work, so this is close to the
   * step's time on an idle machine when other programs compete for the cores.
   */
  mainThreadCpuSeconds?: number[];
}

/**
 * CPU time of the main thread so far, from Linux's `/proc/self/task/<pid>/schedstat`.
 * @returns seconds, or undefined where that file cannot be read
 */
export function mainThreadCpuSeconds(): number | undefined {
  try {
    const text = Deno.readTextFileSync(`/proc/self/task/${Deno.pid}/schedstat`);
    const ns = Number(text.split(" ")[0]);
    return Number.isFinite(ns) ? ns / 1e9 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Measures one model's training throughput on the active backend.
 *
 * @param model the model (see {@linkcode BENCH_MODELS})
 * @param options batch, timed steps, warm-up limit, seed
 * @returns the figure (median images/s over the timed steps) and the raw step times
 */
export async function benchTraining(
  model: BenchModel,
  options: BenchTrainingOptions = {},
): Promise<BenchMeasurement> {
  const batch = options.batch ?? 128;
  const steps = options.steps ?? model.defaultSteps;
  const subject = model.create(batch, options.seed ?? 42);
  try {
    const warmupSeconds: number[] = [];
    const minSteps = options.warmupSteps ?? 2, minSeconds = options.warmupSeconds ?? 1.5;
    let t0: number;
    do {
      t0 = performance.now();
      await subject.step();
      warmupSeconds.push((performance.now() - t0) / 1000);
      if (warmupSeconds[0] > (options.maxWarmupSeconds ?? Infinity)) {
        return { stepSeconds: [], warmupSeconds };
      }
    } while (
      warmupSeconds.length < minSteps ||
      (warmupSeconds.reduce((a, b) => a + b, 0) < minSeconds && warmupSeconds.length < 10)
    );
    const stepSeconds: number[] = [];
    const cpuSeconds: number[] = [];
    for (let i = 0; i < steps; i++) {
      const c0 = mainThreadCpuSeconds();
      t0 = performance.now();
      await subject.step();
      stepSeconds.push((performance.now() - t0) / 1000);
      const c1 = mainThreadCpuSeconds();
      if (c0 !== undefined && c1 !== undefined) cpuSeconds.push(c1 - c0);
    }
    return {
      result: {
        model: model.name,
        backend: tf.getBackend(),
        imagesPerSecond: Math.round((batch / median(stepSeconds)) * 10) / 10,
        batch,
      },
      stepSeconds,
      warmupSeconds,
      ...(cpuSeconds.length === steps ? { mainThreadCpuSeconds: cpuSeconds } : {}),
    };
  } finally {
    subject.dispose();
  }
}

/**
 * Formats results as a table: one row per model, one column per backend (images/s).
 * @param results the figures
 * @returns the table's lines
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const lines = formatBenchTable([{ model: "small-cnn", backend: "wasm", imagesPerSecond: 900, batch: 128 }]);
 * assertEquals(lines[0].trim().split(/\s+/), ["model", "wasm"]);
 * ```
 */
export function formatBenchTable(results: readonly BenchResult[]): string[] {
  const backends = [...new Set(results.map((r) => r.backend))];
  const models = [...new Set(results.map((r) => r.model))];
  const width = Math.max(5, ...models.map((m) => m.length));
  const cell = (s: string) => s.padStart(12);
  const lines = [`${"model".padEnd(width)}${backends.map(cell).join("")}`];
  for (const m of models) {
    const row = backends.map((b) => {
      const r = results.find((x) => x.model === m && x.backend === b);
      return cell(r === undefined ? "—" : r.imagesPerSecond.toFixed(1));
    });
    lines.push(`${m.padEnd(width)}${row.join("")}`);
  }
  return lines;
}
