/**
 * The committed selection study (`selection_study.json`, written by `selection_cli.ts`): reading
 * and checking it, and choosing notebook 10's "beyond D" recipe from it in code.
 * @module
 */
import { meanSd } from "../metrics/spread.ts";
import { MINING_STRATEGIES } from "./mining.ts";
import { recipeLabel, type SelectionRecipe, type SelectionRun } from "./selection.ts";

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
