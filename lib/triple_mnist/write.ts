/**
 * Writing Triple-MNIST splits in the upstream folder layout `<dir>/<split>/<ddd>/<k>_<ddd>.png`,
 * atomically (`folder.ts` scans and decodes it).
 * @module
 */
import { dirname, join } from "node:path";
import { interruptMark, throwIfInterrupted } from "../interrupt/mod.ts";
import { replaceFolder, withTempPath, writeJsonAtomic } from "../results/mod.ts";
import { className } from "./class_split.ts";
import { encodeGreyPng } from "./png.ts";
import { TRIPLE_MNIST_PIXELS } from "./split_set.ts";
import type { TripleMnistSplits } from "./generate.ts";

/** Options of {@linkcode writeTripleMnistFolder}. */
export interface WriteTripleMnistFolderOptions {
  /**
   * written as `generator.json` in the folder (e.g. the generator's seed and images per class)
   */
  info?: Record<string, unknown>;
  /**
   * called with the complete temporary folder before it is renamed into place (e.g. to add a
   * cache)
   */
  beforeRename?: (tempDir: string) => Promise<void> | void;
}

/**
 * Writes splits as PNG files in the upstream layout `<dir>/<split>/<ddd>/<k>_<ddd>.png`,
 * atomically: everything goes to a temporary folder beside `dir`, which is renamed to `dir` only
 * when complete; an existing `dir` is replaced. The temporary folder is removed when writing
 * fails or is interrupted (SIGINT/SIGTERM, or Kernel › Interrupt in Jupyter), and by the next
 * write after a run that was killed.
 *
 * @param splits the splits to write
 * @param dir the data set folder, e.g. `data/triple_mnist`
 * @param options `info` to record as `generator.json`; a hook before the rename
 * @returns the number of files written
 * @throws {InterruptedError} when interrupted (nothing is left behind)
 */
export async function writeTripleMnistFolder(
  splits: TripleMnistSplits,
  dir: string,
  options: WriteTripleMnistFolderOptions = {},
): Promise<number> {
  await Deno.mkdir(dirname(dir), { recursive: true });
  const mark = interruptMark();
  return await withTempPath(dir, async (temp) => {
    let written = 0;
    // asynchronous writes, a few dozen in flight, overlap the file system with PNG encoding
    const pending: Promise<void>[] = [];
    try {
      for (const split of Object.values(splits)) {
        if (!split) continue;
        let lastClass = -1;
        let classDir = "";
        for (let i = 0; i < split.count; i++) {
          const label = split.labels[i];
          const cls = className(label);
          if (label !== lastClass) {
            throwIfInterrupted(mark, `writing Triple-MNIST into '${dir}'`);
            classDir = join(temp, split.name, cls);
            Deno.mkdirSync(classDir, { recursive: true });
            lastClass = label;
          }
          const png = encodeGreyPng(
            split.images.subarray(i * TRIPLE_MNIST_PIXELS, (i + 1) * TRIPLE_MNIST_PIXELS),
            split.width,
            split.height,
          );
          pending.push(Deno.writeFile(join(classDir, `${split.indexInClass[i]}_${cls}.png`), png));
          if (pending.length >= WRITES_IN_FLIGHT) await Promise.all(pending.splice(0));
          written++;
        }
      }
      await Promise.all(pending.splice(0));
    } finally {
      await Promise.allSettled(pending); // nothing may write into the folder once it is removed
    }
    if (options.info) await writeJsonAtomic(join(temp, GENERATOR_INFO_FILE), options.info);
    await options.beforeRename?.(temp);
    throwIfInterrupted(mark, `writing Triple-MNIST into '${dir}'`);
    await replaceFolder(temp, dir);
    return written;
  });
}

const WRITES_IN_FLIGHT = 32;

/** The file a generated folder records its generator settings in. */
export const GENERATOR_INFO_FILE = "generator.json";
