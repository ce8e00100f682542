/**
 * `deno task report [--profile NAME] [--only 01,05] [--seeds N] [--cell-timeout SECONDS]`
 *
 * Executes every notebook (profile from `--profile` or `NOTEBOOK_PROFILE`, default `standard`),
 * with `--seeds N` repeats each notebook's trainings over N seeds (`NOTEBOOK_SEEDS`),
 * exports each to `results/html/`, writes `results/html/index.html`, and exits non-zero when a
 * notebook failed.
 * @module
 */
import { parseArgs } from "node:util";
import { activeProfile, parseProfile, parseSeedCount } from "../config/mod.ts";
import { resultsDir } from "../paths/mod.ts";
import { formatDuration } from "../display/format.ts";
import { runReport } from "./report.ts";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      profile: { type: "string" },
      only: { type: "string" },
      seeds: { type: "string" },
      "cell-timeout": { type: "string" },
    },
  });
  const profile = values.profile !== undefined ? parseProfile(values.profile) : activeProfile();
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const seeds = values.seeds !== undefined
    ? parseSeedCount(values.seeds)
    : parseSeedCount(Deno.env.get("NOTEBOOK_SEEDS"));
  const cellTimeoutSeconds = values["cell-timeout"] ? Number(values["cell-timeout"]) : -1;
  console.log(
    `Executing notebooks under profile '${profile}'${
      seeds > 1 ? ` over ${seeds} seeds` : ""
    } → ${resultsDir()}/html/`,
  );
  const started = performance.now();
  const entries = await runReport({
    profile,
    only,
    cellTimeoutSeconds,
    seeds,
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
  const failed = entries.filter((e) => !e.ok);
  console.log(
    `${entries.length - failed.length}/${entries.length} notebooks ran in ${
      formatDuration((performance.now() - started) / 1000)
    }; open ${resultsDir()}/html/index.html`,
  );
  if (failed.length > 0) Deno.exit(1);
}
