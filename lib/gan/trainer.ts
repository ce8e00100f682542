/**
 * One training step of a conditional GAN, as in the AC-GAN reference code that A followed:
 * the generator first (its fakes judged by the discriminator, the discriminator's weights left
 * alone), then the discriminator on the real batch and on those same fakes, detached.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../random/mod.ts";
import { discriminatorLoss, type GanLossOptions, generatorLoss } from "./losses.ts";
import type { WeightAverage } from "./average.ts";
import type { ConditionalGan, GanOptimizerSettings } from "../models/gan_types.ts";
import {
  applyInMicroBatches,
  batchRows,
  type MicroBatchPlanner,
  microBatchPlanner,
  stepBytesPerRow,
} from "../train/mod.ts";

/** Options of {@linkcode createGanTrainer}. */
export interface GanTrainerOptions {
  /**
   * seed of the noise drawn at each step
   * @default 42
   */
  seed?: number;
  /** loss targets and auxiliary weight (A's by default) */
  loss?: GanLossOptions;
  /** optimiser settings that replace the GAN's own */
  optimizer?: Partial<GanOptimizerSettings>;
  /**
   * a running average of the generator's weights (`createWeightAverage`), updated after every
   * step
   */
  average?: WeightAverage;
  /**
   * the bytes one step may hold: a batch whose estimated need (generator and discriminator
   * together) is larger is run as micro-batches whose gradients are summed and applied once
   * (`applyInMicroBatches` of lib/train; the same update except batch normalisation, which then
   * normalises each micro-batch by itself). Default: the backend's budget (`stepMemoryBudget` of
   * lib/backend: 1.5 GiB on wasm, none elsewhere); `null`: never split
   */
  stepMemory?: number | null;
}

/** The figures of one step, read back from the device. */
export interface GanStepResult {
  /** the generator's total loss */
  generatorLoss: number;
  /** the discriminator's total loss */
  discriminatorLoss: number;
  /** the digit cross-entropy of the fakes (generator side) */
  generatorAuxLoss: number;
  /** the digit cross-entropy of the real images (discriminator side) */
  discriminatorAuxLoss: number;
  /** mean `D(real)` */
  realScore: number;
  /** mean `D(fake)` during the discriminator's step */
  fakeScore: number;
}

/** A GAN with its two optimisers, trained one batch at a time. */
export interface GanTrainer {
  /** the GAN being trained */
  readonly gan: ConditionalGan;
  /** steps taken so far */
  readonly steps: number;
  /**
   * Takes one generator step and one discriminator step on a batch of real images.
   *
   * @param real `[B, H, W, 1]` real images in [-1, 1]
   * @param labels `[B, digits]` int32 digits of the real images (the fakes are asked for the same)
   * @returns a Promise of the step's losses and scores, read back asynchronously (so it works
   *   on webgpu); the weights are updated before it resolves
   * @throws {TypeError} when the batch does not fit the GAN (the Promise rejects, nothing is
   *   updated)
   */
  step(real: tf.Tensor, labels: tf.Tensor): Promise<GanStepResult>;
  /** where its batches were split (the smallest split so far, the progress line's note) */
  readonly microBatches: MicroBatchPlanner;
  /** Disposes the optimisers (not the GAN's models). */
  dispose(): void;
}

function variables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Makes a trainer for `gan` with Adam optimisers (the GAN's own settings unless overridden).
 *
 * @param gan the generator, discriminator and settings, e.g. `cdcgan()` of `lib/models/cdcgan.ts`
 * @param options noise seed, loss settings, optimiser overrides
 * @returns the trainer; the caller disposes it (and, separately, the GAN's models)
 * @example
 * ```ts ignore
 * const trainer = createGanTrainer(cdcgan({ seed: 1 }));
 * const result = await trainer.step(images, labels); // images [B,84,84,1] in [-1,1], labels [B,3] int32
 * ```
 */
export function createGanTrainer(gan: ConditionalGan, options: GanTrainerOptions = {}): GanTrainer {
  const settings = { ...gan.optimizer, ...options.optimizer };
  const gOptimizer = tf.train.adam(settings.generatorLearningRate, settings.beta1, settings.beta2);
  const dOptimizer = tf.train.adam(
    settings.discriminatorLearningRate,
    settings.beta1,
    settings.beta2,
  );
  const gVars = variables(gan.generator);
  const dVars = variables(gan.discriminator);
  const rng = new Rng(options.seed ?? 42);
  const lossOptions = options.loss ?? {};
  const plan = microBatchPlanner(
    stepBytesPerRow(gan.generator) + stepBytesPerRow(gan.discriminator),
    options.stepMemory,
  );
  let steps = 0;

  function check(real: tf.Tensor, labels: tf.Tensor): void {
    const s = gan.imageSize;
    const [b, h, w, c] = real.shape;
    if (real.rank !== 4 || h !== s || w !== s || c !== 1) {
      throw new TypeError(
        `Cannot train GAN '${gan.name}' on images of shape [${real.shape}] as they must be ` +
          `[batch, ${s}, ${s}, 1] — scale the images to [-1, 1] and add the channel axis`,
      );
    }
    if (labels.rank !== 2 || labels.shape[0] !== b || labels.shape[1] !== gan.digits) {
      throw new TypeError(
        `Cannot train GAN '${gan.name}' with labels of shape [${labels.shape}] as they must be ` +
          `[${b}, ${gan.digits}] — one row of digits per image`,
      );
    }
  }

  /** Reads the step's six figures back (and disposes them), then counts the step. */
  async function finish(figures: tf.Tensor): Promise<GanStepResult> {
    let v: Float32Array;
    try {
      v = await figures.data() as Float32Array;
    } finally {
      figures.dispose();
    }
    options.average?.update();
    steps++;
    return {
      generatorLoss: v[0],
      discriminatorLoss: v[1],
      generatorAuxLoss: v[2],
      discriminatorAuxLoss: v[3],
      realScore: v[4],
      fakeScore: v[5],
    };
  }

  /**
   * One step: the generator's update, then the discriminator's, from the same noise. A batch
   * too large for one pass (`micro` < its rows) is run in micro-batches of `micro` rows whose
   * gradients are summed before each update; a whole batch is one micro-batch, unsliced.
   * @returns the six figures of the step, as one tensor
   */
  async function run(
    real: tf.Tensor,
    labels: tf.Tensor,
    noiseSeed: number,
    micro: number,
  ): Promise<tf.Tensor> {
    const rows = real.shape[0];
    const split = { rows, micro };
    const z = tf.randomNormal([rows, gan.latentDim], 0, 1, "float32", noiseSeed);
    const fakes: tf.Tensor[] = [];
    // share-weighted sums of the parts' auxiliary losses and scores
    const sums = new Map<string, tf.Scalar>();
    const add = (key: string, value: tf.Scalar, share: number) => {
      const before = sums.get(key);
      sums.set(
        key,
        tf.keep(tf.tidy(() => {
          const weighted = tf.mul(value, share) as tf.Scalar;
          return before ? tf.add(before, weighted) as tf.Scalar : weighted;
        })),
      );
      before?.dispose();
    };
    let gLoss: tf.Scalar | undefined;
    let dLoss: tf.Scalar | undefined;
    try {
      gLoss = await applyInMicroBatches(gOptimizer, gVars, split, (start, n, share) => {
        const l = batchRows(labels, start, n);
        const f = gan.generator.apply([batchRows(z, start, n), l], { training: true }) as tf.Tensor;
        fakes.push(tf.keep(f));
        const [validity, logits] = gan.discriminator.apply([f, l], {
          training: true,
        }) as tf.Tensor[];
        const loss = generatorLoss(validity, logits, l, lossOptions);
        add("gAux", loss.auxiliary, share);
        return tf.mul(loss.total, share) as tf.Scalar;
      });
      let next = 0;
      dLoss = await applyInMicroBatches(dOptimizer, dVars, split, (start, n, share) => {
        const l = batchRows(labels, start, n);
        const [rv, rl] = gan.discriminator.apply([batchRows(real, start, n), l], {
          training: true,
        }) as tf.Tensor[];
        const [fv] = gan.discriminator.apply([fakes[next++], l], { training: true }) as tf.Tensor[];
        add("real", tf.mean(rv) as tf.Scalar, share);
        add("fake", tf.mean(fv) as tf.Scalar, share);
        const loss = discriminatorLoss(rv, fv, rl, l, lossOptions);
        add("dAux", loss.auxiliary, share);
        return tf.mul(loss.total, share) as tf.Scalar;
      });
      const [gAux, dAux, realScore, fakeScore] = ["gAux", "dAux", "real", "fake"].map((k) =>
        sums.get(k)!
      );
      return tf.stack([gLoss, dLoss, gAux, dAux, realScore, fakeScore]);
    } finally {
      tf.dispose([z, ...fakes, ...sums.values()]);
      if (gLoss) gLoss.dispose();
      if (dLoss) dLoss.dispose();
    }
  }

  return {
    gan,
    get steps() {
      return steps;
    },
    microBatches: plan,
    async step(real, labels) {
      check(real, labels);
      const intLabels = labels.dtype === "int32" ? labels : tf.cast(labels, "int32");
      const noiseSeed = rng.int(2 ** 31);
      try {
        return await finish(await run(real, intLabels, noiseSeed, plan.rowsFor(real.shape[0])));
      } finally {
        if (intLabels !== labels) intLabels.dispose();
      }
    },
    dispose() {
      gOptimizer.dispose();
      dOptimizer.dispose();
    },
  };
}
