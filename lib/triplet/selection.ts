/**
 * Choosing notebook 10's "beyond D" recipe without the unseen digits: a study on held-out images
 * of the **seen** digits 0, 1 and 2 only, whose results `selection_cli.ts` writes to
 * `selection_study.json` beside this file (committed), and which the notebook reads and chooses
 * from in code.
 *
 * The study's score is leave-one-seen-digit-out: train on two of the seen digits (their first
 * 100 training images, D's batches), then classify held-out images of the left-out digit among
 * one random reference of each of 0, 1 and 2. It measures what one-shot learning needs, placing
 * a digit the network never trained on, while every image it embeds is a 0, 1 or 2 from the
 * training file, outside D's 300 and outside the notebook's reference pool.
 *
 * @example
 * ```ts
 * import { recipeLabel, SELECTION_CANDIDATES } from "./selection.ts";
 * import { chooseRecipe } from "./selection_study.ts";
 * recipeLabel(SELECTION_CANDIDATES[0]); // "trained head, margin 1, random triplets"
 * const run = (seed: number, mean: number) => ({
 *   seed, threeWayHeldOutSeen: 0.9, heldOutDigit: [], heldOutDigitMean: mean, seconds: 1,
 * });
 * const study = {
 *   command: "", backend: "cpu", dataSeed: 42, epochs: 10, learningRate: 1e-3, draws: 50,
 *   seeds: [42],
 *   candidates: [
 *     { recipe: SELECTION_CANDIDATES[0], runs: [run(42, 0.6)] },
 *     { recipe: SELECTION_CANDIDATES[1], runs: [run(42, 0.7)] },
 *   ],
 * };
 * chooseRecipe(study).index; // 1
 * ```
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { ImageSet } from "../data/mod.ts";
import { type CompactTripletHead, compactTripletNet } from "../models/triplet.ts";
import { meanSd } from "../metrics/spread.ts";
import {
  classBatches,
  firstIndicesPerClass,
  IMAGES_PER_SEEN_CLASS,
  SEEN_CLASSES,
} from "./batches.ts";
import { embeddingInput, embedImages, squaredDistanceMatrix } from "./features.ts";
import { oneShotEvaluation } from "./evaluate.ts";
import { TRIPLET_MARGIN } from "./loss.ts";
import type { MiningStrategy } from "./mining.ts";
import { trainTripletNet } from "./train.ts";
import type { HeldOutSets } from "./held_out.ts";

/** One recipe: how the compact network ends and how it is trained. */
export interface SelectionRecipe {
  /** the compact network's head (see `compactTripletNet`) */
  head: CompactTripletHead;
  /** embeddings divided by their length */
  normalize: boolean;
  /** the triplet margin */
  margin: number;
  /** how triplets are chosen in each batch */
  mining: MiningStrategy;
}

/** D's recipe on the compact network: trained head, raw embeddings, margin 1, random triplets. */
export const D_RECIPE: Readonly<SelectionRecipe> = Object.freeze({
  head: "trained",
  normalize: false,
  margin: TRIPLET_MARGIN,
  mining: "random",
});

/**
 * The recipes the study compares: D's, and what published practice suggests instead (FaceNet's
 * unit-length embeddings and margin 0.2, a wider margin, semi-hard mining, a frozen random head
 * that keeps the conv features' distances).
 */
export const SELECTION_CANDIDATES: readonly Readonly<SelectionRecipe>[] = Object.freeze(
  [
    D_RECIPE,
    { head: "trained", normalize: true, margin: 0.2, mining: "semi-hard" },
    { head: "fixed", normalize: false, margin: TRIPLET_MARGIN, mining: "random" },
    { head: "fixed", normalize: true, margin: 0.2, mining: "random" },
    { head: "fixed", normalize: true, margin: 0.5, mining: "random" },
    { head: "fixed", normalize: true, margin: 0.5, mining: "semi-hard" },
    { head: "fixed", normalize: true, margin: 0.2, mining: "semi-hard" },
  ] as const,
);

/** The training settings every recipe of the study shares (notebook 10's `standard`). */
export const SELECTION_TRAINING = Object.freeze({ epochs: 10, learningRate: 1e-3, draws: 50 });

/**
 * A recipe in words.
 *
 * @param recipe the recipe
 * @returns e.g. `"fixed head, unit length, margin 0.2, semi-hard triplets"`
 * @example
 * ```ts
 * import { recipeLabel } from "./selection.ts";
 * recipeLabel({ head: "fixed", normalize: true, margin: 0.2, mining: "semi-hard" });
 * // "fixed head, unit length, margin 0.2, semi-hard triplets"
 * ```
 */
export function recipeLabel(recipe: SelectionRecipe): string {
  return [
    `${recipe.head} head`,
    ...(recipe.normalize ? ["unit length"] : []),
    `margin ${recipe.margin}`,
    `${recipe.mining} triplets`,
  ].join(", ");
}

/** One held-out digit of one run. */
export interface HeldOutDigitScore {
  /** the seen digit left out of training */
  digit: number;
  /** one-shot accuracy on its held-out images among 0/1/2 references, before training */
  untrained: number;
  /** the same after training on the other two digits */
  trained: number;
}

/** One run (one training seed) of one recipe. */
export interface SelectionRun {
  /** the training seed */
  seed: number;
  /** 3-way one-shot accuracy on held-out 0/1/2 images after training on all three */
  threeWayHeldOutSeen: number;
  /** the leave-one-seen-digit-out scores */
  heldOutDigit: HeldOutDigitScore[];
  /** the mean of `heldOutDigit[].trained`: the figure the choice is made on */
  heldOutDigitMean: number;
  /** wall-clock seconds of the run */
  seconds: number;
}

/** Options of {@linkcode runSelection}. */
export interface RunSelectionOptions {
  /** the training seed @default 42 */
  seed?: number;
  /** the held-out images (from {@linkcode heldOutSets}) */
  sets: HeldOutSets;
  /** passes over D's batches @default SELECTION_TRAINING.epochs */
  epochs?: number;
  /** Adam's learning rate @default SELECTION_TRAINING.learningRate */
  learningRate?: number;
  /** reference draws per score @default SELECTION_TRAINING.draws */
  draws?: number;
  /** training images per seen digit @default IMAGES_PER_SEEN_CLASS */
  trainPerClass?: number;
  /** images per class in a batch @default 10 */
  batchPerClass?: number;
  /** the left-out digits to run @default the seen digits */
  folds?: readonly number[];
  /** the compact network's conv filters (smaller for tests) @default [32, 64] */
  filters?: [number, number];
}

/**
 * Runs the study for one recipe and one training seed on the training file `train`: trains on
 * all three seen digits (for the 3-way figure) and once per left-out digit. Embeds only seen
 * digits.
 *
 * @param train the MNIST training images
 * @param recipe the recipe
 * @param options the held-out sets, seed and training settings
 * @returns the run's scores; disposes every network it built
 */
export async function runSelection(
  train: ImageSet,
  recipe: SelectionRecipe,
  options: RunSelectionOptions,
): Promise<SelectionRun> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const seen = SEEN_CLASSES;
  const perClass = firstIndicesPerClass(
    train.labels,
    seen,
    options.trainPerClass ?? IMAGES_PER_SEEN_CLASS,
  );
  const batchPerClass = options.batchPerClass ?? 10;
  const shape = { size: train.height, channels: 1 };
  const input = (ix: Int32Array) => embeddingInput(train, ix, shape);
  const { seenQueries, seenReferences } = options.sets;
  const score = async (net: tf.LayersModel, trained: readonly number[]) => {
    const q = await embedImages(net, train, seenQueries, { ...shape, batchSize: 128 });
    const p = await embedImages(net, train, seenReferences, { ...shape, batchSize: 128 });
    return oneShotEvaluation(q, p, {
      draws: options.draws ?? SELECTION_TRAINING.draws,
      seed,
      seenClasses: trained,
      distances: await squaredDistanceMatrix(q, p),
    });
  };
  const build = (s: number) =>
    compactTripletNet({
      seed: s,
      head: recipe.head,
      ...(options.filters ? { filters: options.filters } : {}),
      ...(recipe.normalize ? { normalize: true } : {}),
    });
  const training = {
    epochs: options.epochs ?? SELECTION_TRAINING.epochs,
    learningRate: options.learningRate ?? SELECTION_TRAINING.learningRate,
    margin: recipe.margin,
    mining: recipe.mining,
    seed,
  };
  const all = build(seed);
  await trainTripletNet(all, classBatches(perClass, seen, batchPerClass), input, training);
  const threeWayHeldOutSeen = (await score(all, seen)).all.mean;
  all.dispose();
  const heldOutDigit: HeldOutDigitScore[] = [];
  for (const digit of options.folds ?? seen) {
    const two = seen.filter((c) => c !== digit);
    const net = build(seed + 10 + digit);
    const before = await score(net, two);
    const batches = classBatches(perClass.filter((_, i) => seen[i] !== digit), two, batchPerClass);
    await trainTripletNet(net, batches, input, training);
    const after = await score(net, two);
    // "unseen" here is the left-out seen digit: its queries classified among 0, 1, 2
    heldOutDigit.push({
      digit,
      untrained: before.allUnseen.mean,
      trained: after.allUnseen.mean,
    });
    net.dispose();
  }
  return {
    seed,
    threeWayHeldOutSeen,
    heldOutDigit,
    heldOutDigitMean: meanSd(heldOutDigit.map((r) => r.trained)).mean,
    seconds: (performance.now() - started) / 1000,
  };
}
