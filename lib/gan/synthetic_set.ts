/**
 * The synthetic Triple-MNIST data set of Task 5b: how many images a profile exports, of which
 * (training) classes, and `loadSyntheticTripleMnist`, which reads the export of notebook 08 or
 * makes it (through `cachedArtifact`), saying so.
 * @module
 */
import { join } from "node:path";
import { activeSeed, byProfile, type ProfileName } from "../config/mod.ts";
import type { ConditionalGenerator } from "../models/gan_types.ts";
import { dataDir } from "../paths/mod.ts";
import { cachedArtifact } from "../results/mod.ts";
import { Rng } from "../random/mod.ts";
import {
  activeDigitPool,
  classLabel,
  className,
  classSplit,
  type DigitPool,
  GENERATOR_INFO_FILE,
  readTripleMnistFolder,
  type TripleMnistSplit,
  writeTripleMnistFolder,
} from "../triple_mnist/mod.ts";
import { GAN_BUDGET, type GanBudget } from "./recipe.ts";
import {
  type GanTrainingRecord,
  trainedGenerator,
  type TrainedGeneratorOptions,
} from "./saved_generator.ts";
import { exportSyntheticTripleMnist, syntheticSplit } from "./synthetic.ts";

/** How many synthetic images a profile exports: A's 50 random combinations × 100. */
export interface SyntheticBudget {
  /** how many random training classes */
  classes: number;
  /** images per class */
  perClass: number;
}

/** The export per profile; `standard` and `full` are A's 5,000 images. */
export const SYNTHETIC_BUDGET: Readonly<Record<ProfileName, SyntheticBudget>> = Object.freeze({
  quick: { classes: 10, perClass: 10 },
  standard: { classes: 50, perClass: 100 },
  full: { classes: 50, perClass: 100 },
});

/** The folder of the exported synthetic images: `data/triple_mnist_synthetic`. */
export function syntheticDir(): string {
  return join(dataDir(), "triple_mnist_synthetic");
}

/**
 * The classes to export: `count` random classes of the **training** split (seeded), so that the
 * synthetic images never show a validation or test number.
 *
 * @param count how many
 * @param seed the seed
 * @returns class numbers int(ddd), ascending
 * @example
 * ```ts
 * import { syntheticClasses } from "./synthetic_set.ts";
 * syntheticClasses(50, 42).length; // 50
 * ```
 */
export function syntheticClasses(count: number, seed: number): number[] {
  const train = classSplit().train;
  const rng = new Rng(seed);
  return Array.from(rng.sample(train.length, count), (i) => classLabel(train[i])).sort((a, b) =>
    a - b
  );
}

/**
 * What decides an exported synthetic data set: it is reused only when all of it matches.
 *
 * @param budget the GAN budget of its generator
 * @param seed the run seed
 * @param size the export size
 * @param pool the digit pool of the generator's data
 * @returns the key (`cachedArtifact` of lib/results compares it canonically)
 */
export function syntheticKey(
  budget: GanBudget,
  seed: number,
  size: SyntheticBudget,
  pool: DigitPool | undefined,
): Record<string, unknown> {
  return { budget, seed, export: size, pool: pool ?? null, version: 1 };
}

/** What `generator.json` of the synthetic folder records. */
type SyntheticInfo = {
  generator: string;
  seed: number;
  budget: GanBudget;
  export: SyntheticBudget;
  /** the generator's training data and digit pool ({@linkcode GanTrainingRecord}) */
  data?: { trainedOn: string; pool: DigitPool };
  /** what decided it ({@linkcode syntheticKey}) */
  key?: unknown;
};

/** Options of {@linkcode exportSynthetic} and {@linkcode loadSyntheticTripleMnist}. */
export interface SyntheticOptions {
  /** the export size (default {@linkcode SYNTHETIC_BUDGET} of the active profile) */
  export?: SyntheticBudget;
  /** the seed (default the run seed) */
  seed?: number;
  /** the folder (default {@linkcode syntheticDir}) */
  dir?: string;
}

function syntheticInfo(
  generator: ConditionalGenerator,
  record: GanTrainingRecord,
  seed: number,
  size: SyntheticBudget,
): SyntheticInfo {
  return {
    generator: generator.name,
    seed,
    budget: record.budget,
    export: size,
    ...(record.data ? { data: record.data } : {}),
    key: syntheticKey(record.budget, seed, size, record.data?.pool),
  };
}

/**
 * Exports a trained generator's images of random training classes as
 * `<dir>/train/<ddd>/<k>_<ddd>.png`, recording generator, seed, budget and key in
 * `generator.json` (so that {@linkcode loadSyntheticTripleMnist} reuses them).
 *
 * @param generator the trained generator
 * @param record its training record
 * @param options export size, seed, folder
 * @returns the split written and its folder
 */
export async function exportSynthetic(
  generator: ConditionalGenerator,
  record: GanTrainingRecord,
  options: SyntheticOptions = {},
): Promise<{ split: TripleMnistSplit; dir: string; files: number }> {
  const size = options.export ?? byProfile(SYNTHETIC_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? syntheticDir();
  const { split, files } = await exportSyntheticTripleMnist(
    generator,
    dir,
    syntheticClasses(size.classes, seed),
    {
      seed: seed + 1,
      perNumber: size.perClass,
      info: syntheticInfo(generator, record, seed, size),
    },
  );
  return { split, dir, files };
}

/** Options of {@linkcode loadSyntheticTripleMnist}. */
export interface LoadSyntheticOptions
  extends SyntheticOptions, Omit<TrainedGeneratorOptions, "dir"> {
  /** the folder of the saved generator (default `generatorDir()`, notebook 08's) */
  generatorDir?: string;
  /**
   * what to do when no matching export is saved: `"make"` draws the images from the trained
   * generator, which is itself loaded or, when none is saved, **trained now** (under `standard`
   * that takes tens of minutes, after the Task 3 reader it keeps its best epoch by, which is
   * trained first when it is not saved either); `"fail"` throws instead. Every step is logged.
   * @default "make"
   */
  ifMissing?: "make" | "fail";
}

/**
 * The synthetic training images of the active profile, through `cachedArtifact` of lib/results:
 * read from `data/triple_mnist_synthetic` when notebook 08 exported them with the same
 * {@linkcode syntheticKey} (GAN budget, seed, export size, digit pool); otherwise (unless
 * `ifMissing: "fail"`) drawn now from the generator of {@linkcode trainedGenerator} and
 * exported. Making them may train the GAN, and the Task 3 reader before it: the log says why it
 * makes them, and what it loads or trains on the way.
 *
 * @param options export size, seed, folder, what to do when missing, and the generator's options
 * @returns the synthetic split and whether it was made now
 * @throws {Error} with `ifMissing: "fail"` when no matching export is saved
 */
export async function loadSyntheticTripleMnist(
  options: LoadSyntheticOptions = {},
): Promise<{ split: TripleMnistSplit; dir: string; madeNow: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const size = options.export ?? byProfile(SYNTHETIC_BUDGET);
  const budget = options.budget ?? byProfile(GAN_BUDGET);
  const seed = options.seed ?? activeSeed();
  const dir = options.dir ?? syntheticDir();
  const classes = syntheticClasses(size.classes, seed);
  const cached = await cachedArtifact<TripleMnistSplit, SyntheticInfo>({
    what: `${size.classes * size.perClass} synthetic Triple-MNIST images`,
    dir,
    key: syntheticKey(budget, seed, size, activeDigitPool()),
    log,
    load: async (dir, accept) => {
      let info: SyntheticInfo;
      try {
        info = JSON.parse(await Deno.readTextFile(join(dir, GENERATOR_INFO_FILE)));
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return undefined;
        throw e;
      }
      if (!accept(info)) return undefined;
      const read = await readTripleMnistFolder(dir, {
        splits: ["train"],
        classes: classes.map(className),
        imagesPerClass: size.perClass,
      });
      return { value: read.splits.train!, record: info };
    },
    make: async () => {
      if (options.ifMissing === "fail") {
        throw new Error(
          `Cannot load the synthetic Triple-MNIST images from ${dir} as none match this run ` +
            `(see the line above) — run notebook 08 first, or pass ifMissing: "make"`,
        );
      }
      log(`Drawing them from the ${budget.model} generator (loaded if saved, else trained now)`);
      const { dir: _synthetic, generatorDir, ...rest } = options;
      const { generator, record } = await trainedGenerator({
        ...rest,
        ...(generatorDir ? { dir: generatorDir } : {}),
        budget,
        seed,
        log,
      });
      try {
        const split = await syntheticSplit(generator, classes, {
          seed: seed + 1,
          perNumber: size.perClass,
        });
        return { value: split, record: syntheticInfo(generator, record, seed, size) };
      } finally {
        generator.generator.dispose();
      }
    },
    save: async (dir, split, info) => {
      await writeTripleMnistFolder({ train: split }, dir, { info: { ...info } });
    },
  });
  return { split: cached.value, dir, madeNow: !cached.reused };
}
