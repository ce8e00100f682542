/**
 * Measuring a generator with a classifier trained on real images only (a "classification
 * accuracy score"): draw images of requested numbers, let the classifier read them, and count how
 * often it reads what was requested — per digit position and as whole numbers. It measures
 * fidelity to the label, not variety.
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { scoreTripleModel, type TripleScores } from "../analysis/mod.ts";
import type { TripleMnistSplit, TripleMnistSplitName } from "../triple_mnist/mod.ts";
import { syntheticSplit } from "./synthetic.ts";
import type { ConditionalGenerator } from "../models/gan_types.ts";

/** Options of {@linkcode readGenerated}. */
export interface ReadGeneratedOptions {
  /** seed of the noise and the digit heights (the same seed draws the same images) */
  seed: number;
  /**
   * images per number
   * @default 1
   */
  perNumber?: number;
  /**
   * the split the images are filed under
   * @default "test"
   */
  name?: TripleMnistSplitName;
}

/**
 * Draws `perNumber` images of each number with `generator` and lets `reader` (a Task 3 style
 * classifier of one digit's 84×28 third) read them.
 *
 * @param reader the classifier, trained on real images
 * @param generator the generator being measured
 * @param numbers the requested numbers, 0–999, distinct
 * @param options seed, images per number, split name
 * @returns the generated split and the reader's scores on it
 * @example
 * ```ts ignore
 * const { scores } = await readGenerated(reader, generator, classSplit().val.map(classLabel), {
 *   seed: 1,
 * });
 * scores.exactMatch; // share of images read as the requested number
 * ```
 */
export async function readGenerated(
  reader: tf.LayersModel,
  generator: ConditionalGenerator,
  numbers: readonly number[],
  options: ReadGeneratedOptions,
): Promise<{ split: TripleMnistSplit; scores: TripleScores }> {
  const split = await syntheticSplit(generator, numbers, {
    seed: options.seed,
    perNumber: options.perNumber ?? 1,
    name: options.name ?? "test",
  });
  return { split, scores: await scoreTripleModel(reader, split) };
}
