/**
 * Adam in one pass per variable on the wasm backend. TF.js's `AdamOptimizer.applyGradients`
 * composes each variable's step from about a dozen element-wise kernels (a pass over the
 * variable each, and a kernel call each); ours, `_WasmAdam`, reads the variable, its two
 * moments and its gradient once and writes the three new tensors, split over the kernel pool's
 * threads. The optimiser's state (moments, β powers, iteration count) is kept exactly as TF.js
 * keeps it, so saving and restoring an optimiser is unchanged. The replacement is global (the
 * class's method) but runs only while `wasm` is the active backend and every gradient is
 * float32; otherwise TF.js's own method runs.
 * @module
 */
import {
  AdamOptimizer,
  dispose,
  engine,
  getBackend,
  type KernelConfig,
  type KernelFunc,
  mul,
  type NamedTensorMap,
  sub,
  type Tensor,
  type TensorInfo,
  tidy,
  type Variable,
  zerosLike,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  assertFloat32,
  free,
  type KernelArgs,
  makeOutput,
  sizeOf,
} from "./_kernel_utils.ts";
import { backendMemory, nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";

/** Our Adam kernel, wasm only: outputs [value, firstMoment, secondMoment] after one step. */
export const WASM_ADAM = "_WasmAdam";

/** Attributes of `_WasmAdam`. */
interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

const f32bits = (x: number) => new Int32Array(new Float32Array([x]).buffer)[0];
// Below this many elements a variable's step runs on one thread.
const THREADED_SIZE = 1 << 16;

/**
 * The `_WasmAdam` kernel: inputs value, m, v, gradient and the scalars c1 = 1 − β1^t,
 * c2 = 1 − β2^t; attributes beta1, beta2, epsilon, learningRate.
 */
export const adamConfig: KernelConfig = {
  kernelName: WASM_ADAM,
  backendName: "wasm",
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs): TensorInfo[] => {
    const { value, m, v, gradient, c1, c2 } = inputs;
    for (const [name, t] of Object.entries(inputs)) assertFloat32(WASM_ADAM, name, t!);
    const a = attrs as unknown as AdamAttrs;
    const n = sizeOf(value!.shape);
    const outs = [value!, m!, v!].map((t) => makeOutput(backend, t.shape));
    const at = (t: TensorInfo) => addressOf(backend, t);
    const pool = kernelPool(backend);
    const slices = pool === undefined || n < THREADED_SIZE ? [[0, n]] : splitRange(n, pool.threads);
    const native = nativeKernels(backend);
    if (slices.length === 1) {
      native.adam_update(
        at(value!),
        at(m!),
        at(v!),
        at(gradient!),
        at(c1!),
        at(c2!),
        at(outs[0]),
        at(outs[1]),
        at(outs[2]),
        n,
        a.beta1,
        a.beta2,
        1 - a.beta1,
        1 - a.beta2,
        a.epsilon,
        a.learningRate,
      );
      return outs;
    }
    const block = makeOutput(backend, [16 * slices.length]); // 16 int32 slots per thread
    const memory = backendMemory(backend);
    const params = slices.map(([s, e], i) => {
      const p = at(block) + 64 * i;
      new Int32Array(memory.buffer, p, 16).set([
        ...[value!, m!, v!, gradient!].map((t) => at(t) + 4 * s),
        at(c1!),
        at(c2!),
        ...outs.map((t) => at(t) + 4 * s),
        e - s,
        f32bits(a.beta1),
        f32bits(a.beta2),
        f32bits(1 - a.beta1),
        f32bits(1 - a.beta2),
        f32bits(a.epsilon),
        f32bits(a.learningRate),
      ]);
      return [p];
    });
    try {
      pool!.run("adam_job", params);
    } finally {
      free(backend, block);
    }
    return outs;
  }) as unknown as KernelFunc,
};

interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
  incrementIterations(): void;
}

type ApplyGradients = AdamOptimizer["applyGradients"];
type VariableGradients = Parameters<ApplyGradients>[0];

let originalApply: ApplyGradients | undefined;

function gradientsOf(variableGradients: VariableGradients): [string, Tensor | undefined][] {
  return Array.isArray(variableGradients)
    ? variableGradients.map((v) => [v.name, v.tensor])
    : Object.entries(variableGradients as NamedTensorMap);
}

function fusedApply(this: AdamOptimizer, variableGradients: VariableGradients): void {
  const grads = gradientsOf(variableGradients);
  const registered = engine().registeredVariables;
  if (
    getBackend() !== "wasm" ||
    grads.some(([name, g]) =>
      (g != null && g.dtype !== "float32") || registered[name]?.dtype !== "float32"
    )
  ) {
    return originalApply!.call(this, variableGradients);
  }
  const self = this as unknown as AdamState;
  tidy(() => {
    const c1 = sub(1, self.accBeta1), c2 = sub(1, self.accBeta2);
    grads.forEach(([name, gradient], i) => {
      const value = registered[name];
      if (self.accumulatedFirstMoment[i] == null) {
        self.accumulatedFirstMoment[i] = {
          originalName: `${name}/m`,
          variable: tidy(() => zerosLike(value).variable(false)),
        };
      }
      if (self.accumulatedSecondMoment[i] == null) {
        self.accumulatedSecondMoment[i] = {
          originalName: `${name}/v`,
          variable: tidy(() => zerosLike(value).variable(false)),
        };
      }
      if (gradient == null) return;
      const m = self.accumulatedFirstMoment[i].variable;
      const v = self.accumulatedSecondMoment[i].variable;
      const [w2, m2, v2] = engine().runKernel(
        WASM_ADAM,
        { value, m, v, gradient, c1, c2 },
        {
          beta1: self.beta1,
          beta2: self.beta2,
          epsilon: self.epsilon,
          learningRate: self.learningRate,
        },
      ) as Tensor[];
      m.assign(m2);
      v.assign(v2);
      value.assign(w2);
      dispose([w2, m2, v2]);
    });
    self.accBeta1.assign(mul(self.accBeta1, self.beta1));
    self.accBeta2.assign(mul(self.accBeta2, self.beta2));
  });
  self.incrementIterations();
}

/**
 * Makes `AdamOptimizer.applyGradients` take one `_WasmAdam` kernel per variable while wasm is
 * active (once; later calls do nothing).
 */
export function registerFusedAdam(): void {
  if (originalApply !== undefined) return;
  originalApply = AdamOptimizer.prototype.applyGradients;
  AdamOptimizer.prototype.applyGradients = fusedApply;
}
