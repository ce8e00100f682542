/**
 * Regenerates `selection_study.json`, the study behind notebook 10's "beyond D" recipe (see
 * `selection.ts`): every candidate recipe, trained over a few seeds, scored on held-out images of
 * the **seen** digits only. No image of the digits 3–9 is embedded, so running it cannot leak
 * the unseen-digit test into the choice.
 *
 * ```
 * DIGITS_DATA_MIRROR=… ./lab deno run -A lib/triplet/selection_cli.ts [--seeds 42,43] [--out FILE]
 * ```
 *
 * It prints one line per run and writes the JSON atomically (default: the committed file). On a
 * 2-core CPU with the wasm backend a run takes 7–13 s and the default study (seven recipes, two
 * seeds) under three minutes.
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { initBackend } from "../backend/mod.ts";
import { DEFAULT_SEED } from "../config/mod.ts";
import { loadMnist } from "../data/mod.ts";
import { writeJsonAtomic } from "../results/mod.ts";
import { firstIndicesPerClass, IMAGES_PER_SEEN_CLASS, SEEN_CLASSES } from "./batches.ts";
import {
  heldOutSets,
  recipeLabel,
  runSelection,
  SELECTION_CANDIDATES,
  SELECTION_STUDY_COMMAND,
  SELECTION_STUDY_FILE,
  SELECTION_TRAINING,
  type SelectionStudy,
} from "./mod.ts";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { seeds: { type: "string" }, out: { type: "string" } },
  });
  const seeds = (values.seeds ?? "42,43").split(",").map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) {
    throw new RangeError(
      `Cannot run the study with seeds '${values.seeds}': give non-negative integers, e.g. --seeds 42,43`,
    );
  }
  const out = values.out ?? fileURLToPath(SELECTION_STUDY_FILE);
  const backend = await initBackend();
  const mnist = await loadMnist();
  const trainedOn = firstIndicesPerClass(mnist.train.labels, SEEN_CLASSES, IMAGES_PER_SEEN_CLASS)
    .flatMap((ix) => Array.from(ix));
  // notebook 10's reference pool at its default seed stays out of the study
  const sets = heldOutSets(mnist.train.labels, trainedOn, { seed: DEFAULT_SEED });
  const study: SelectionStudy = {
    command: SELECTION_STUDY_COMMAND,
    backend: backend.name,
    data: { origin: mnist.origin, trainImages: mnist.train.count },
    dataSeed: DEFAULT_SEED,
    ...SELECTION_TRAINING,
    seeds,
    candidates: [],
  };
  for (const recipe of SELECTION_CANDIDATES) {
    const runs = [];
    for (const seed of seeds) {
      const run = await runSelection(mnist.train, recipe, { seed, sets });
      console.log(
        `${recipeLabel(recipe)} · seed ${seed}: held-out digit ${
          (100 * run.heldOutDigitMean).toFixed(1)
        }%, 3-way ${(100 * run.threeWayHeldOutSeen).toFixed(1)}% (${Math.round(run.seconds)} s)`,
      );
      runs.push(run);
    }
    study.candidates.push({ recipe: { ...recipe }, runs });
  }
  await writeJsonAtomic(out, study);
  console.log(`wrote ${out}`);
}
