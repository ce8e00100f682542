/**
 * `deno task bench` (also `./lab bench`): training throughput of the benchmark models on each
 * available backend. Prints a table and writes `results/bench.json`.
 *
 * ```
 * deno task bench [--backends wasm,cpu] [--models small-cnn,deep-digits-cnn] [--steps N]
 *                 [--threads N] [--against-torch] [--profile [--by-shape] [--clock wall|cpu]]
 *                 [--cpu-models small-cnn] [--cpu-steps 1] [--max-warmup 600] [--no-write]
 * ```
 * Backends default to every available one (native `tensorflow` when installed, `webgpu` on a
 * hardware adapter, `wasm`, `cpu`); `cpu` runs only `--cpu-models` as it is slow. Timed steps:
 * 30 for small-cnn, 20 for deep-digits-cnn, 10 and 6 for the Triple-MNIST models, unless
 * `--steps`; each model first takes untimed warm-up steps (at least 2, and 1.5 s).
 *
 * `--against-torch` runs `../shared/bench/torch_reference.py` with `/usr/bin/python3` right after
 * each model (same threads and steps) and adds PyTorch's column and our ratio to it; without
 * PyTorch it says so and runs our side. `--profile` then profiles each model on the first
 * backend: every kernel's share of the step, its GFLOP/s and their fraction of the peak of our
 * wasm SIMD tile kernel, measured first on 1 and on all threads. `--clock cpu` times the profile
 * in CPU seconds of the process (all threads): with `--threads 1` it is steadier than the wall
 * clock on a shared machine. `--by-shape` lists each kernel per set of input shapes (per layer).
 * `--threads N` sets the wasm thread count (as `TFJS_WASM_THREADS` does).
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
import {
  BACKEND_NAMES,
  type BackendChoice,
  findNativeInstall,
  initBackend,
  measureWasmPeak,
  probeWebGpu,
} from "../backend/mod.ts";
import { formatProfile, type PeakRates, type ProfileClock, profileTraining } from "./profile.ts";
import { runTorchReference, TORCH_REFERENCE, torchAvailable } from "./torch.ts";

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter((s) => s);
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Cannot use --${name} '${text}': it must be a positive integer`);
  }
  return n;
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

function loadNow(): string {
  try {
    return Deno.loadavg().map((l) => l.toFixed(2)).join(" ");
  } catch {
    return "unknown";
  }
}

const HELP = `deno task bench [--backends wasm,cpu] [--models a,b] [--steps N] [--threads N]
  [--against-torch] [--profile [--by-shape] [--clock wall|cpu]] [--cpu-models small-cnn]
  [--cpu-steps 1]
  [--max-warmup 600] [--no-write]
backends: ${BACKEND_NAMES.join(", ")}
models: ${BENCH_MODELS.map((m) => m.name).join(", ")}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      backends: { type: "string" },
      models: { type: "string" },
      steps: { type: "string" },
      threads: { type: "string" },
      "against-torch": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "by-shape": { type: "boolean", default: false },
      clock: { type: "string", default: "wall" },
      "cpu-models": { type: "string", default: "small-cnn" },
      "cpu-steps": { type: "string", default: "1" },
      "max-warmup": { type: "string", default: "600" },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (values.clock !== "wall" && values.clock !== "cpu") {
    throw new RangeError(`Cannot use --clock '${values.clock}': it must be wall or cpu`);
  }
  const clock = values.clock as ProfileClock;
  const backends = list(values.backends) ?? await availableBackends();
  const models = (list(values.models) ?? BENCH_MODELS.map((m) => m.name)).map(benchModel);
  const cpuModels = new Set(list(values["cpu-models"]) ?? []);
  const steps = positiveInteger("steps", values.steps);
  const wasmThreads = positiveInteger("threads", values.threads);
  const cpuSteps = positiveInteger("cpu-steps", values["cpu-steps"]) ?? 1;
  const maxWarmupSeconds = Number(values["max-warmup"]);
  // The cpu backend's "install tfjs-node" notice would cut into the table.
  tf.env().set("PROD", true);
  const torch = values["against-torch"] ? await torchAvailable() : undefined;
  if (torch !== undefined && !torch.ok) {
    console.log(`PyTorch side skipped: ${torch.why}. Running our side only.`);
  }
  const results: BenchResult[] = [];
  const byCpu: BenchResult[] = [];
  const torchResults: BenchResult[] = [];
  const notes: string[] = [];
  let torchThreads: number | undefined;
  let profiledBackend: string | undefined;
  let peak: PeakRates | undefined;
  const loads: string[] = [`start ${loadNow()}`];
  for (const backend of backends) {
    let choice: BackendChoice;
    try {
      choice = await initBackend({ backend, wasmThreads });
    } catch (e) {
      notes.push(`${backend}: skipped — ${(e as Error).message}`);
      continue;
    }
    notes.push(`${backend}: ${choice.reason}`);
    // PyTorch runs beside the first backend that is not the slow cpu one, with its threads.
    const withTorch = torch?.ok === true && torchThreads === undefined && backend !== "cpu";
    const threads = choice.threads ?? navigator.hardwareConcurrency;
    if (withTorch) torchThreads = threads;
    for (const model of models) {
      if (backend === "cpu" && values.models === undefined && !cpuModels.has(model.name)) continue;
      const m = await benchTraining(model, {
        steps: backend === "cpu" ? cpuSteps : steps,
        maxWarmupSeconds,
      });
      const times = m.stepSeconds.map((s) => s.toFixed(3)).join(" ");
      const warm = m.warmupSeconds.map((s) => s.toFixed(2)).join(" ");
      if (m.result === undefined) {
        console.log(`${model.name} on ${backend}: warm-up took ${warm} s, skipped`);
        continue;
      }
      const cpu = m.mainThreadCpuSeconds;
      const cpuRate = cpu === undefined ? undefined : m.result.batch / median(cpu);
      console.log(
        `${model.name} on ${backend}: ${m.result.imagesPerSecond} images/s (warm-up ${warm} s; steps ${times} s${
          cpu === undefined ? "" : `; main-thread CPU ${cpu.map((c) => c.toFixed(3)).join(" ")} s`
        }; load ${loadNow()})`,
      );
      results.push(m.result);
      if (cpuRate !== undefined) {
        byCpu.push({ ...m.result, imagesPerSecond: Math.round(cpuRate * 10) / 10 });
      }
      if (withTorch) {
        try {
          const [r] = await runTorchReference([model.name], {
            threads,
            steps: m.stepSeconds.length,
          });
          torchResults.push({
            model: model.name,
            backend: "torch-cpu",
            imagesPerSecond: r.imagesPerSecond,
            batch: m.result.batch,
          });
          console.log(
            `${model.name} on PyTorch (${threads} threads): ${r.imagesPerSecond} images/s (load ${loadNow()})`,
          );
        } catch (e) {
          notes.push(`PyTorch, ${model.name}: ${(e as Error).message}`);
        }
      }
    }
    if (values.profile && profiledBackend === undefined && backend !== "cpu") {
      profiledBackend = backend;
      if (backend === "wasm") {
        const p = measureWasmPeak();
        peak = p;
        console.log(
          `\nPeak of our wasm SIMD tile kernel (6×8 fused multiply-adds, operands in L1): ${
            p.oneThread.toFixed(1)
          } GFLOP/s on 1 thread, ${p.allThreads.toFixed(1)} on ${p.threads}`,
        );
      }
      for (const model of models) {
        const p = await profileTraining(model, {
          steps: Math.max(3, Math.ceil((steps ?? model.defaultSteps) / 3)),
          clock,
          byShape: values["by-shape"],
        });
        console.log("");
        for (const line of formatProfile(p, peak)) console.log(line);
      }
    }
  }
  loads.push(`end ${loadNow()}`);
  console.log("");
  console.log(`Training images/s, batch 128 (median of timed steps after warm-up steps):`);
  const table = formatBenchTable([...results, ...torchResults]);
  const wasmBy = new Map(results.filter((r) => r.backend === "wasm").map((r) => [r.model, r]));
  const torchBy = new Map(torchResults.map((r) => [r.model, r]));
  const withRatio = torchResults.length > 0 && wasmBy.size > 0;
  console.log(table[0] + (withRatio ? "  wasm/torch".padStart(12) : ""));
  const modelNames = [...new Set([...results, ...torchResults].map((r) => r.model))];
  for (const [i, line] of table.slice(1).entries()) {
    const w = wasmBy.get(modelNames[i]), t = torchBy.get(modelNames[i]);
    const ratio = w !== undefined && t !== undefined
      ? `${(w.imagesPerSecond / t.imagesPerSecond).toFixed(2)}×`
      : "—";
    console.log(line + (withRatio ? ratio.padStart(12) : ""));
  }
  if (byCpu.length > 0) {
    console.log("");
    console.log(
      "Images per main-thread CPU second (≈ an idle machine's images/s when others share the cores):",
    );
    for (const line of formatBenchTable(byCpu)) console.log(line);
  }
  for (const note of notes) console.log(`  ${note}`);
  if (torchThreads !== undefined) {
    console.log(
      `  torch-cpu: ${TORCH_REFERENCE}, PyTorch ${torch?.version}, ${torchThreads} threads`,
    );
  }
  console.log(
    `  TF.js ${tf.version.tfjs}, Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPU cores; load average ${
      loads.join(", ")
    }`,
  );
  if (!values["no-write"]) {
    const path = join(resultsDir(), "bench.json");
    await writeJsonAtomic(path, [...results, ...torchResults]);
    console.log(`Wrote ${path}`);
  }
}

if (import.meta.main) await main();
