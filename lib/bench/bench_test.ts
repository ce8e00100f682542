import * as tf from "@tensorflow/tfjs";
import { getKernel } from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertMatch } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { type BenchModel, formatBenchTable, median } from "./bench.ts";
import { formatProfile, kernelFlops, KernelProfiler, profileTraining } from "./profile.ts";
import { runTorchReference, SYSTEM_PYTHON, torchAvailable } from "./torch.ts";

tf.env().set("PROD", true);
await initBackend({ backend: "wasm", wasmThreads: 1 });

Deno.test("median() of odd and even counts", () => {
  assertEquals(median([5, 1, 3]), 3);
  assertEquals(median([4, 1, 3, 2]), 2.5);
});

Deno.test("formatBenchTable() puts backends in columns, models in rows", () => {
  const lines = formatBenchTable([
    { model: "small-cnn", backend: "wasm", imagesPerSecond: 3000, batch: 128 },
    { model: "small-cnn", backend: "torch-cpu", imagesPerSecond: 2500, batch: 128 },
    { model: "cdcgan-step", backend: "wasm", imagesPerSecond: 25.5, batch: 128 },
  ]);
  assertEquals(lines[0].trim().split(/\s+/), ["model", "wasm", "torch-cpu"]);
  assertEquals(lines[1].trim().split(/\s+/), ["small-cnn", "3000.0", "2500.0"]);
  assertEquals(lines[2].trim().split(/\s+/), ["cdcgan-step", "25.5", "—"]);
});

Deno.test("kernelFlops() counts the multiply-adds of convolutions and products, twice", () => {
  const x = { shape: [2, 8, 8, 3] }, filter = { shape: [3, 3, 3, 4] };
  const out = { shape: [2, 6, 6, 4] }, dy = out;
  const conv = 2 * (2 * 6 * 6 * 4) * (3 * 3 * 3);
  assertEquals(kernelFlops("Conv2D", { x, filter }, {}, [out]), conv);
  assertEquals(kernelFlops("FusedConv2D", { x, filter }, {}, [out]), conv);
  assertEquals(kernelFlops("Conv2DBackpropInput", { dy, filter }, {}, [{ shape: x.shape }]), conv);
  assertEquals(
    kernelFlops("Conv2DBackpropFilter", { x, dy }, { filterShape: [3, 3, 3, 4] }, [filter]),
    conv,
  );
  // [1, 5, 7] · [1, 7, 3] and its transposed-A form
  assertEquals(
    kernelFlops("BatchMatMul", { a: { shape: [1, 5, 7] }, b: { shape: [1, 7, 3] } }, {}, [{
      shape: [1, 5, 3],
    }]),
    2 * 5 * 3 * 7,
  );
  assertEquals(
    kernelFlops(
      "_FusedMatMul",
      { a: { shape: [7, 5] }, b: { shape: [7, 3] } },
      { transposeA: true },
      [{ shape: [5, 3] }],
    ),
    2 * 5 * 3 * 7,
  );
  assertEquals(kernelFlops("Relu", { x }, {}, [x]), 0);
});

Deno.test("KernelProfiler times top-level kernels only and restores the kernels", () => {
  const before = getKernel("Conv2DBackpropFilter", "wasm")!.kernelFunc;
  const profiler = new KernelProfiler("wasm", "wall", true);
  profiler.start();
  try {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 6, 4]) as tf.Tensor4D;
      const f = tf.variable(tf.randomNormal([3, 3, 4, 5]));
      tf.grad((w) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, "valid")))(f);
      f.dispose();
    });
  } finally {
    profiler.stop();
  }
  assert(getKernel("Conv2DBackpropFilter", "wasm")!.kernelFunc === before, "restored");
  const stats = profiler.perStep(1);
  const names = stats.map((s) => s.name);
  const bpf = stats.find((s) => s.name.startsWith("Conv2DBackpropFilter"));
  assert(bpf !== undefined, names.join(", "));
  assertEquals(bpf.calls, 1);
  assertEquals(bpf.flops, 2 * (2 * 4 * 4 * 5) * (3 * 3 * 4));
  assertMatch(bpf.name, /^Conv2DBackpropFilter \[2,6,6,4\] \[2,4,4,5\]$/);
});

Deno.test("profileTraining() and formatProfile() give shares, rates and the rest", async () => {
  const model: BenchModel = {
    name: "tiny",
    description: "a dense layer and a conv",
    defaultSteps: 2,
    create(batch) {
      const w = tf.variable(tf.randomNormal([16, 8]));
      const k = tf.variable(tf.randomNormal([3, 3, 1, 4]));
      const x = tf.randomNormal([batch, 16]);
      const img = tf.randomNormal([batch, 6, 6, 1]) as tf.Tensor4D;
      const opt = tf.train.sgd(0.01);
      return {
        step() {
          opt.minimize(() =>
            tf.add(
              tf.sum(tf.matMul(x, w)),
              tf.sum(tf.conv2d(img, k as tf.Tensor4D, 1, "same")),
            ) as tf.Scalar
          );
          return Promise.resolve();
        },
        dispose() {
          tf.dispose([w, k, x, img]);
          opt.dispose();
        },
      };
    },
  };
  const p = await profileTraining(model, { steps: 2, warmupSteps: 1, batch: 4 });
  assertEquals(p.model, "tiny");
  assertEquals(p.steps, 2);
  assert(p.stepSeconds > 0);
  const names = p.kernels.map((k) => k.name);
  assert(names.includes("Conv2D") && names.includes("BatchMatMul"), names.join(", "));
  const lines = formatProfile(p, { oneThread: 50, allThreads: 50, threads: 1 });
  assertMatch(lines[0], /^tiny on wasm: [\d.]+ ms per step of 4 .* of the peak$/);
  assert(lines.some((l) => l.trimStart().startsWith("(outside kernels)")), lines.join("\n"));
  assert(lines.some((l) => /^\s+Conv2D\s+[\d.]+%/.test(l)), lines.join("\n"));
});

Deno.test("torchAvailable() says what is missing when the reference script is not there", async () => {
  const r = await torchAvailable("/nonexistent/torch_reference.py");
  assertEquals(r.ok, false);
  assertMatch(r.why!, /torch_reference\.py is missing/);
});

Deno.test({
  name: "runTorchReference() runs the script with threads and steps, and reads its JSON",
  ignore: (() => {
    try {
      return !Deno.statSync(SYSTEM_PYTHON).isFile;
    } catch {
      return true;
    }
  })(),
  async fn() {
    // A stand-in for torch_reference.py: echoes its arguments as the figure.
    const script = await Deno.makeTempFile({ suffix: ".py" });
    try {
      await Deno.writeTextFile(
        script,
        [
          "import argparse, json",
          "p = argparse.ArgumentParser()",
          "for a in ('--threads', '--steps', '--models', '--out'): p.add_argument(a)",
          "a = p.parse_args()",
          "rows = [{'model': m, 'backend': 'torch-cpu', 'batch': 128,",
          "         'imagesPerSecond': int(a.threads) * 100 + int(a.steps)} for m in a.models.split(',')]",
          "json.dump(rows, open(a.out, 'w'))",
        ].join("\n"),
      );
      const rows = await runTorchReference(["small-cnn", "cdcgan-step"], {
        threads: 2,
        steps: 7,
        script,
      });
      assertEquals(rows, [
        { model: "small-cnn", imagesPerSecond: 207 },
        { model: "cdcgan-step", imagesPerSecond: 207 },
      ]);
    } finally {
      await Deno.remove(script);
    }
  },
});
