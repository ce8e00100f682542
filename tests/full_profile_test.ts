/**
 * The `full` profile, known to run: every notebook executes under `full` with every training
 * loop capped at two steps per epoch and two epochs (`NOTEBOOK_MAX_STEPS=2`), so that the code
 * paths only `full` takes run in CI: source A's cDCGAN on whole 84×84 images, D's 224×224×3
 * triplet network, Triple-MNIST at 100 images per class (generated here, 100,000 PNGs), every
 * source's own epochs and batch sizes, and the prediction passes over the whole test sets.
 *
 * The notebooks run one at a time, in their own data and results folders (the Triple-MNIST
 * generation and the saved models stay out of `data/` and `results/`, where the quick-profile
 * test works at the same time). Each must end without an error output and write a metrics.json
 * that says it ran capped under `full`, with every training loop it ran within the cap.
 * It runs in CI (see below).
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import {
  executeNotebook,
  type ExecuteResult,
  listNotebooks,
  NOTEBOOKS_DIR,
} from "../lib/report/mod.ts";

const MAX_STEPS = 2;
const notebooks = await listNotebooks(NOTEBOOKS_DIR);
/**
 * Runs in CI (`CI` set, as `.ci/run` does) and wherever `DIGITS_FULL_PROFILE_TEST=1`;
 * `DIGITS_FULL_PROFILE_TEST=0` skips it. It takes about 9 min on an idle 2-core machine, so a
 * local `./lab test` leaves it out. (Before the wasm heap was guarded and large batches split into
 * micro-batches, notebooks 05, 07, 08 and 09 hung in it: see lib/backend/README.md.)
 */
const optIn = (Deno.env.get("DIGITS_FULL_PROFILE_TEST") ?? "").trim();
const skip = optIn === "0" || (optIn !== "1" && !Deno.env.get("CI"));

interface Metrics {
  profile?: string;
  maxSteps?: number;
  backend?: string;
  trainings?: {
    steps: number;
    epochs: number;
    maxSteps?: number;
    batchSize: number;
    microBatchRows?: number;
  }[];
  trainingEstimate?: { profile: string; works: { label: string; batchSize: number }[] };
  [key: string]: unknown;
}

Deno.test({
  name: "every notebook runs under the full profile with NOTEBOOK_MAX_STEPS=2",
  ignore: notebooks.length === 0 || skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "notebooks-full-" });
    const env = {
      NOTEBOOK_MAX_STEPS: String(MAX_STEPS),
      DIGITS_DATA_DIR: join(root, "data"),
      DIGITS_RESULTS_DIR: join(root, "results"),
    };
    const results: ExecuteResult[] = [];
    const started = performance.now();
    for (const path of notebooks) {
      const r = await executeNotebook(path, {
        to: "notebook",
        outputDir: join(root, "executed"),
        profile: "full",
        // a hang fails; a slow cell on a busy machine does not (05's CNN takes ~17 s a step)
        cellTimeoutSeconds: 1800,
        env,
        recordTiming: true,
      });
      const slowest = r.cellTimes.slice(0, 3).map((t) =>
        `cell ${t.cell} ${t.seconds.toFixed(1)} s (${t.firstLine.slice(0, 40)})`
      );
      console.log(
        `  ${r.name}: ${r.seconds.toFixed(1)} s${r.ok ? "" : " (failed)"}; slowest: ${
          slowest.join(", ")
        }`,
      );
      results.push(r);
    }
    console.log(`  all: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const failures = results.flatMap((r) =>
      r.errors.map((e) =>
        `${r.name}.ipynb cell ${e.cell} (${e.firstLine}): ${e.ename}: ${e.evalue}`
      )
    );
    assertEquals(failures, [], `notebooks failed under full:\n${failures.join("\n")}`);

    const metrics: Record<string, Metrics> = {};
    for (const r of results) {
      const file = join(env.DIGITS_RESULTS_DIR, r.name, "metrics.json");
      metrics[r.name] = JSON.parse(await Deno.readTextFile(file));
    }
    const problems: string[] = [];
    for (const [name, m] of Object.entries(metrics)) {
      if (m.profile !== "full") problems.push(`${name}: profile ${m.profile}`);
      if (m.maxSteps !== MAX_STEPS) problems.push(`${name}: maxSteps ${m.maxSteps} recorded`);
      for (const t of m.trainings ?? []) {
        if (t.maxSteps !== MAX_STEPS || t.steps > MAX_STEPS * MAX_STEPS) {
          problems.push(`${name}: a training ran ${t.steps} steps (cap ${t.maxSteps})`);
        }
      }
      if (!name.startsWith("04") && m.trainingEstimate?.profile !== "full") {
        problems.push(`${name}: no estimate of the full training time`);
      }
    }
    assertEquals(problems, [], problems.join("\n"));

    // The code paths that only full takes did run.
    const byPrefix = (p: string) => Object.entries(metrics).find(([n]) => n.startsWith(p))?.[1];
    assertEquals(byPrefix("04")?.imagesPerClass, 100, "Triple-MNIST at 100 images per class");
    assertEquals(byPrefix("08")?.model, "cdcgan", "A's cDCGAN trained");
    const cdcgan = byPrefix("08")?.trainings?.find((t) => t.batchSize === 256);
    assert(cdcgan, "the cDCGAN trained at A's batch of 256");
    if (byPrefix("07")?.backend === "wasm") {
      // A's batches exceed what one step may hold in wasm's 4 GiB heap (unsplit, they hung)
      const split = (rows: number) => (t: { microBatchRows?: number }) =>
        t.microBatchRows !== undefined && t.microBatchRows < rows;
      assert(
        byPrefix("07")?.trainings?.some((t) => t.batchSize === 256 && split(768)(t)),
        "Task 4's batches of 768 thirds trained as micro-batches on wasm",
      );
      assert(split(256)(cdcgan), "the cDCGAN's batches of 256 images trained as micro-batches");
    }
    const triplet = byPrefix("10")?.trainingEstimate?.works[0];
    assertEquals(triplet?.label, "D's network", "D's 224×224×3 triplet network");
    assert(
      byPrefix("10")?.trainings?.some((t) => t.batchSize === 30),
      "the triplet trainer ran D's batches of 30",
    );
    await Deno.remove(root, { recursive: true });
  },
});
