/**
 * Where the project keeps its data and results.
 *
 * `data/` holds downloaded and generated data, `results/` everything a run writes. Both can be
 * moved with `DIGITS_DATA_DIR` and `DIGITS_RESULTS_DIR` (the tests point them at temp folders).
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder (the one holding `deno.json`). */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

function envDir(name: string): string | undefined {
  try {
    const v = Deno.env.get(name);
    return v && v.trim() !== "" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The data folder: `DIGITS_DATA_DIR`, else `<root>/data`. */
export function dataDir(): string {
  return envDir("DIGITS_DATA_DIR") ?? join(PROJECT_ROOT, "data");
}

/** The results folder: `DIGITS_RESULTS_DIR`, else `<root>/results`. */
export function resultsDir(): string {
  return envDir("DIGITS_RESULTS_DIR") ?? join(PROJECT_ROOT, "results");
}

/**
 * The results folder of one notebook, e.g. `results/01_mnist_mlp_vs_cnn`.
 * @param notebook the notebook's name without `.ipynb`
 */
export function notebookResultsDir(notebook: string): string {
  return join(resultsDir(), notebook);
}
