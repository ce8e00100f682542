/**
 * `deno task bench`: training throughput of the benchmark models on each available backend.
 * Prints a table and writes `results/bench.json`.
 *
 * ```
 * deno task bench [--backends wasm,cpu] [--models small-cnn,deep-digits-cnn] [--steps N]
 *                 [--cpu-models small-cnn] [--cpu-steps 1] [--max-warmup 600] [--no-write]
 * ```
 * Backends default to every available one (native `tensorflow` when installed, `webgpu` on a
 * hardware adapter, `wasm`, `cpu`); `cpu` runs only `--cpu-models` as it is slow. Timed steps:
 * 7 for small-cnn, 5 for deep-digits-cnn, 3 for the Triple-MNIST models, unless `--steps`. Set
 * `TFJS_WASM_THREADS` to choose the wasm thread count.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { join } from "node:path";
import { resultsDir } from "../paths/mod.ts";
import { writeJsonAtomic } from "../results/mod.ts";
import {
  BENCH_MODELS,
  benchModel,
  type BenchResult,
  benchTraining,
  formatBenchTable,
  median,
} from "./bench.ts";
import { BACKEND_NAMES, type BackendChoice, initBackend } from "../backend/mod.ts";
import { findNativeInstall } from "../backend/mod.ts";
import { probeWebGpu } from "../backend/mod.ts";

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter((s) => s);
}

async function availableBackends(): Promise<string[]> {
  const names: string[] = [];
  if (
    findNativeInstall("@tensorflow/tfjs-node-gpu").ready ||
    findNativeInstall("@tensorflow/tfjs-node").ready
  ) names.push("tensorflow");
  const gpu = await probeWebGpu();
  if (gpu.available && !gpu.software) names.push("webgpu");
  names.push("wasm", "cpu");
  return names;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backends: { type: "string" },
      models: { type: "string" },
      steps: { type: "string" },
      "cpu-models": { type: "string", default: "small-cnn" },
      "cpu-steps": { type: "string", default: "1" },
      "max-warmup": { type: "string", default: "600" },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "deno task bench [--backends wasm,cpu] [--models a,b] [--steps N] [--cpu-models small-cnn]\n" +
        `  [--cpu-steps 1] [--max-warmup 600] [--no-write]\nbackends: ${
          BACKEND_NAMES.join(", ")
        }\nmodels: ${BENCH_MODELS.map((m) => m.name).join(", ")}`,
    );
    return;
  }
  const backends = list(values.backends) ?? await availableBackends();
  const models = (list(values.models) ?? BENCH_MODELS.map((m) => m.name)).map(benchModel);
  const cpuModels = new Set(list(values["cpu-models"]) ?? []);
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  const cpuSteps = Number(values["cpu-steps"]);
  // The cpu backend's "install tfjs-node" notice would cut into the table.
  tf.env().set("PROD", true);
  const maxWarmupSeconds = Number(values["max-warmup"]);
  const results: BenchResult[] = [];
  const byCpu: BenchResult[] = [];
  const notes: string[] = [];
  for (const backend of backends) {
    let choice: BackendChoice;
    try {
      choice = await initBackend({ backend });
    } catch (e) {
      notes.push(`${backend}: skipped — ${(e as Error).message}`);
      continue;
    }
    notes.push(`${backend}: ${choice.reason}`);
    for (const model of models) {
      if (backend === "cpu" && values.models === undefined && !cpuModels.has(model.name)) continue;
      const m = await benchTraining(model, {
        steps: backend === "cpu" ? cpuSteps : steps,
        maxWarmupSeconds,
      });
      const times = m.stepSeconds.map((s) => s.toFixed(3)).join(" ");
      if (m.result === undefined) {
        console.log(
          `${model.name} on ${backend}: warm-up took ${m.warmupSeconds.toFixed(1)} s, skipped`,
        );
        continue;
      }
      const cpu = m.mainThreadCpuSeconds;
      const cpuRate = cpu === undefined ? undefined : m.result.batch / median(cpu);
      console.log(
        `${model.name} on ${backend}: ${m.result.imagesPerSecond} images/s (warm-up ${
          m.warmupSeconds.toFixed(2)
        } s; steps ${times} s${
          cpu === undefined ? "" : `; main-thread CPU ${cpu.map((c) => c.toFixed(3)).join(" ")} s`
        })`,
      );
      results.push(m.result);
      if (cpuRate !== undefined) {
        byCpu.push({ ...m.result, imagesPerSecond: Math.round(cpuRate * 10) / 10 });
      }
    }
  }
  console.log("");
  console.log(`Training images/s, batch 128 (median of timed steps after a warm-up step):`);
  for (const line of formatBenchTable(results)) console.log(line);
  if (byCpu.length > 0) {
    console.log("");
    console.log(
      "Images per main-thread CPU second (≈ an idle machine's images/s when others share the cores):",
    );
    for (const line of formatBenchTable(byCpu)) console.log(line);
  }
  for (const note of notes) console.log(`  ${note}`);
  console.log(`  TF.js ${tf.version.tfjs}, ${navigator.hardwareConcurrency} CPU cores`);
  if (!values["no-write"]) {
    const path = join(resultsDir(), "bench.json");
    await writeJsonAtomic(path, results);
    console.log(`Wrote ${path}`);
  }
}

if (import.meta.main) await main();
