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
 * import { chooseRecipe, recipeLabel, SELECTION_CANDIDATES } from "./selection.ts";
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
import { type ImageSet, sampleIndices } from "../data/mod.ts";
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
import { MINING_STRATEGIES, type MiningStrategy } from "./mining.ts";
import { trainTripletNet } from "./train.ts";

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

/** Held-out images of the training file for one-shot work: none is trained on. */
export interface HeldOutSets {
  /** notebook 10's reference pool: `poolPerClass` images of every digit */
  pool: Int32Array;
  /** seen-digit images outside the pool, to draw the study's references from */
  seenReferences: Int32Array;
  /** other seen-digit images outside the pool: the study's queries, notebook 10's threshold set */
  seenQueries: Int32Array;
}

/** Options of {@linkcode heldOutSets}. */
export interface HeldOutSetOptions {
  /** images per digit in the reference pool @default 50 */
  poolPerClass?: number;
  /** seen-digit reference candidates per digit @default 50 */
  referencesPerClass?: number;
  /** seen-digit queries per digit @default 500 */
  queriesPerClass?: number;
  /** the seen digits @default SEEN_CLASSES */
  seenClasses?: readonly number[];
  /** the data seed (the pool uses `seed + 1`, as notebook 10 always has) @default 42 */
  seed?: number;
}

/**
 * Splits the training images nobody trains on into notebook 10's reference pool and two
 * disjoint sets of held-out seen-digit images.
 *
 * @param labels the training file's labels
 * @param trainedOn the indices the networks train on (D's 300)
 * @param options sizes, seen digits and seed
 * @returns three disjoint, ascending index sets, none overlapping `trainedOn`
 * @example
 * ```ts
 * import { heldOutSets } from "./selection.ts";
 * const labels = Array.from({ length: 60 }, (_, i) => i % 4);
 * const sets = heldOutSets(labels, [0, 1, 2], {
 *   poolPerClass: 2, referencesPerClass: 2, queriesPerClass: 3, seenClasses: [0, 1],
 * });
 * [sets.pool.length, sets.seenReferences.length, sets.seenQueries.length]; // [8, 4, 6]
 * ```
 */
export function heldOutSets(
  labels: ArrayLike<number>,
  trainedOn: ArrayLike<number>,
  options: HeldOutSetOptions = {},
): HeldOutSets {
  const seed = options.seed ?? 42;
  const seen = new Set(options.seenClasses ?? SEEN_CLASSES);
  const trained = new Set(Array.from(trainedOn));
  const candidates = Int32Array.from({ length: labels.length }, (_, i) => i)
    .filter((i) => !trained.has(i));
  const pool = sampleIndices(labels, {
    perClass: options.poolPerClass ?? 50,
    seed: seed + 1,
    from: candidates,
  });
  const inPool = new Set(pool);
  const heldSeen = candidates.filter((i) => seen.has(labels[i]) && !inPool.has(i));
  const seenReferences = sampleIndices(labels, {
    perClass: options.referencesPerClass ?? 50,
    seed: seed + 4,
    from: heldSeen,
  });
  const inReferences = new Set(seenReferences);
  const seenQueries = sampleIndices(labels, {
    perClass: options.queriesPerClass ?? 500,
    seed: seed + 5,
    from: heldSeen.filter((i) => !inReferences.has(i)),
  });
  return { pool, seenReferences, seenQueries };
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

/** One recipe's runs in the study. */
export interface SelectionCandidate {
  /** the recipe */
  recipe: SelectionRecipe;
  /** one run per training seed */
  runs: SelectionRun[];
}

/** What `selection_cli.ts` writes: every candidate's runs, and how they were made. */
export interface SelectionStudy {
  /** the command that regenerates the file */
  command: string;
  /** the TF.js backend that ran it */
  backend: string;
  /** where the MNIST files came from, and how many training images they held (newer studies) */
  data?: { origin: string; trainImages: number };
  /** the data seed of the held-out sets */
  dataSeed: number;
  /** the shared training settings */
  epochs: number;
  /** Adam's learning rate */
  learningRate: number;
  /** reference draws per score */
  draws: number;
  /** the training seeds */
  seeds: number[];
  /** the candidates, in {@linkcode SELECTION_CANDIDATES} order */
  candidates: SelectionCandidate[];
}

/** The committed study, beside this module. */
export const SELECTION_STUDY_FILE: URL = new URL("./selection_study.json", import.meta.url);

/** The command that regenerates {@linkcode SELECTION_STUDY_FILE} (from the repository root). */
export const SELECTION_STUDY_COMMAND =
  "DIGITS_DATA_MIRROR=… ./lab deno run -A lib/triplet/selection_cli.ts";

function checkStudy(value: unknown, where: string): SelectionStudy {
  const fail = (what: string): never => {
    throw new TypeError(
      `Cannot read the selection study '${where}' as ${what}: regenerate it with ` +
        SELECTION_STUDY_COMMAND,
    );
  };
  const s = value as SelectionStudy;
  if (typeof s !== "object" || s === null) fail("it holds no JSON object");
  if (!Array.isArray(s.candidates) || s.candidates.length === 0) fail("it lists no candidates");
  s.candidates.forEach((c, i) => {
    const r = c?.recipe;
    if (
      !r || !["trained", "fixed"].includes(r.head) || typeof r.normalize !== "boolean" ||
      !(r.margin > 0) || !(MINING_STRATEGIES as readonly string[]).includes(r.mining)
    ) fail(`candidate ${i + 1} has no valid recipe`);
    if (!Array.isArray(c.runs) || c.runs.length === 0) fail(`candidate ${i + 1} has no runs`);
    for (const run of c.runs) {
      const shares = [run.heldOutDigitMean, run.threeWayHeldOutSeen];
      if (!shares.every((v) => typeof v === "number" && v >= 0 && v <= 1)) {
        fail(`a run of candidate ${i + 1} has a score outside [0, 1]`);
      }
    }
  });
  return s;
}

/**
 * Reads and checks the selection study.
 *
 * @param path the file @default SELECTION_STUDY_FILE
 * @returns the study
 * @throws {TypeError} when the file is not a study (with the command that regenerates it)
 */
export async function loadSelectionStudy(
  path: string | URL = SELECTION_STUDY_FILE,
): Promise<SelectionStudy> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new TypeError(
      `Cannot read the selection study '${path}' as the file cannot be opened (${
        (e as Error).message
      }): regenerate it with ${SELECTION_STUDY_COMMAND}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError(
      `Cannot read the selection study '${path}' as it is not JSON: regenerate it with ` +
        SELECTION_STUDY_COMMAND,
    );
  }
  return checkStudy(value, String(path));
}

/** A candidate's figures over its runs. */
export interface CandidateScore {
  /** the candidate's position in the study */
  index: number;
  /** the recipe */
  recipe: SelectionRecipe;
  /** {@linkcode recipeLabel} of the recipe */
  label: string;
  /** the held-out-digit mean of each run (one per seed) */
  heldOutDigit: number[];
  /** their mean: the figure the choice is made on */
  heldOutDigitMean: number;
  /** the 3-way held-out seen-digit accuracy of each run */
  threeWay: number[];
}

/** What {@linkcode chooseRecipe} decided. */
export interface RecipeChoice extends CandidateScore {
  /** every candidate's figures, best first */
  ranking: CandidateScore[];
}

/**
 * Chooses the recipe with the highest held-out-digit accuracy, averaged over the study's seeds
 * (a tie keeps the earlier candidate). Nothing about the unseen digits enters.
 *
 * @param study the study
 * @returns the chosen candidate's figures and the full ranking
 * @throws {TypeError} when the study is malformed
 */
export function chooseRecipe(study: SelectionStudy): RecipeChoice {
  checkStudy(study, "(given)");
  const scores = study.candidates.map((c, index): CandidateScore => {
    const heldOutDigit = c.runs.map((r) => r.heldOutDigitMean);
    return {
      index,
      recipe: c.recipe,
      label: recipeLabel(c.recipe),
      heldOutDigit,
      heldOutDigitMean: meanSd(heldOutDigit).mean,
      threeWay: c.runs.map((r) => r.threeWayHeldOutSeen),
    };
  });
  const ranking = [...scores].sort((a, b) =>
    b.heldOutDigitMean - a.heldOutDigitMean || a.index - b.index
  );
  return { ...ranking[0], ranking };
}

/**
 * The study as table rows, best first: the recipe, each seed's held-out-digit accuracy, their
 * mean, and the 3-way figure.
 *
 * @param choice the outcome of {@linkcode chooseRecipe}
 * @param seeds the study's seeds, for the column names
 * @returns rows of shares (format them as percentages when shown)
 */
export function selectionRows(
  choice: RecipeChoice,
  seeds: readonly number[],
): Record<string, string | number | boolean>[] {
  return choice.ranking.map((c) => ({
    recipe: c.label,
    ...Object.fromEntries(seeds.map((s, i) => [`held-out digit, seed ${s}`, c.heldOutDigit[i]])),
    "held-out digit, mean": c.heldOutDigitMean,
    "3-way held-out seen, mean": meanSd(c.threeWay).mean,
    chosen: c.index === choice.index,
  }));
}
