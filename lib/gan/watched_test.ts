import { assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { alwaysReads, barDigits, setReads } from "./_testing.ts";
import { createWeightAverage } from "./average.ts";
import { digitGan, digitGenerator } from "../models/digit_gan.ts";
import { sampleTriples } from "./sample.ts";
import { trainWatchedGan, validationWatch, WATCH_IMAGES_PER_NUMBER } from "./watched.ts";

// Convolution gradients take seconds on the pure-JS `cpu` backend, milliseconds on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

Deno.test("trainWatchedGan() reads every epoch and restores the drawing generator's best one", async () => {
  const gan = digitGan({ seed: 2, width: 8 });
  const average = createWeightAverage(gan.generator, digitGenerator({ width: 8 }), 0.9);
  // The reader reads "777" right only after epoch 2: that epoch must be the one kept.
  const reader = alwaysReads(0);
  const drawn: Uint8Array[] = [];
  const trained = await trainWatchedGan(gan, barDigits(32), {
    epochs: 3,
    batchSize: 8,
    seed: 5,
    average,
    watch: { reader, numbers: [777], perNumber: 2, seed: 9 },
    keepBest: true,
    onEpochEnd: async (log) => {
      drawn.push(await sampleTriples({ ...gan, generator: average.model }, [123], { seed: 1 }));
      setReads(reader, log.epoch === 1 ? 7 : 0);
    },
  });
  assertEquals(trained.watch.map((r) => [r.epoch, r.generator, r.averaged]), [
    [1, 0, 0],
    [2, 1, 1],
    [3, 0, 0],
  ]);
  assertEquals(trained.epoch, 2);
  assertEquals(trained.history.length, 3);
  assertEquals(trained.drawing.generator, average.model);
  assertEquals(await sampleTriples(trained.drawing, [123], { seed: 1 }), drawn[1]);
  for (const m of [gan.generator, gan.discriminator, average.model, reader]) m.dispose();
});

Deno.test("trainWatchedGan() without a watch trains and keeps the last epoch", async () => {
  const gan = digitGan({ seed: 2, width: 8 });
  const trained = await trainWatchedGan(gan, barDigits(16), { epochs: 2, batchSize: 8, seed: 5 });
  assertEquals([trained.epoch, trained.watch.length, trained.drawing], [2, 0, gan]);
  await assertRejects(
    () => trainWatchedGan(gan, barDigits(16), { epochs: 1, batchSize: 8, seed: 5, keepBest: true }),
    TypeError,
    "Cannot keep the best epoch without a reader",
  );
  for (const m of [gan.generator, gan.discriminator]) m.dispose();
});

Deno.test("validationWatch() reads the 160 validation numbers from its own seed", () => {
  const reader = alwaysReads(1);
  const watch = validationWatch(reader, 42);
  assertEquals([watch.numbers.length, watch.perNumber, watch.seed], [
    160,
    WATCH_IMAGES_PER_NUMBER,
    56,
  ]);
  reader.dispose();
});
