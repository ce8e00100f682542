/**
 * Replacing a TF.js gradient for the wasm backend only. Gradients are global (one per kernel for
 * every backend), so the replacement calls ours when the active backend is `wasm` and our
 * function accepts the tensors, and the original gradient otherwise.
 * @module
 */
import { getBackend, getGradient, type GradConfig, registerGradient } from "@tensorflow/tfjs-core";

type GradFunc = GradConfig["gradFunc"];
type Grads = ReturnType<GradFunc>;

const ours = new Set<GradFunc>();

/**
 * Replaces the gradient of `kernelName` (once; later calls do nothing).
 * @param kernelName the forward kernel, e.g. `Relu`
 * @param wasmGrad our gradient on wasm: the gradients, or undefined to use the original
 */
export function replaceGradientOnWasm(
  kernelName: string,
  wasmGrad: (...args: Parameters<GradFunc>) => Grads | undefined,
): void {
  const original = getGradient(kernelName);
  if (original === undefined || ours.has(original.gradFunc)) return;
  const gradFunc: GradFunc = (dy, saved, attrs) =>
    (getBackend() === "wasm" ? wasmGrad(dy, saved, attrs) : undefined) ??
      original.gradFunc(dy, saved, attrs);
  ours.add(gradFunc);
  registerGradient({ ...original, gradFunc });
}
