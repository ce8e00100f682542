/**
 * The wasm backend's heap: one WebAssembly memory of at most 4 GiB that holds every tensor.
 *
 * TF.js's wasm backend does not check the address its `malloc` returns: when the heap is full,
 * `malloc` returns 0 and the tensor's bytes are written over the start of the heap, where the
 * allocator keeps its lock. The next allocation then spins on that lock for ever — a training
 * step that asks for more than the heap holds hangs at 100 % CPU with no message.
 * {@linkcode guardWasmHeap} turns that into an error that says what to do, and
 * {@linkcode stepMemoryBudget} tells `fit` and the GAN trainer how much one training step may
 * hold, so that they can split a large batch into micro-batches (see `lib/train/micro_batch.ts`).
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The largest heap the wasm backend's memory can grow to (its `maximum`, 65,535 pages). */
export const WASM_HEAP_MAX_BYTES = 4294901760;

/**
 * The bytes one training step may hold on wasm: what the network's activations, their
 * gradients and the kernels' work buffers may take at once, leaving the rest of the heap to the
 * weights, the optimizer's state and the data a notebook keeps as tensors.
 */
export const WASM_STEP_BUDGET_BYTES = 1.5 * 2 ** 30;

/** Thrown when the wasm heap cannot hold a new tensor. */
export class WasmHeapFullError extends RangeError {
  /** the bytes asked for */
  readonly bytes: number;
  /**
   * @param bytes the bytes asked for
   * @param message what happened and what to do
   */
  constructor(bytes: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WasmHeapFullError";
    this.bytes = bytes;
  }
}

interface HeapModule {
  _malloc(bytes: number): number;
  HEAPU8: Uint8Array;
  __heapGuarded?: boolean;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/**
 * Makes the wasm backend's allocations fail loudly: an allocation the heap cannot hold throws a
 * {@linkcode WasmHeapFullError} (which names the size, what is in use and what to do) instead of
 * corrupting the heap and hanging the next allocation. Calling it again does nothing.
 *
 * @param backend the wasm backend (`tf.backend()` while wasm is active)
 * @returns true when the backend is now guarded, false when it is not a wasm backend
 * @example
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs";
 * import { guardWasmHeap } from "./wasm_memory.ts";
 * await tf.setBackend("wasm");
 * guardWasmHeap(tf.backend()); // true
 * ```
 */
export function guardWasmHeap(backend: unknown): boolean {
  const wasm = (backend as { wasm?: HeapModule } | undefined)?.wasm;
  if (!wasm || typeof wasm._malloc !== "function") return false;
  if (wasm.__heapGuarded) return true;
  // Emscripten's `_malloc` is a stub that, on its first call, replaces itself on the module with
  // the raw export: the guard is a getter, and such an assignment only changes what it calls.
  let malloc = wasm._malloc;
  const guarded = (bytes: number): number => {
    // (a size of 4 GiB or more would reach malloc modulo 2³² and get a smaller block)
    const address = bytes > WASM_HEAP_MAX_BYTES ? 0 : malloc(bytes);
    if (address === 0 && bytes > 0) {
      const tensors = tf.memory();
      throw new WasmHeapFullError(
        bytes,
        `Cannot allocate ${gib(bytes)} for a tensor on the wasm backend as its heap is full: ` +
          `it holds at most ${gib(WASM_HEAP_MAX_BYTES)}, ${gib(wasm.HEAPU8.length)} are in use, ` +
          `${gib(tensors.numBytes)} of them by ${tensors.numTensors} tensors — train with a ` +
          `smaller batch, dispose the tensors you no longer need (or keep data sets as ` +
          `arrays), or use native TensorFlow (./lab install-native)`,
      );
    }
    return address;
  };
  Object.defineProperty(wasm, "_malloc", {
    configurable: true,
    enumerable: true,
    get: () => guarded,
    set: (f: (bytes: number) => number) => {
      malloc = f;
    },
  });
  wasm.__heapGuarded = true;
  return true;
}

/**
 * The bytes a training step may hold on the active backend, or undefined when the backend has no
 * such limit worth splitting a batch for (`tensorflow`, `webgpu`, `cpu`).
 *
 * @returns {@linkcode WASM_STEP_BUDGET_BYTES} on wasm, less what tensors already hold beyond
 *   the rest of the heap; undefined elsewhere
 * @example
 * ```ts
 * import { stepMemoryBudget } from "./wasm_memory.ts";
 * const budget = stepMemoryBudget(); // e.g. 1610612736 on wasm, undefined on cpu
 * ```
 */
export function stepMemoryBudget(): number | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const free = WASM_HEAP_MAX_BYTES - tf.memory().numBytes;
  return Math.max(64 * 2 ** 20, Math.min(WASM_STEP_BUDGET_BYTES, free / 2));
}

/**
 * Says why a wasm trap happened when the heap was (nearly) full: a `WebAssembly.RuntimeError`
 * ("memory access out of bounds") thrown while the heap is within 10 % of its maximum comes from
 * running out of memory, not from a bug, and is returned as a {@linkcode WasmHeapFullError} that
 * says what to do. Any other error is returned as it is.
 *
 * @param error what a training or prediction step threw
 * @param what what was running, for the message (e.g. "a training step of 768 rows")
 * @returns the error to throw
 * @example
 * ```ts
 * import { explainHeapFailure } from "./wasm_memory.ts";
 * const e = new Error("not a trap");
 * explainHeapFailure(e, "a training step") === e; // true
 * ```
 */
export function explainHeapFailure(error: unknown, what: string): unknown {
  if (!(error instanceof WebAssembly.RuntimeError) || tf.getBackend() !== "wasm") return error;
  const heap = (tf.backend() as unknown as { wasm?: HeapModule }).wasm?.HEAPU8.length ?? 0;
  if (heap < 0.9 * WASM_HEAP_MAX_BYTES) return error;
  return new WasmHeapFullError(
    0,
    `Cannot finish ${what} on the wasm backend as its heap ran out: it holds at most ` +
      `${gib(WASM_HEAP_MAX_BYTES)} and had grown to ${gib(heap)} when a kernel failed ` +
      `(${error.message}) — train with a smaller batch (or a smaller stepMemory for fit), ` +
      `dispose the tensors you no longer need, or use native TensorFlow (./lab install-native)`,
    { cause: error },
  );
}
