/**
 * A thread of {@linkcode KernelPool} (see _pool.ts): instantiates our kernels (the module the
 * main thread compiled, so that the compiled code is shared) against the threaded wasm backend's
 * shared memory, then, forever, waits for a job, runs its share, and
 * reports back. Started with `node:worker_threads` so that it can be `unref()`ed.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { CTRL, POOL_FUNCTIONS } from "./_pool_layout.ts";

interface PoolWorkerData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  ctrl: SharedArrayBuffer;
  index: number;
}

const data = workerData as PoolWorkerData;
const instance = new WebAssembly.Instance(data.module, {
  env: { memory: data.memory },
});
const exports = instance.exports as Record<string, (...args: number[]) => void>;
const fns = POOL_FUNCTIONS.map((name) => exports[name]);
const ctrl = new Int32Array(data.ctrl);
const argsAt = CTRL.args + data.index * CTRL.maxArgs;
let generation = Atomics.load(ctrl, CTRL.generation);
parentPort!.postMessage("ready");
while (true) {
  Atomics.wait(ctrl, CTRL.generation, generation);
  generation = Atomics.load(ctrl, CTRL.generation);
  const fn = ctrl[CTRL.fn + data.index];
  if (fn === CTRL.stop) break;
  try {
    if (fn >= 0) {
      const n = ctrl[CTRL.argCount + data.index];
      fns[fn](...ctrl.subarray(argsAt, argsAt + n));
    }
  } catch {
    Atomics.store(ctrl, CTRL.failed, 1);
  } finally {
    if (Atomics.sub(ctrl, CTRL.pending, 1) === 1) Atomics.notify(ctrl, CTRL.pending);
  }
}
