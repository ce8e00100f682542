/**
 * The budget study behind Task 3's and Task 4's `standard` budgets, on **validation** images
 * only: it trains one model for up to `epochs` epochs and prints, after every epoch, the
 * validation loss, digit accuracy and exact match. It never scores the test split, so running it
 * cannot leak the test into the choice of a budget.
 *
 * ```
 * deno run -A lib/triple_tasks/budget_cli.ts '{"task":3,"imagesPerClass":20,"epochs":5}' --save
 * ```
 *
 * The recipe (JSON): `task` 3 (the per-digit CNN) or 4 (the enhanced CNN with augmentation),
 * `imagesPerClass` (training images per class), `epochs`, `batchImages` (32),
 * `learningRateDecay` (1: constant), `seed` (the run seed). The data set is the active profile's (`NOTEBOOK_PROFILE`, `TRIPLE_MNIST_POOL`); the
 * validation images are the first {@linkcode VALIDATION_IMAGES_PER_CLASS} of each validation
 * class, as the notebooks score them. One JSON line per epoch, then one with the epoch of the
 * best validation exact match, which is what the notebooks keep. With `--save` the run is
 * recorded in `budget_study.json`, which notebooks 06 and 07 show.
 * @module
 */
import { parseArgs } from "node:util";
import { saveBudgetStudyRun } from "./budget_study.ts";
import { initBackend } from "../backend/mod.ts";
import { activeSeed } from "../config/mod.ts";
import { firstPerClass, loadTripleMnist } from "../triple_mnist/mod.ts";
import { compileTripleCnn, tripleEnhancedCnn, triplePerDigitCnn } from "../models/triple_mnist.ts";
import { VALIDATION_IMAGES_PER_CLASS } from "./per_digit.ts";
import { trainTripleCnn } from "./trainer.ts";

/** One recipe of the study. */
export interface BudgetRecipe {
  /** 3: the per-digit CNN; 4: the enhanced CNN, augmented */
  task: 3 | 4;
  /** training images per class */
  imagesPerClass: number;
  /** the most epochs */
  epochs: number;
  /** images per batch (default 32) */
  batchImages?: number;
  /** the factor the learning rate is multiplied by after every epoch (default 1) */
  learningRateDecay?: number;
  /** the seed (default the run seed) */
  seed?: number;
}

if (import.meta.main) {
  const { positionals, values } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { save: { type: "boolean" } },
  });
  const recipe: BudgetRecipe = JSON.parse(positionals[0] ?? "{}");
  if (recipe.task !== 3 && recipe.task !== 4) {
    throw new RangeError(`Cannot study task ${recipe.task} as it must be 3 or 4`);
  }
  const seed = recipe.seed ?? activeSeed();
  const backend = await initBackend();
  const data = await loadTripleMnist({ log: () => {} });
  const train = firstPerClass(data.train, recipe.imagesPerClass);
  const validation = firstPerClass(data.val, VALIDATION_IMAGES_PER_CLASS);
  const model = compileTripleCnn(
    recipe.task === 3 ? triplePerDigitCnn({ seed }) : tripleEnhancedCnn({ seed }),
  );
  const run = await trainTripleCnn(model, train, {
    epochs: recipe.epochs,
    seed,
    batchSize: recipe.batchImages ?? 32,
    augment: recipe.task === 4,
    validation,
    keepBest: true,
    learningRateDecay: recipe.learningRateDecay ?? 1,
    onEpochEnd: (h) =>
      console.log(JSON.stringify({
        epoch: h.epoch,
        loss: h.loss,
        accuracy: h.accuracy,
        valLoss: h.valLoss,
        valAccuracy: h.valAccuracy,
        valExactMatch: h.valExactMatch,
        seconds: h.seconds,
      })),
  });
  console.log(JSON.stringify({
    recipe: { ...recipe, seed },
    pool: data.pool,
    trainImages: train.count,
    validationImages: validation.count,
    keptEpoch: run.keptEpoch,
    bestValExactMatch: run.history[run.keptEpoch - 1].valExactMatch,
    seconds: run.seconds,
    backend: backend.name,
  }));
  if (values.save) {
    await saveBudgetStudyRun({
      task: recipe.task,
      imagesPerClass: recipe.imagesPerClass,
      batchImages: recipe.batchImages ?? 32,
      learningRateDecay: recipe.learningRateDecay ?? 1,
      seed,
      pool: data.pool,
      valExactMatch: run.history.map((h) => h.valExactMatch ?? NaN),
      valLoss: run.history.map((h) => h.valLoss ?? NaN),
      backend: backend.name,
      ranAt: new Date().toISOString(),
    });
  }
  model.dispose();
}
