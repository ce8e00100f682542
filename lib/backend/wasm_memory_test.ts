import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertThrows } from "@std/assert";
import { initBackend } from "./init_backend.ts";
import {
  explainHeapFailure,
  guardWasmHeap,
  stepMemoryBudget,
  WASM_STEP_BUDGET_BYTES,
  WasmHeapFullError,
} from "./wasm_memory.ts";

await initBackend({ backend: "wasm", wasmThreads: 1 });

Deno.test("a tensor larger than the wasm heap throws a WasmHeapFullError and the heap stays usable", async () => {
  assert(guardWasmHeap(tf.backend()), "initBackend guards the heap");
  const before = tf.memory().numTensors;
  // Beside a tensor of 2.5 GiB, one of 2 GiB: malloc returns 0 as the heap cannot grow to 4.5 GiB
  // (unguarded, the tensor was written from address 0 and the next allocation hung). Alone, one
  // of 5 GiB: more than a 32-bit size (unguarded, malloc got the size modulo 2³², 1 GiB).
  const large = tf.fill([2.5 * 2 ** 28], 1);
  try {
    const e = assertThrows(() => tf.fill([2 ** 29], 1), WasmHeapFullError);
    assertEquals(e.bytes, 2 ** 31);
    assert(e.message.startsWith("Cannot allocate 2.00 GiB for a tensor on the wasm backend"));
    assert(/, [\d.]+ GiB are in use, 2\.50 GiB of them by \d+ tensors/.test(e.message), e.message);
    assert(e.message.includes("smaller batch"), e.message);
  } finally {
    large.dispose();
  }
  const e = assertThrows(() => tf.fill([5 * 2 ** 28], 1), WasmHeapFullError);
  assert(e.message.startsWith("Cannot allocate 5.00 GiB for a tensor on the wasm backend"));
  assertEquals(tf.memory().numTensors, before, "the failed tensors are not left registered");
  // the allocator still works: a normal tensor is made and read back
  const t = tf.fill([1000], 3);
  assertEquals((await t.data())[999], 3);
  t.dispose();
});

Deno.test("guardWasmHeap wraps the allocator once and refuses what is not a wasm backend", () => {
  assert(guardWasmHeap(tf.backend()));
  assertEquals(guardWasmHeap({}), false);
  assertEquals(guardWasmHeap(undefined), false);
});

Deno.test("stepMemoryBudget is the wasm step budget, and explainHeapFailure passes other errors on", () => {
  assertEquals(stepMemoryBudget(), WASM_STEP_BUDGET_BYTES);
  const plain = new Error("shape mismatch");
  assertEquals(explainHeapFailure(plain, "a step"), plain);
  // a trap with the heap far from full is a bug, not memory: passed on as it is
  const trap = new WebAssembly.RuntimeError("memory access out of bounds");
  assertEquals(explainHeapFailure(trap, "a step"), trap);
});
