/**
 * The selection study behind notebook 10's "beyond D" model, on the **seen** digits only: no
 * image of the digits 3–9 is embedded, so running it cannot leak the unseen-digit test into the
 * choice of a recipe.
 *
 * ```
 * deno run -A lib/triplet/selection_cli.ts '{"head":"fixed","normalize":true,"margin":0.2,"mining":"semi-hard"}'
 * ```
 *
 * For one recipe (JSON: `head` "trained"|"fixed", `normalize`, `margin`, `mining`
 * "random"|"semi-hard", `epochs` (10), `learningRate` (1e-3), `seed` (42), `folds` ([0, 1, 2])) it
 * prints one JSON line with leave-one-seen-digit-out scores: train on two of the digits 0/1/2
 * (their first 100 training images, D's batches), then classify held-out images of the left-out
 * digit 3-way, with one random reference per digit (50 draws). The held-out images are training
 * images of 0/1/2 outside D's 300 and outside notebook 10's reference pool. Also printed: the
 * 3-way accuracy on those images when all three digits are trained on.
 * @module
 */
import { parseArgs } from "node:util";
import type * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { loadMnist, sampleIndices } from "../data/mod.ts";
import { compactTripletNet } from "../models/triplet.ts";
import { classBatches, firstPerClass, SEEN_CLASSES } from "./batches.ts";
import { embeddingInput, embedImages, squaredDistanceMatrix } from "./features.ts";
import { oneShotEvaluation } from "./evaluate.ts";
import { trainTripletNet } from "./train.ts";

/** One recipe of the study. */
export interface SelectionRecipe {
  head?: "trained" | "fixed";
  normalize?: boolean;
  margin?: number;
  mining?: "random" | "semi-hard";
  epochs?: number;
  learningRate?: number;
  seed?: number;
  folds?: number[];
}

if (import.meta.main) {
  const { positionals } = parseArgs({ args: Deno.args, allowPositionals: true });
  const recipe: SelectionRecipe = JSON.parse(positionals[0] ?? "{}");
  const seed = recipe.seed ?? 42;
  const backend = await initBackend();
  const started = performance.now();
  const mnist = await loadMnist();
  const seen = SEEN_CLASSES;
  const trainPerClass = firstPerClass(mnist.train.labels, seen, 100);
  const trainedOn = new Set(trainPerClass.flatMap((ix) => Array.from(ix)));
  const candidates = Int32Array.from({ length: mnist.train.count }, (_, i) => i)
    .filter((i) => !trainedOn.has(i));
  // notebook 10's reference pool (same seed and call), kept out of the study
  const pool = new Set(
    sampleIndices(mnist.train.labels, { perClass: 50, seed: seed + 1, from: candidates }),
  );
  const heldSeen = candidates.filter((i) => seen.includes(mnist.train.labels[i]) && !pool.has(i));
  const refs = sampleIndices(mnist.train.labels, { perClass: 50, seed: 7001, from: heldSeen });
  const inRefs = new Set(refs);
  const queries = sampleIndices(mnist.train.labels, {
    perClass: 500,
    seed: 7002,
    from: heldSeen.filter((i) => !inRefs.has(i)),
  });
  const shape = { size: 28, channels: 1 };
  const input = (ix: Int32Array) => embeddingInput(mnist.train, ix, shape);
  const score = async (net: tf.LayersModel, trained: readonly number[]) => {
    const q = await embedImages(net, mnist.train, queries, { ...shape, batchSize: 128 });
    const p = await embedImages(net, mnist.train, refs, { ...shape, batchSize: 128 });
    return oneShotEvaluation(q, p, {
      draws: 50,
      seed,
      seenClasses: trained,
      distances: await squaredDistanceMatrix(q, p),
    });
  };
  const build = (s: number) =>
    compactTripletNet({
      seed: s,
      head: recipe.head ?? "trained",
      ...(recipe.normalize ? { normalize: true } : {}),
    });
  const train = {
    epochs: recipe.epochs ?? 10,
    learningRate: recipe.learningRate ?? 1e-3,
    margin: recipe.margin ?? 1,
    mining: recipe.mining ?? "random",
    seed,
  } as const;
  const pct = (x: number) => Number((100 * x).toFixed(1));
  const all = build(seed);
  await trainTripletNet(all, classBatches(trainPerClass, seen, 10), input, train);
  const threeWay = pct((await score(all, seen)).all.mean);
  all.dispose();
  const heldOutDigit: { digit: number; untrained: number; trained: number }[] = [];
  for (const digit of recipe.folds ?? [0, 1, 2]) {
    const two = seen.filter((c) => c !== digit);
    const net = build(seed + 10 + digit);
    const before = await score(net, two);
    const per = trainPerClass.filter((_, i) => seen[i] !== digit);
    await trainTripletNet(net, classBatches(per, two, 10), input, train);
    const after = await score(net, two);
    // "unseen" here is the left-out seen digit: its queries classified among 0, 1, 2
    heldOutDigit.push({
      digit,
      untrained: pct(before.allUnseen.mean),
      trained: pct(after.allUnseen.mean),
    });
    net.dispose();
  }
  const mean = heldOutDigit.reduce((a, r) => a + r.trained, 0) / heldOutDigit.length;
  console.log(JSON.stringify({
    recipe,
    backend: backend.name,
    threeWayHeldOutSeen: threeWay,
    heldOutDigit,
    heldOutDigitMean: Number(mean.toFixed(1)),
    seconds: Math.round((performance.now() - started) / 1000),
  }));
}
