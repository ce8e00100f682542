/**
 * Where a training step's time goes: every kernel of the active backend is wrapped with a timer
 * while a model takes steps, so that a profile gives each kernel's share of the step, its
 * floating-point rate (operations counted from the kernel's shapes: convolutions and matrix
 * products, forward and backward), and what is left outside kernels (the framework: the
 * gradient tape, the optimiser's bookkeeping, JavaScript between kernels).
 *
 * Only top-level kernel calls are timed: a kernel that runs others inside it (ours do) counts
 * once, with their time. Convolutions count the operations of a direct convolution, also where
 * the backend does fewer (Winograd's F(2×2, 3×3) does 2.25 times fewer multiplications), so such
 * a kernel's rate is an effective one and can pass the machine's peak.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  getKernelsForBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from "@tensorflow/tfjs-core";
import process from "node:process";
import { type BenchModel, median } from "./bench.ts";

/** Which clock a profile reads. */
export type ProfileClock = "wall" | "cpu";

/** Time and work of one kernel over the profiled steps. */
export interface KernelStat {
  /** the kernel's name, e.g. `Conv2DBackpropFilter` */
  name: string;
  /** calls per step */
  calls: number;
  /** seconds per step */
  seconds: number;
  /** floating-point operations per step (0 for kernels that are not counted) */
  flops: number;
}

/** The profile of one model's training step. */
export interface StepProfile {
  /** the bench model */
  model: string;
  /** the backend */
  backend: string;
  /** images per step */
  batch: number;
  /** the clock */
  clock: ProfileClock;
  /** profiled steps */
  steps: number;
  /** seconds per step (the median) */
  stepSeconds: number;
  /** kernels, most time first, per step */
  kernels: KernelStat[];
}

/**
 * Floating-point operations of one kernel call, from its shapes: 2 per multiply-add of a
 * direct convolution (forward, input gradient, filter gradient) or a matrix product; 0 for
 * every other kernel.
 * @param name the kernel
 * @param inputs its inputs
 * @param attrs its attributes
 * @returns the count
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const x = { shape: [2, 5, 5, 3] }, filter = { shape: [3, 3, 3, 4] }, out = { shape: [2, 3, 3, 4] };
 * // 2 · (2·3·3·4 outputs) · (3·3·3 taps)
 * assertEquals(kernelFlops("Conv2D", { x, filter }, {}, [out]), 2 * 72 * 27);
 * ```
 */
export function kernelFlops(
  name: string,
  inputs: Record<string, { shape: number[] } | undefined>,
  attrs: NamedAttrMap,
  outputs: { shape: number[] }[],
): number {
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  switch (name) {
    case "Conv2D":
    case "FusedConv2D": {
      const [kh, kw, ci] = inputs.filter!.shape;
      return 2 * size(outputs[0].shape) * kh * kw * ci;
    }
    case "Conv2DBackpropInput": {
      const [kh, kw, ci] = inputs.filter!.shape;
      return 2 * size(inputs.dy!.shape) * kh * kw * ci;
    }
    case "Conv2DBackpropFilter": {
      const [kh, kw, ci] = attrs.filterShape as number[];
      return 2 * size(inputs.dy!.shape) * kh * kw * ci;
    }
    case "BatchMatMul":
    case "_FusedMatMul": {
      const a = inputs.a!.shape;
      const k = attrs.transposeA === true ? a[a.length - 2] : a[a.length - 1];
      return 2 * size(outputs[0].shape) * k;
    }
    default:
      return 0;
  }
}

interface Tally {
  calls: number;
  seconds: number;
  flops: number;
}

function clockSeconds(clock: ProfileClock): number {
  if (clock === "wall") return performance.now() / 1000;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Times every kernel of a backend while it is started: wraps each registered kernel function
 * (top-level calls only) and restores them on {@linkcode stop}.
 */
export class KernelProfiler {
  readonly #backend: string;
  readonly #clock: ProfileClock;
  readonly #byShape: boolean;
  readonly #saved: KernelConfig[] = [];
  #tallies = new Map<string, Tally>();
  #depth = 0;
  #active = false;

  /**
   * @param backend the backend whose kernels to time, e.g. `wasm`
   * @param clock wall-clock time, or the process's CPU time (all threads)
   * @param byShape tally each kernel per set of input shapes (names then read `Kernel [shapes]`)
   */
  constructor(backend: string, clock: ProfileClock = "wall", byShape = false) {
    this.#backend = backend;
    this.#clock = clock;
    this.#byShape = byShape;
  }

  /** Wraps the backend's kernels. */
  start(): void {
    if (this.#saved.length > 0) return;
    this.#active = true;
    for (const config of getKernelsForBackend(this.#backend)) {
      this.#saved.push(config);
      const inner = config.kernelFunc;
      const name = config.kernelName;
      // A kernel that captured the wrapper while profiling (e.g. to call it from inside
      // another kernel) still works after stop(), untimed.
      const wrapped: KernelFunc = (args) => {
        if (this.#depth > 0 || !this.#active) return inner(args);
        this.#depth++;
        const t0 = clockSeconds(this.#clock);
        let out;
        try {
          out = inner(args);
        } finally {
          this.#depth--;
        }
        const seconds = clockSeconds(this.#clock) - t0;
        const outputs = (Array.isArray(out) ? out : [out]) as TensorInfo[];
        const key = this.#byShape
          ? `${name} ${
            Object.values(args.inputs).map((t) => t === undefined ? "-" : `[${t.shape}]`).join(" ")
          }`
          : name;
        const t = this.#tallies.get(key) ?? { calls: 0, seconds: 0, flops: 0 };
        t.calls++;
        t.seconds += seconds;
        t.flops += kernelFlops(name, args.inputs, args.attrs ?? {}, outputs);
        this.#tallies.set(key, t);
        return out;
      };
      unregisterKernel(name, this.#backend);
      registerKernel({ ...config, kernelFunc: wrapped });
    }
  }

  /** Restores the backend's own kernel functions. */
  stop(): void {
    this.#active = false;
    for (const config of this.#saved) {
      unregisterKernel(config.kernelName, this.#backend);
      registerKernel(config);
    }
    this.#saved.length = 0;
  }

  /** Forgets what was timed so far. */
  reset(): void {
    this.#tallies = new Map();
  }

  /**
   * What was timed since the last reset, divided by `steps`.
   * @param steps steps taken since then
   * @returns kernels, most time first
   */
  perStep(steps: number): KernelStat[] {
    return [...this.#tallies.entries()]
      .map(([name, t]) => ({
        name,
        calls: t.calls / steps,
        seconds: t.seconds / steps,
        flops: t.flops / steps,
      }))
      .sort((a, b) => b.seconds - a.seconds);
  }
}

/**
 * Profiles a model's training step on the active backend: warm-up steps first, then `steps`
 * timed steps with every kernel timed.
 * @param model the bench model
 * @param options steps, warm-up steps, batch, seed, the clock, and whether to tally kernels per
 * input shapes
 * @returns the profile
 */
export async function profileTraining(
  model: BenchModel,
  options: {
    steps?: number;
    warmupSteps?: number;
    batch?: number;
    seed?: number;
    clock?: ProfileClock;
    byShape?: boolean;
  } = {},
): Promise<StepProfile> {
  const batch = options.batch ?? 128, clock = options.clock ?? "wall";
  const steps = options.steps ?? 5;
  const subject = model.create(batch, options.seed ?? 42);
  const profiler = new KernelProfiler(tf.getBackend(), clock, options.byShape);
  try {
    for (let i = 0; i < (options.warmupSteps ?? 2); i++) await subject.step();
    profiler.start();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = clockSeconds(clock);
      await subject.step();
      times.push(clockSeconds(clock) - t0);
    }
    return {
      model: model.name,
      backend: tf.getBackend(),
      batch,
      clock,
      steps,
      stepSeconds: median(times),
      kernels: profiler.perStep(steps),
    };
  } finally {
    profiler.stop();
    subject.dispose();
  }
}

/** The machine's peak rates for {@linkcode formatProfile}, GFLOP/s. */
export interface PeakRates {
  /** one thread */
  oneThread: number;
  /** all threads the backend uses */
  allThreads: number;
  /** those threads */
  threads: number;
}

/**
 * Formats a profile: a headline (step time, GFLOP per step, achieved rate and its fraction of
 * the peak) and one row per kernel (share, ms per step, calls, GFLOP/s, fraction of the peak),
 * the kernels below 1% folded into one row, and the time outside kernels.
 * @param p the profile
 * @param peak the machine's peak, if measured
 * @returns the lines
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * const lines = formatProfile({
 *   model: "small-cnn", backend: "wasm", batch: 128, clock: "wall", steps: 3, stepSeconds: 0.05,
 *   kernels: [{ name: "Conv2D", calls: 2, seconds: 0.03, flops: 1.5e9 }],
 * });
 * assert(lines.some((l) => l.includes("Conv2D") && l.includes("60.0%")));
 * ```
 */
export function formatProfile(p: StepProfile, peak?: PeakRates): string[] {
  const total = p.stepSeconds;
  const flops = p.kernels.reduce((a, k) => a + k.flops, 0);
  const inKernels = p.kernels.reduce((a, k) => a + k.seconds, 0);
  const rate = flops / total / 1e9;
  // CPU seconds add up over threads, so a CPU-time rate compares with one thread's peak.
  const peakAll = p.clock === "cpu" ? peak?.oneThread : peak?.allThreads;
  const lines = [
    `${p.model} on ${p.backend}: ${(total * 1000).toFixed(1)} ms per step of ${p.batch} (${
      p.clock === "cpu" ? "CPU time, all threads" : "wall clock"
    }, median of ${p.steps}); ${(flops / 1e9).toFixed(2)} GFLOP per step → ${
      rate.toFixed(1)
    } GFLOP/s${peakAll === undefined ? "" : ` = ${(rate / peakAll).toFixed(2)} of the peak`}`,
  ];
  const width = Math.max(22, ...p.kernels.map((k) => k.name.length + 1));
  const row = (name: string, s: number, calls: string, f: number) => {
    const g = f > 0 && s > 0 ? f / s / 1e9 : undefined;
    return `  ${name.padEnd(width)}${(100 * s / total).toFixed(1).padStart(6)}%${
      (s * 1000).toFixed(2).padStart(10)
    }${calls.padStart(7)}${g === undefined ? "".padStart(9) : g.toFixed(1).padStart(9)}${
      g === undefined || peakAll === undefined ? "" : (g / peakAll).toFixed(2).padStart(9)
    }`;
  };
  lines.push(
    `  ${"kernel".padEnd(width)}${"share".padStart(7)}${"ms/step".padStart(10)}${
      "calls".padStart(7)
    }${"GFLOP/s".padStart(9)}${peakAll === undefined ? "" : "of peak".padStart(9)}`,
  );
  let restSeconds = 0, restCalls = 0, restKernels = 0;
  for (const k of p.kernels) {
    if (k.seconds / total < 0.01 && k.flops === 0) {
      restSeconds += k.seconds, restCalls += k.calls, restKernels++;
      continue;
    }
    lines.push(row(k.name, k.seconds, k.calls.toFixed(k.calls % 1 === 0 ? 0 : 1), k.flops));
  }
  if (restKernels > 0) {
    lines.push(row(`${restKernels} others < 1%`, restSeconds, restCalls.toFixed(0), 0));
  }
  lines.push(row("(outside kernels)", Math.max(0, total - inKernels), "", 0));
  return lines;
}
