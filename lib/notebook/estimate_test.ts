import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import {
  estimateProse,
  estimateTraining,
  ganWork,
  gradientDescentWork,
  layersWork,
  showTrainingEstimate,
  timeSteps,
  tripletWork,
} from "./estimate.ts";
import { digitGan } from "../models/digit_gan.ts";
import { compactTripletNet } from "../models/triplet.ts";
import { trainingRecords } from "../train/throughput.ts";

await tf.setBackend("cpu");

function tinyClassifier(): tf.LayersModel {
  const m = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [4, 4, 1] }),
      tf.layers.dense({ units: 3, activation: "softmax" }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  return m;
}

Deno.test("timeSteps() takes one untimed step, then the median of the timed ones", async () => {
  const delays = [50, 1, 30, 2];
  let calls = 0;
  let disposed = false;
  const seconds = await timeSteps({
    step: () => new Promise((r) => setTimeout(r, delays[calls++])),
    dispose: () => (disposed = true),
  }, 3);
  assertEquals([calls, disposed], [4, true]);
  assert(seconds < 0.02, `median of 1, 30, 2 ms is about 2 ms, not ${seconds} s`);
});

Deno.test("estimateTraining() multiplies each training's step time by its steps", async () => {
  const before = tf.memory().numTensors;
  const records = trainingRecords().length;
  const e = await estimateTraining([
    layersWork("tiny", tinyClassifier, { batchSize: 8, steps: 1000 }),
    layersWork("thirds", tinyClassifier, { batchSize: 4, steps: 10, rowsPerExample: 3 }),
    gradientDescentWork("by hand", [16, 8, 3], { examples: 32, steps: 50 }),
  ], { profile: "standard", backend: "cpu", timedSteps: 2 });
  assertEquals(e.works.map((w) => [w.label, w.steps, w.batchSize]), [
    ["tiny", 1000, 8],
    ["thirds", 10, 4],
    ["by hand", 50, 32],
  ]);
  for (const w of e.works) {
    assert(w.secondsPerStep > 0 && w.seconds === w.secondsPerStep * w.steps);
  }
  assertEquals(e.seconds, e.works.reduce((s, w) => s + w.seconds, 0));
  assertEquals(trainingRecords().length, records, "timing steps are not recorded as trainings");
  assertEquals([e.profile, e.backend, e.maxSteps], ["standard", "cpu", undefined]);
  assertEquals(tf.memory().numTensors, before, "the throwaway networks and batches are freed");
});

Deno.test("ganWork() and tripletWork() time a real step of their trainers", async () => {
  const before = tf.memory().numTensors;
  const e = await estimateTraining([
    ganWork("GAN", () => digitGan({ seed: 1, width: 8 }), { batchSize: 4, steps: 7 }),
    tripletWork("triplet", () => compactTripletNet({ seed: 1 }), { batchSize: 6, steps: 3 }),
  ], { profile: "quick", backend: "cpu", timedSteps: 1 });
  assertEquals(e.works.map((w) => w.steps), [7, 3]);
  assert(e.works.every((w) => w.secondsPerStep > 0));
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("estimateTraining() takes one step per network in a capped run", async () => {
  let steps = 0;
  const counted = () => ({
    label: "counted",
    batchSize: 1,
    steps: 10,
    subject: () => ({
      step: () => {
        steps++;
        return Promise.resolve();
      },
      dispose: () => {},
    }),
  });
  await estimateTraining([counted()], { profile: "full", backend: "cpu", maxSteps: 2 });
  assertEquals(steps, 1);
  await estimateTraining([counted()], { profile: "full", backend: "cpu" });
  assertEquals(steps, 1 + 4, "one untimed and three timed steps otherwise");
});

Deno.test("estimateTraining() rejects a training without whole steps", async () => {
  await assertRejects(
    () =>
      estimateTraining([layersWork("bad", tinyClassifier, { batchSize: 8, steps: 2.5 })], {
        profile: "quick",
        backend: "cpu",
      }),
    RangeError,
    "Cannot estimate the training 'bad' with steps 2.5",
  );
});

Deno.test("estimateProse() states the total, and what a capped run trains", () => {
  const works = [{ label: "CNN", batchSize: 64, steps: 5000, secondsPerStep: 1.5, seconds: 7500 }];
  const base = { profile: "full" as const, backend: "wasm", works, calibrationSeconds: 4 };
  const text = estimateProse({ ...base, seconds: 7500 });
  assertStringIncludes(text, "under **full** on **wasm**: about **2\u00a0h 5\u00a0min**");
  assertStringIncludes(text, "validation, scoring and figures add to it");
  const capped = estimateProse({ ...base, seconds: 7500, maxSteps: 2 });
  assertStringIncludes(capped, "capped (NOTEBOOK_MAX_STEPS=2)");
  assertStringIncludes(capped, "timed on one step, warm-up included");
  assertStringIncludes(capped, "at most 2×2 steps, about 6.0\u00a0s in all");
});

Deno.test("showTrainingEstimate() keeps the estimate in the run", async () => {
  const run: Parameters<typeof showTrainingEstimate>[0] = {
    profile: "quick",
    backend: { name: "cpu" },
    maxSteps: 1,
  };
  await showTrainingEstimate(run, [
    layersWork("tiny", tinyClassifier, { batchSize: 8, steps: 4 }),
  ], { timedSteps: 1 });
  assertEquals([run.trainingEstimate?.works.length, run.trainingEstimate?.maxSteps], [1, 1]);
});
