import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { BACKEND_NAMES, defaultWasmThreads, initBackend } from "./init_backend.ts";
import { findNativeInstall } from "./native.ts";

function withEnv<T>(name: string, value: string | undefined, f: () => T): T {
  const saved = Deno.env.get(name);
  if (value === undefined) Deno.env.delete(name);
  else Deno.env.set(name, value);
  try {
    return f();
  } finally {
    if (saved === undefined) Deno.env.delete(name);
    else Deno.env.set(name, saved);
  }
}

Deno.test("initBackend() rejects an unknown backend name, naming the valid ones", async () => {
  const e = await assertRejects(() => initBackend({ backend: "tpu" }), RangeError);
  assert(e.message.startsWith("Cannot use options.backend 'tpu' as a backend"), e.message);
  for (const name of BACKEND_NAMES) assert(e.message.includes(name), e.message);
});

Deno.test("initBackend() reads TFJS_BACKEND and rejects an unknown name", async () => {
  const saved = Deno.env.get("TFJS_BACKEND");
  Deno.env.set("TFJS_BACKEND", "gpu");
  try {
    const e = await assertRejects(() => initBackend(), RangeError);
    assert(e.message.startsWith("Cannot use TFJS_BACKEND 'gpu' as a backend"), e.message);
  } finally {
    if (saved === undefined) Deno.env.delete("TFJS_BACKEND");
    else Deno.env.set("TFJS_BACKEND", saved);
  }
});

Deno.test({
  name: "initBackend() refuses a forced tensorflow backend whose binding is not installed",
  ignore: findNativeInstall("@tensorflow/tfjs-node").ready ||
    findNativeInstall("@tensorflow/tfjs-node-gpu").ready,
  async fn() {
    const e = await assertRejects(() => initBackend({ backend: "tensorflow" }), RangeError);
    assert(e.message.includes("unavailable"), e.message);
    assert(e.message.includes("install-native"), e.message);
  },
});

Deno.test("initBackend() forced to cpu activates cpu and says so", async () => {
  const choice = await initBackend({ backend: "cpu" });
  assertEquals(choice.name, "cpu");
  assertEquals(tf.getBackend(), "cpu");
  assert(choice.reason.startsWith("forced by options.backend"), choice.reason);
  assertEquals(choice.skipped, []);
});

Deno.test("initBackend() picks the fastest available backend and explains each skip", async () => {
  const choice = await initBackend({ wasmThreads: 1 });
  assertEquals(tf.getBackend(), choice.name);
  const order = BACKEND_NAMES as readonly string[];
  // Every skipped backend comes before the chosen one, in order, with a reason.
  assertEquals(
    choice.skipped.map((s) => s.name),
    order.slice(0, order.indexOf(choice.name)),
  );
  for (const s of choice.skipped) assert(s.why.length > 10, `${s.name}: ${s.why}`);
  if (choice.name === "wasm") {
    assert(choice.reason.includes("training kernels"), choice.reason);
    assert((choice.threads ?? 0) >= 1);
    // Training works: a conv gradient needs our Conv2DBackpropFilter.
    const w = tf.variable(tf.ones([3, 3, 1, 2]));
    const x = tf.ones([1, 5, 5, 1]) as tf.Tensor4D;
    const g = tf.grad((f) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, "valid")))(w);
    assertEquals(Array.from(g.dataSync()), new Array(18).fill(9));
    tf.dispose([w, x, g]);
  }
});

Deno.test("defaultWasmThreads() reads TFJS_WASM_THREADS and rejects nonsense", () => {
  assertEquals(withEnv("TFJS_WASM_THREADS", "3", defaultWasmThreads), 3);
  const e = assertThrows(() => withEnv("TFJS_WASM_THREADS", "two", defaultWasmThreads), RangeError);
  assert(e.message.startsWith("Cannot use TFJS_WASM_THREADS 'two'"), e.message);
  const n = withEnv("TFJS_WASM_THREADS", undefined, defaultWasmThreads);
  assert(n >= 1 && n <= 4);
});
