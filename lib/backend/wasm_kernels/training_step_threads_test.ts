/**
 * The whole training steps of training_step_test.ts again, on the threaded wasm backend: every
 * kernel that splits its work over the kernel pool (products, Winograd tiles, element-wise
 * ranges, Adam, reductions) takes part in real steps. Skipped where wasm threads cannot start.
 */
import * as tf from "@tensorflow/tfjs";
import { initWasmWithThreads } from "../wasm_threads.ts";
import { registerWasmTrainingKernels } from "./register.ts";

registerWasmTrainingKernels();
tf.env().set("PROD", true);
const started = await initWasmWithThreads(2);
if (started.ok && started.threads >= 2) {
  await import("./training_step_test.ts");
} else {
  Deno.test({ name: "training steps on 2 wasm threads", ignore: true, fn() {} });
}
