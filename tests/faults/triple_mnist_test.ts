/**
 * Fault injection on Triple-MNIST: misplaced, deleted, emptied and damaged class folders and
 * images, damaged caches, and SIGINT / SIGTERM / SIGKILL during generation. A downloaded folder
 * must fail with a message that names the file and what to do; a folder generated here must be
 * generated again; an interrupted generation must leave nothing behind, at once or at the next
 * start.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { fakeMnist } from "../../lib/triple_mnist/_testing.ts";
import {
  generateTripleMnist,
  loadTripleMnist,
  readCacheManifest,
  readTripleMnistFolder,
  writeTripleMnistFolder,
} from "../../lib/triple_mnist/mod.ts";
import { projectUrl, runScript, tempDir, tempLeftovers, waitFor } from "./_support.ts";

const mnist = () => Promise.resolve({ train: fakeMnist(), test: fakeMnist() });

/** A damage to a Triple-MNIST folder, and what the message about it must say. */
interface Damage {
  what: string;
  /** the folder it changes, relative to the data set folder (restored after the case) */
  touches: string;
  apply: (dir: string) => void;
  error: ErrorConstructor;
  message: (dir: string) => string;
}

const DAMAGES: Damage[] = [
  {
    what: "a validation class copied into train/",
    touches: "train/999",
    apply: (dir) => {
      Deno.mkdirSync(join(dir, "train", "999"));
      for (const e of Deno.readDirSync(join(dir, "val", "999"))) {
        Deno.copyFileSync(join(dir, "val", "999", e.name), join(dir, "train", "999", e.name));
      }
    },
    error: RangeError,
    message: (dir) =>
      `Cannot read Triple-MNIST class folder '${
        join(dir, "train", "999")
      }' as class 999 must be in val/ (the splits share no number): found it in train/`,
  },
  {
    what: "a class folder deleted",
    touches: "test/002",
    apply: (dir) => Deno.removeSync(join(dir, "test", "002"), { recursive: true }),
    error: RangeError,
    message: (dir) =>
      `Cannot read Triple-MNIST split folder '${
        join(dir, "test")
      }' as it must hold its 200 classes: found 199, missing 002`,
  },
  {
    what: "a class folder emptied",
    touches: "val/001",
    apply: (dir) => {
      for (const e of Deno.readDirSync(join(dir, "val", "001"))) {
        Deno.removeSync(join(dir, "val", "001", e.name));
      }
    },
    error: RangeError,
    message: (dir) =>
      `Cannot read Triple-MNIST class folder '${
        join(dir, "val", "001")
      }' as every class must hold 2 images: found 0, missing 0_001.png`,
  },
  {
    what: "an image deleted",
    touches: "train/007",
    apply: (dir) => Deno.removeSync(join(dir, "train", "007", "1_007.png")),
    error: RangeError,
    message: (dir) =>
      `Cannot read Triple-MNIST class folder '${
        join(dir, "train", "007")
      }' as every class must hold 2 images: found 1, missing 1_007.png`,
  },
  {
    what: "a damaged PNG",
    touches: "train/007",
    apply: (dir) => Deno.writeTextFileSync(join(dir, "train", "007", "0_007.png"), "not a png"),
    error: SyntaxError,
    message: (dir) => `Cannot read PNG '${join(dir, "train", "007", "0_007.png")}' as a PNG file`,
  },
];

/** Copies a folder tree. */
function copyTree(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const e of Deno.readDirSync(from)) {
    if (e.isDirectory) copyTree(join(from, e.name), join(to, e.name));
    else Deno.copyFileSync(join(from, e.name), join(to, e.name));
  }
}

/** Puts `path` (relative) of `dir` back as it is in `pristine`. */
function restore(pristine: string, dir: string, path: string): void {
  try {
    Deno.removeSync(join(dir, path), { recursive: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  try {
    Deno.statSync(join(pristine, path));
  } catch {
    return; // not there originally
  }
  copyTree(join(pristine, path), join(dir, path));
}

Deno.test("faults: a downloaded Triple-MNIST folder that breaks the layout fails naming the file and what to do", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const sets = generateTripleMnist([fakeMnist()], { imagesPerClass: 2, seed: 9 });
    const pristine = join(root, "pristine");
    const dir = join(root, "download");
    await writeTripleMnistFolder(sets, pristine); // no generator.json: like the real download
    copyTree(pristine, dir);
    for (const damage of DAMAGES) {
      await t.step(damage.what, async () => {
        damage.apply(dir);
        const e = await assertRejects(
          () => loadTripleMnist({ dir, imagesPerClass: 2, mnist, log: () => {} }),
          damage.error,
        );
        assertStringIncludes(e.message, damage.message(dir));
        assertStringIncludes(
          e.message,
          `restore it from the download, or delete '${dir}' to have Triple-MNIST generated there`,
        );
        assert(!e.message.includes("generated again"), "no advice that nothing follows");
        assertEquals(Deno.statSync(join(dir, "train")).isDirectory, true, "never overwritten");
        restore(pristine, dir, damage.touches);
      });
    }
    await t.step("a misplaced class is told where it belongs", async () => {
      DAMAGES[0].apply(dir);
      await assertRejects(
        () => loadTripleMnist({ dir, imagesPerClass: 2, mnist, log: () => {} }),
        RangeError,
        `— move it back to '${join(dir, "val")}', or restore it from the download`,
      );
      restore(pristine, dir, DAMAGES[0].touches);
    });
    await t.step("restored, it loads", async () => {
      const data = await loadTripleMnist({ dir, imagesPerClass: 2, mnist, log: () => {} });
      assertEquals([data.origin, data.train.count], ["folder", 1280]);
    });
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a generated Triple-MNIST folder that was changed is generated again", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, "triple_mnist");
  try {
    const first = await loadTripleMnist({ dir, imagesPerClass: 1, mnist, log: () => {} });
    assertEquals(first.generatedNow, true);
    // one damage of each kind: a class in the wrong split, a class missing, a damaged image
    for (const damage of [DAMAGES[0], DAMAGES[1], DAMAGES[4]]) {
      await t.step(damage.what, async () => {
        damage.apply(dir);
        const lines: string[] = [];
        const again = await loadTripleMnist({
          dir,
          imagesPerClass: 1,
          mnist,
          log: (l) => lines.push(l),
        });
        assertEquals(again.generatedNow, true, lines.join("\n"));
        assertStringIncludes(lines[0], `Triple-MNIST in ${dir} is not as it was generated (`);
        assertStringIncludes(lines[0], "): generating it again");
        assertStringIncludes(lines[0], damage.message(dir));
        assertEquals(again.train.images, first.train.images);
        assertEquals(again.val.labels, first.val.labels);
        assertEquals(tempLeftovers(root), []);
      });
    }
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a damaged decoded cache is reported and decoded again, never read as data", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  const dir = join(root, "triple_mnist");
  try {
    const sets = generateTripleMnist([fakeMnist()], { imagesPerClass: 1, splits: ["val"] });
    await writeTripleMnistFolder(sets, dir);
    await readTripleMnistFolder(dir, { splits: ["val"] }); // builds the cache
    const cache = join(dir, ".cache");
    const read = async () => {
      const warnings: string[] = [];
      const r = await readTripleMnistFolder(dir, {
        splits: ["val"],
        warn: (w) => warnings.push(w),
      });
      return { ...r, warnings };
    };
    await t.step("a manifest entry without its fingerprint", async () => {
      const manifest = readCacheManifest(cache);
      delete (manifest.splits.val as { fingerprint?: unknown }).fingerprint;
      Deno.writeTextFileSync(join(cache, "manifest.json"), JSON.stringify(manifest));
      const r = await read();
      assertEquals(r.fromCache, []);
      assertEquals(r.warnings, [
        `Cannot use the 'val' entry of the Triple-MNIST cache manifest '${
          join(cache, "manifest.json")
        }' as it must have a fingerprint (files, bytes, mtimeSum, namesHash): found none — ` +
        "the split is decoded from its PNG files again and the cache rebuilt",
      ]);
      assertEquals(r.splits.val!.images, sets.val!.images);
      assertEquals((await read()).fromCache, ["val"], "rebuilt");
    });
    await t.step("same-length garbage in the .bin file", async () => {
      const bin = join(cache, "val.bin");
      const bytes = Deno.readFileSync(bin);
      bytes.fill(200, 0, 7056); // the first image, all grey: the right length, the wrong data
      Deno.writeFileSync(bin, bytes);
      const r = await read();
      assertEquals(r.fromCache, []);
      assertEquals(r.warnings.length, 1);
      assertStringIncludes(
        r.warnings[0],
        `Cannot use the Triple-MNIST cache file '${bin}' as it must have the SHA-256`,
      );
      assertStringIncludes(
        r.warnings[0],
        "the file is damaged; the split is decoded from its PNG files again",
      );
      assertEquals(r.splits.val!.images, sets.val!.images);
    });
  } finally {
    await cleanup();
  }
});

/** A script that generates Triple-MNIST into `dataDir`, pausing before the rename if asked. */
function generationScript(dataDir: string, pauseBeforeRename: boolean): string {
  return `
    import { fakeMnist } from ${JSON.stringify(projectUrl("lib/triple_mnist/_testing.ts"))};
    import { generateTripleMnist, loadTripleMnist, writeTripleMnistFolder } from ${
    JSON.stringify(projectUrl("lib/triple_mnist/mod.ts"))
  };
    const dir = ${JSON.stringify(join(dataDir, "triple_mnist"))};
    const mnist = () => Promise.resolve({ train: fakeMnist(), test: fakeMnist() });
    if (${pauseBeforeRename}) {
      const splits = generateTripleMnist([fakeMnist()], { imagesPerClass: 1, splits: ["val"] });
      await writeTripleMnistFolder(splits, dir, {
        beforeRename: async () => {
          console.log("before-rename");
          await new Promise((r) => setTimeout(r, 60_000));
        },
      });
    } else {
      await loadTripleMnist({ dir, imagesPerClass: 4, mnist });
    }
    console.log("done");
  `;
}

/** Waits until a generation temp folder holds at least one class folder. */
async function waitForPngWrites(dataDir: string): Promise<void> {
  await waitFor("the generation's temp folder to fill", () => {
    const temp = tempLeftovers(dataDir).find((p) => p.startsWith(".triple_mnist.tmp-"));
    if (!temp) return false;
    try {
      return [...Deno.readDirSync(join(dataDir, temp, "train"))].length > 3;
    } catch {
      return false;
    }
  });
}

Deno.test("faults: SIGINT or SIGTERM during generation removes the temp folder before exiting", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const cases: [string, Deno.Signal, boolean, number][] = [
      ["SIGINT while writing PNG files", "SIGINT", false, 130],
      ["SIGTERM after the PNG files, before the rename", "SIGTERM", true, 143],
    ];
    for (const [what, signal, pause, code] of cases) {
      await t.step(what, async () => {
        const dataDir = join(root, signal);
        Deno.mkdirSync(dataDir);
        const child = await runScript(generationScript(dataDir, pause), {}, root);
        if (pause) await child.waitForOutput("before-rename");
        else await waitForPngWrites(dataDir);
        child.process.kill(signal);
        const end = await child.finished();
        assertEquals(end.code, code, end.output);
        assertEquals(tempLeftovers(dataDir), [], "no temp folder left");
        assertEquals([...Deno.readDirSync(dataDir)].map((e) => e.name), []);
      });
    }
  } finally {
    await cleanup();
  }
});

Deno.test("faults: after SIGKILL during generation, the next load removes the temp folder and generates", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  try {
    for (const pause of [false, true]) {
      await t.step(
        pause ? "killed before the rename" : "killed while writing PNG files",
        async () => {
          const dataDir = join(root, pause ? "late" : "early");
          Deno.mkdirSync(dataDir);
          const child = await runScript(generationScript(dataDir, pause), {}, root);
          if (pause) await child.waitForOutput("before-rename");
          else await waitForPngWrites(dataDir);
          child.process.kill("SIGKILL");
          await child.finished();
          const left = tempLeftovers(dataDir);
          assertEquals(left.length, 1, "a SIGKILL leaves the temp folder");
          const lines: string[] = [];
          const data = await loadTripleMnist({
            dir: join(dataDir, "triple_mnist"),
            imagesPerClass: 1,
            mnist,
            log: (l) => lines.push(l),
          });
          assertEquals(
            lines[0],
            `Removed ${join(dataDir, left[0])}, left behind by an interrupted generation`,
          );
          assertEquals([data.generatedNow, data.train.count], [true, 640]);
          assertEquals(tempLeftovers(dataDir), []);
        },
      );
    }
  } finally {
    await cleanup();
  }
});
