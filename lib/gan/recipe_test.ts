import { initBackend } from "../backend/mod.ts";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { Rng } from "../random/mod.ts";
import { classSplit, digitKeys } from "../triple_mnist/mod.ts";
import { GAN_BUDGET, type GanBudget, ganTrainingDigitKeys, ganTrainingSource } from "./recipe.ts";
import { trainedGenerator } from "./saved_generator.ts";
import { loadSyntheticTripleMnist, syntheticClasses } from "./synthetic_set.ts";
import { sampleTriples } from "./sample.ts";
import { alwaysReads } from "./_testing.ts";

// Convolution gradients take seconds on the pure-JS `cpu` backend, milliseconds on wasm.
await initBackend({ backend: "wasm", wasmThreads: 1 });

const TINY: GanBudget = {
  model: "digit-gan",
  epochs: 1,
  batchSize: 16,
  examples: 32,
  width: 8,
  learningRate: 1e-3,
};

/** The same 60 random "digits" at every call. */
function fakeMnist() {
  let rng = new Rng(3);
  const set = (n: number) => ({
    images: Uint8Array.from({ length: n * 784 }, () => rng.int(256)),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10),
    count: n,
    height: 28,
    width: 28,
  });
  return () => {
    rng = new Rng(3);
    return Promise.resolve({ train: set(40), test: set(20) });
  };
}

Deno.test("GAN_BUDGET: A's cDCGAN settings in full, the light GAN elsewhere", () => {
  assertEquals(GAN_BUDGET.full, { model: "cdcgan", epochs: 200, batchSize: 256, examples: 0 });
  assertEquals(GAN_BUDGET.standard.model, "digit-gan");
  assertEquals(GAN_BUDGET.quick.model, "digit-gan");
});

Deno.test("ganTrainingSource() trains on training data only: no validation or test handwriting", async () => {
  const mnist = fakeMnist();
  const { train, test } = await mnist();
  const digits = await ganTrainingSource(TINY, 1, { mnist });
  // 40 training digits, 4 of each: the last of each is held out for validation pictures
  assertEquals(digits.source.size, 30);
  const { xs } = digits.source.batch(Int32Array.from({ length: 30 }, (_, i) => i));
  const seen = new Set<string>();
  const px = await xs.data();
  xs.dispose();
  for (let i = 0; i < 30; i++) {
    seen.add(
      Array.from(px.subarray(i * 784, i * 784 + 16), (v) => Math.round((v + 1) * 127.5)).join(),
    );
  }
  const key = (set: typeof train, i: number) =>
    Array.from(set.images.subarray(i * 784, i * 784 + 16)).join();
  for (let i = 0; i < test.count; i++) assert(!seen.has(key(test, i)), `test digit ${i}`);
  for (let i = 30; i < 40; i++) assert(!seen.has(key(train, i)), `held-out digit ${i}`);
  const split = {
    name: "train" as const,
    images: new Uint8Array(2 * 7056),
    labels: Uint16Array.of(1, 2),
    indexInClass: new Uint32Array(2),
    count: 2,
    height: 84,
    width: 84,
  };
  const whole = await ganTrainingSource({ ...TINY, model: "cdcgan" }, 1, {
    tripleMnist: () => Promise.resolve({ train: split }),
  });
  assertEquals(whole.source.size, 2);
  assert(whole.description.includes("training images"));
  // the keys of what the generator learns from: the 30 training digits, none of the others
  const keys = new Set(await ganTrainingDigitKeys(TINY, { mnist }));
  assertEquals(keys.size, 30);
  assert(digitKeys(test).every((k) => !keys.has(k)));
  assert(digitKeys(train).filter((k) => keys.has(k)).length === 30);
});

Deno.test("syntheticClasses() draws distinct training classes only, seeded", () => {
  const train = new Set(classSplit().train.map(Number));
  const a = syntheticClasses(50, 42);
  assertEquals(a.length, 50);
  assertEquals(new Set(a).size, 50);
  assert(a.every((n) => train.has(n)));
  assertEquals(a, syntheticClasses(50, 42));
  assert(a.some((n, i) => n !== syntheticClasses(50, 43)[i]));
});

Deno.test("trainedGenerator() trains and saves once, then loads the same generator", async () => {
  const dir = join(await Deno.makeTempDir(), "generator");
  const lines: string[] = [];
  const options = {
    budget: TINY,
    seed: 4,
    dir,
    mnist: fakeMnist(),
    log: (l: string) => lines.push(l),
  };
  const first = await trainedGenerator(options);
  assertEquals(first.loaded, false);
  assertEquals(first.record.history.length, 1);
  assertEquals(first.record.budget, TINY);
  assertEquals(first.record.data?.pool, "disjoint");
  assert(first.record.data?.trainedOn.startsWith("30 MNIST training digits that draw"));
  const again = await trainedGenerator(options);
  assertEquals(again.loaded, true);
  assertEquals([again.generator.digits, again.generator.imageSize], [1, 28]);
  assertEquals(
    await sampleTriples(again.generator, [42], { seed: 1 }),
    await sampleTriples(first.generator, [42], { seed: 1 }),
  );
  const other = await trainedGenerator({ ...options, seed: 5 });
  assertEquals(other.loaded, false, "another seed trains anew");
  assert(lines.some((l) => l.startsWith(`Making the digit-gan generator: nothing is saved in`)));
  assert(lines.some((l) => l.startsWith(`Reused the digit-gan generator from ${dir}`)));
  assert(
    lines.includes(
      "Making the digit-gan generator: the saved key differs at seed: saved 4, wanted 5",
    ),
  );
  for (const g of [first, again, other]) g.generator.generator.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("trainedGenerator() with generatorAverage saves the averaged generator, not the last one", async () => {
  const root = await Deno.makeTempDir();
  const options = { seed: 4, mnist: fakeMnist(), log: () => {} };
  const plain = await trainedGenerator({ ...options, budget: TINY, dir: join(root, "plain") });
  // decay 0 follows the generator exactly, so it must draw what the plain run draws
  const copy = await trainedGenerator({
    ...options,
    budget: { ...TINY, generatorAverage: 0 },
    dir: join(root, "copy"),
  });
  const averaged = await trainedGenerator({
    ...options,
    budget: { ...TINY, generatorAverage: 0.9 },
    dir: join(root, "averaged"),
  });
  const draw = (g: typeof plain) => sampleTriples(g.generator, [42], { seed: 1 });
  assertEquals(await draw(copy), await draw(plain));
  const [a, p] = [await draw(averaged), await draw(plain)];
  assert(
    a.some((v, i) => v !== p[i]),
    "an average over the steps draws differently from the last step",
  );
  const loaded = await trainedGenerator({
    ...options,
    budget: { ...TINY, generatorAverage: 0.9 },
    dir: join(root, "averaged"),
  });
  assertEquals(loaded.loaded, true);
  assertEquals(await draw(loaded), await draw(averaged));
  for (const g of [plain, copy, averaged, loaded]) g.generator.generator.dispose();
  await Deno.remove(root, { recursive: true });
});

Deno.test("trainedGenerator() with keepBestEpoch records the reader's scores and the epoch kept", async () => {
  const dir = join(await Deno.makeTempDir(), "generator");
  const reader = alwaysReads(0); // reads nothing right: every epoch ties at 0, the first is kept
  const { generator, record } = await trainedGenerator({
    budget: { ...TINY, epochs: 2, keepBestEpoch: true },
    seed: 4,
    dir,
    mnist: fakeMnist(),
    reader,
    log: () => {},
  });
  assertEquals(record.epoch, 1);
  assertEquals(record.watch?.map((r) => r.epoch), [1, 2]);
  assert(record.watch?.every((r) => r.generator === 0 && r.averaged === undefined));
  generator.generator.dispose();
  reader.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadSyntheticTripleMnist() exports once, saying it trains a GAN, then reads the folder back", async () => {
  const root = await Deno.makeTempDir();
  const lines: string[] = [];
  const options = {
    budget: TINY,
    seed: 6,
    dir: join(root, "synthetic"),
    generatorDir: join(root, "generator"),
    export: { classes: 3, perClass: 2 },
    mnist: fakeMnist(),
    log: (l: string) => lines.push(l),
  };
  await assertRejects(
    () => loadSyntheticTripleMnist({ ...options, ifMissing: "fail" }),
    Error,
    "run notebook 08 first",
  );
  assertEquals([...Deno.readDirSync(root)], []);
  lines.length = 0;
  const made = await loadSyntheticTripleMnist(options);
  assertEquals(made.madeNow, true);
  assertEquals(made.split.count, 6);
  // the log says why it makes them, and that it trains the generator to do so
  assert(lines[0].startsWith("Making 6 synthetic Triple-MNIST images: nothing is saved in"));
  assert(lines.some((l) => l.startsWith("Making the digit-gan generator: nothing is saved in")));
  assert(lines.some((l) => l.startsWith("Training the digit-gan for 1 epochs on")));
  assertEquals(
    [...Deno.readDirSync(root)].map((e) => e.name).sort(),
    ["generator", "synthetic"],
  );
  const read = await loadSyntheticTripleMnist(options);
  assertEquals(read.madeNow, false);
  assertEquals(read.split.images, made.split.images);
  assertEquals(Array.from(read.split.labels), Array.from(made.split.labels));
  await Deno.remove(root, { recursive: true });
});
