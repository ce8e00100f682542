import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { useWasm } from "./_test_utils.ts";

await useWasm();

Deno.test("tf.clone on wasm shares memory; each tensor outlives the other's disposal", () => {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = backend.numDataIds();
  const a = tf.tensor1d([1, 2, 3]);
  const b = tf.clone(a);
  const c = tf.cast(a, "float32");
  assertEquals(backend.numDataIds(), before + 1); // one buffer, three tensors
  a.dispose();
  assertEquals(Array.from(b.dataSync()), [1, 2, 3]);
  b.dispose();
  assertEquals(Array.from(c.dataSync()), [1, 2, 3]);
  c.dispose();
  assertEquals(backend.numDataIds(), before);
});

Deno.test("tf.cast on wasm still converts between dtypes", () => {
  const x = tf.tensor1d([1.7, -2.2, 0]);
  assertEquals(Array.from(tf.cast(x, "int32").dataSync()), [1, -2, 0]);
  assertEquals(Array.from(tf.cast(x, "bool").dataSync()), [1, 1, 0]);
  x.dispose();
});
