/**
 * Test helpers for the wasm kernels: run a kernel on `wasm` (ours registered) and on `cpu` from
 * the same data, and compare.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { AssertionError } from "@std/assert";
import { Rng } from "../../random/mod.ts";
import { registerWasmTrainingKernels } from "./register.ts";

/** The relative tolerance the issue asks for. */
export const RTOL = 1e-4;

/**
 * Registers our kernels and makes `wasm` (single-threaded unless already set up) active; silences
 * TF.js's "you are running TensorFlow.js in Node.js" notice for the cpu reference.
 */
export async function useWasm(): Promise<void> {
  tf.env().set("PROD", true);
  registerWasmTrainingKernels();
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialise");
}

/** Plain data for a tensor, so that it can be rebuilt on each backend. */
export interface HostTensor {
  /** values */
  values: Float32Array | Int32Array;
  /** shape */
  shape: number[];
  /** dtype */
  dtype: "float32" | "int32";
}

/**
 * Standard-normal float32 data.
 * @param rng the generator
 * @param shape the shape
 * @returns the host tensor
 */
export function randomHost(rng: Rng, shape: number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.normal();
  return { values, shape, dtype: "float32" };
}

/**
 * Runs kernel `kernelName` on `backend` from host data and returns its output values.
 * @param backend `wasm` or `cpu`
 * @param kernelName the kernel
 * @param inputs named host inputs
 * @param attrs the attributes
 * @returns the output's values and shape
 */
export async function runOn(
  backend: "wasm" | "cpu",
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const tensors: Record<string, tf.Tensor> = {};
      for (const [k, v] of Object.entries(inputs)) {
        tensors[k] = tf.tensor(v.values, v.shape, v.dtype);
      }
      const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
      return { values: out.dataSync() as Float32Array | Int32Array, shape: out.shape };
    });
  } finally {
    await tf.setBackend(previous);
  }
}

/**
 * Asserts |actual - expected| ≤ rtol · max|expected| element-wise (a relative tolerance on the
 * output's scale, since sums of random products can cancel to near zero).
 * @param actual the values found
 * @param expected the reference values
 * @param rtol the relative tolerance
 * @param what a label for the message
 * @param floor the smallest scale to measure against: the size of a change that is meaningful
 *   even when the expected values are all near zero
 * @throws {AssertionError} on a length mismatch or an element out of tolerance
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number = RTOL,
  what = "values",
  floor = 0,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const tol = rtol * Math.max(scale, floor, 1e-30);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= tol)) {
      throw new AssertionError(
        `${what}: element ${i} is ${actual[i]}, expected ${
          expected[i]
        } (|diff| ${d} > ${tol} = ${rtol} × ${
          floor > scale ? `the floor ${floor}` : "max|expected|"
        })`,
      );
    }
  }
}

/**
 * Runs `kernelName` on wasm and cpu from the same data and asserts the outputs match.
 * @param kernelName the kernel
 * @param inputs named host inputs
 * @param attrs the attributes
 * @param what a label for failures
 */
export async function assertMatchesCpu(
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: Record<string, unknown>,
  what: string,
): Promise<void> {
  const got = await runOn("wasm", kernelName, inputs, attrs);
  const want = await runOn("cpu", kernelName, inputs, attrs);
  if (got.shape.join() !== want.shape.join()) {
    throw new AssertionError(`${what}: shape [${got.shape}], expected [${want.shape}]`);
  }
  assertAllClose(got.values, want.values, RTOL, what);
}
