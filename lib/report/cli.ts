/**
 * `deno task report [--profile NAME] [--only 01,05] [--seeds N] [--max-steps N] [--cell-timeout SECONDS]`
 *
 * Executes every notebook (profile from `--profile` or `NOTEBOOK_PROFILE`, default `standard`),
 * with `--seeds N` repeats each notebook's trainings over N seeds (`NOTEBOOK_SEEDS`), with
 * `--max-steps N` caps every training loop at N steps per epoch and N epochs (`NOTEBOOK_MAX_STEPS`:
 * a check that the notebooks run, whose figures are not results),
 * exports each to `results/html/`, writes `results/html/index.html`, and exits non-zero when a
 * notebook failed.
 *
 * Everything is checked before a kernel starts — the options and the settings the kernels will
 * read from the environment — and a bad value ends the run with one line and the usage (exit
 * code 2). Another report writing into the same results folder ends it with one line (exit code
 * 1). Ctrl-C (or SIGTERM) stops the kernel, removes the temp files and exits 130 (143).
 * @module
 */
import { parseArgs } from "node:util";
import {
  checkSeedRange,
  parseMaxSteps,
  parseProfile,
  parseSeed,
  parseSeedCount,
  type ProfileName,
} from "../config/mod.ts";
import { BACKEND_NAMES, parseWasmThreads } from "../backend/settings.ts";
import { resultsDir } from "../paths/mod.ts";
import { formatDuration } from "../display/format.ts";
import { listNotebooks, NOTEBOOKS_DIR, runReport } from "./report.ts";
import { basename } from "node:path";

/** The usage text printed with `--help` and after a bad argument. */
export const USAGE = `usage: ./lab report [--profile quick|standard|full] [--only IDS] [--seeds N]
                    [--max-steps N] [--cell-timeout SECONDS]

  --profile NAME          the profile to run (default: NOTEBOOK_PROFILE, else standard)
  --only IDS              only these notebooks, by number or name prefix, e.g. --only 01,05
  --seeds N               repeat each notebook's trainings over N seeds, 1 to 20 (NOTEBOOK_SEEDS)
  --max-steps N           at most N steps per epoch and N epochs in every training loop
                          (NOTEBOOK_MAX_STEPS): checks that a profile runs, e.g. full, in
                          minutes; the figures are then not results, and the index says so
  --cell-timeout SECONDS  fail a cell that runs longer (default: no limit)
  -h, --help              show this text

Environment: NOTEBOOK_PROFILE, NOTEBOOK_SEED (0 to 4294967295), NOTEBOOK_SEEDS,
NOTEBOOK_MAX_STEPS, TFJS_BACKEND,
TFJS_WASM_THREADS (1 to 8), TRIPLE_MNIST_IMAGES_PER_CLASS, DIGITS_DATA_MIRROR, DIGITS_RESULTS_DIR.`;

/** What the command line asks for, checked. */
export interface ReportArgs {
  /** `--help` was given: print the usage and nothing else */
  help: boolean;
  /** the profile */
  profile: ProfileName;
  /** notebook name prefixes (undefined: all) */
  only?: string[];
  /** seeds to repeat the trainings over */
  seeds: number;
  /** seconds a cell may run; -1 for no limit */
  cellTimeoutSeconds: number;
  /** the step cap (`--max-steps`, else `NOTEBOOK_MAX_STEPS`); undefined: train in full */
  maxSteps?: number;
}

/**
 * Parses and checks the report's command line and the environment variables its kernels read,
 * so that a bad value is caught before any kernel starts.
 *
 * @param args the command-line arguments
 * @param context how to read an environment variable, and the notebook names (without
 *   `.ipynb`) that `--only` may pick from
 * @returns the checked options
 * @throws {TypeError} for an unknown option or a missing value (node's parseArgs message)
 * @throws {RangeError} for a bad value: one sentence naming it, what it must be, and what to do
 * @example
 * ```ts
 * import { parseReportArgs } from "./cli.ts";
 * const args = parseReportArgs(["--only", "01"], {
 *   env: () => undefined,
 *   notebooks: ["01_mnist", "02_scratch"],
 * });
 * args.only; // ["01"]
 * ```
 */
export function parseReportArgs(
  args: string[],
  context: { env: (name: string) => string | undefined; notebooks: readonly string[] },
): ReportArgs {
  const { env, notebooks } = context;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        profile: { type: "string" },
        only: { type: "string" },
        seeds: { type: "string" },
        "max-steps": { type: "string" },
        "cell-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw argumentError(e);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new RangeError(
      `Cannot use the argument '${positionals[0]}' as the report takes options only: ` +
        `pick notebooks with --only ${positionals[0]}`,
    );
  }
  const help = values.help === true;
  const profile = values.profile !== undefined
    ? parseProfile(nonEmpty(values.profile, "--profile", "quick"), "--profile")
    : parseProfile(env("NOTEBOOK_PROFILE"));
  const only = values.only !== undefined ? parseOnly(values.only, notebooks) : undefined;
  const seeds = values.seeds !== undefined
    ? parseSeedCount(nonEmpty(values.seeds, "--seeds", "3"), "--seeds")
    : parseSeedCount(env("NOTEBOOK_SEEDS"));
  checkSeedRange(parseSeed(env("NOTEBOOK_SEED")), seeds);
  const maxSteps = values["max-steps"] !== undefined
    ? parseMaxSteps(nonEmpty(values["max-steps"], "--max-steps", "2"), "--max-steps")
    : parseMaxSteps(env("NOTEBOOK_MAX_STEPS"));
  const cellTimeoutSeconds = values["cell-timeout"] !== undefined
    ? parseCellTimeout(values["cell-timeout"])
    : -1;
  const backend = env("TFJS_BACKEND")?.trim();
  if (backend && !(BACKEND_NAMES as readonly string[]).includes(backend.toLowerCase())) {
    throw new RangeError(
      `Cannot use TFJS_BACKEND '${backend}' as it must be one of ${
        BACKEND_NAMES.join(", ")
      }: unset it to choose automatically`,
    );
  }
  const threads = env("TFJS_WASM_THREADS");
  if (threads !== undefined && threads.trim() !== "") parseWasmThreads(threads);
  const perClass = env("TRIPLE_MNIST_IMAGES_PER_CLASS")?.trim();
  // the rule of tripleMnistImagesPerClass(), which the kernels apply
  if (perClass && !(Number.isInteger(Number(perClass)) && Number(perClass) > 0)) {
    throw new RangeError(
      `Cannot use TRIPLE_MNIST_IMAGES_PER_CLASS '${perClass}' as it must be a positive integer: ` +
        `set e.g. TRIPLE_MNIST_IMAGES_PER_CLASS=1000, or unset it for the profile's`,
    );
  }
  return {
    help,
    profile,
    only,
    seeds,
    cellTimeoutSeconds,
    ...(maxSteps === undefined ? {} : { maxSteps }),
  };
}

/** node's parseArgs errors, in this project's sentence pattern. */
function argumentError(e: unknown): Error {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message;
  const option = /(--[a-z-]+)/.exec(message)?.[1] ?? /'(-[^' =]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return new TypeError(
      `Cannot use the option '${option}' as the report has no such option: see the options below`,
    );
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return new TypeError(
      `Cannot use ${option} as given: ${
        message.includes("does not take") ? "it takes no value" : "it needs a value"
      } — see the options below`,
    );
  }
  return e instanceof Error ? e : new TypeError(String(e));
}

function nonEmpty(value: string, option: string, example: string): string {
  if (value.trim() === "") {
    throw new RangeError(
      `Cannot use ${option} '' as it needs a value: pass e.g. ${option} ${example}, or leave it out`,
    );
  }
  return value;
}

/** `--only`: comma-separated prefixes, each naming at least one notebook. */
function parseOnly(text: string, notebooks: readonly string[]): string[] {
  const ids = text.split(",").map((s) => s.trim());
  const ids2 = ids.filter((s) => s !== "");
  const known = notebooks.map((n) => n.slice(0, 2)).join(", ");
  if (ids2.length !== ids.length || ids2.length === 0) {
    throw new RangeError(
      `Cannot use --only '${text}' as it must list notebooks by number or name prefix, ` +
        `separated by commas: found an empty entry — pass e.g. --only 01,05 (notebooks ${known})`,
    );
  }
  for (const id of ids2) {
    if (!notebooks.some((n) => n.startsWith(id))) {
      throw new RangeError(
        `Cannot use --only '${id}' as it must be the number or the start of a notebook's name: ` +
          `no notebook starts with it — pick from ${known}`,
      );
    }
  }
  return ids2;
}

function parseCellTimeout(text: string): number {
  const v = text.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || !Number.isSafeInteger(n)) {
    throw new RangeError(
      `Cannot use --cell-timeout '${text}' as it must be a whole number of seconds, at least 1: ` +
        `pass e.g. --cell-timeout 600, or leave it out for no limit`,
    );
  }
  return n;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Prints one line and the usage to stderr and exits with 2. */
function usageError(message: string): never {
  console.error(`report: ${message}\n\n${USAGE}`);
  Deno.exit(2);
}

if (import.meta.main) {
  let args: ReportArgs;
  try {
    const notebooks = (await listNotebooks(NOTEBOOKS_DIR)).map((p) => basename(p, ".ipynb"));
    args = parseReportArgs(Deno.args, { env: readEnv, notebooks });
  } catch (e) {
    usageError(e instanceof Error ? e.message : String(e));
  }
  if (args.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  const { profile, only, seeds, cellTimeoutSeconds, maxSteps } = args;
  console.log(
    `Executing notebooks under profile '${profile}'${seeds > 1 ? ` over ${seeds} seeds` : ""}${
      maxSteps === undefined ? "" : `, every training capped at ${maxSteps} steps (not results)`
    } → ${resultsDir()}/html/`,
  );
  const started = performance.now();
  let entries;
  try {
    entries = await runReport({
      profile,
      only,
      cellTimeoutSeconds,
      seeds,
      maxSteps,
      onNotebook: (result, entry) => {
        const status = result.ok ? "ok  " : "FAIL";
        console.log(
          `${status} ${entry.name.padEnd(44)} ${formatDuration(result.seconds).padStart(12)}  ${
            entry.summary ?? ""
          }`,
        );
        for (const e of result.errors) {
          console.log(`     cell ${e.cell} (${e.firstLine}): ${e.ename}: ${e.evalue}`);
        }
      },
    });
  } catch (e) {
    // e.g. another report holds the results folder, or Jupyter is missing: one line, no trace
    console.error(`report: ${e instanceof Error ? e.message : e}`);
    Deno.exit(1);
  }
  const failed = entries.filter((e) => !e.ok);
  console.log(
    `${entries.length - failed.length}/${entries.length} notebooks ran in ${
      formatDuration((performance.now() - started) / 1000)
    }; open ${resultsDir()}/html/index.html`,
  );
  if (failed.length > 0) Deno.exit(1);
}
