/**
 * Fault injection on saved models: damaged weights of the right length, a record that does not
 * belong to its weights, folders of earlier versions, and SIGINT / SIGKILL during saves. A load
 * must fail with a clear message (and the callers train again), never predict NaN; a save must
 * leave the old folder or the new one, whole, and no temp folder once the next run has looked.
 */
import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { loadLayersModelFromDir, loadModelFolder, saveModelFolder } from "../../lib/models/io.ts";
import { projectUrl, runScript, tempDir, tempLeftovers } from "./_support.ts";

await tf.setBackend("cpu");

/** A small dense model whose every weight is `value`. */
function modelOf(value: number, units = 64): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [units], units, name: "a" }),
      tf.layers.dense({ units: 10, name: "b" }),
    ],
  });
  model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, value)));
  return model;
}

Deno.test("faults: same-length garbage weights fail to load with a clear message instead of predicting NaN", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const dir = join(root, "model");
    const model = modelOf(0.5);
    await saveModelFolder(dir, model, { seed: 1 });
    model.dispose();
    const weights = Deno.readFileSync(join(dir, "weights.bin"));
    const garbage = new Uint8Array(weights.length).fill(0xff); // NaN in every float
    Deno.writeFileSync(join(dir, "weights.bin"), garbage);
    const e = await assertRejects(() => loadModelFolder(dir), SyntaxError);
    assertStringIncludes(
      e.message,
      `Cannot load the weights '${join(dir, "weights.bin")}' as their SHA-256 must be`,
    );
    assertStringIncludes(e.message, `(recorded in '${join(dir, "model.json")}'): found`);
    assertStringIncludes(
      e.message,
      "the file is damaged or comes from another save; save the model again",
    );
    await assertRejects(() => loadLayersModelFromDir(dir), SyntaxError, "as their SHA-256 must be");

    // a model.json of another tool, without a checksum: non-finite weights are still refused
    const json = JSON.parse(Deno.readTextFileSync(join(dir, "model.json")));
    delete json.weightsSha256;
    Deno.writeTextFileSync(join(dir, "model.json"), JSON.stringify(json));
    await assertRejects(
      () => loadLayersModelFromDir(dir),
      RangeError,
      "as weights must be finite numbers: value 0 is NaN",
    );
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a record that does not belong to its weights, or a folder of an earlier version, is refused", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const dir = join(root, "model");
    const model = modelOf(0.25);
    await saveModelFolder(dir, model, { seed: 1, epochs: 3 });
    // the old failure: new weights, then a crash before training.json was written
    Deno.writeTextFileSync(join(dir, "training.json"), JSON.stringify({ seed: 1, epochs: 1 }));
    const e = await assertRejects(() => loadModelFolder(dir), SyntaxError);
    assertStringIncludes(
      e.message,
      `Cannot load the record '${join(dir, "training.json")}' as its SHA-256 must be`,
    );
    assertStringIncludes(e.message, `it does not belong to these weights; delete '${dir}'`);

    // a folder written by the earlier save (weights, then training.json; no checksums)
    await saveModelFolder(dir, model, { seed: 1 });
    const json = JSON.parse(Deno.readTextFileSync(join(dir, "model.json")));
    delete json.weightsSha256;
    delete json.recordSha256;
    Deno.writeTextFileSync(join(dir, "model.json"), JSON.stringify(json));
    await assertRejects(
      () => loadModelFolder(dir),
      TypeError,
      "must record the SHA-256 of its weights and of training.json: found none (it was saved by an earlier version",
    );
    model.dispose();

    // nothing saved: no error, nothing to load
    assertEquals(await loadModelFolder(join(root, "none")), undefined);
  } finally {
    await cleanup();
  }
});

/** A script that saves the model of `modelOf(i)` with record `{ i }` for i = 1, 2, 3, … */
function saveLoop(dir: string): string {
  return `
    import * as tf from "@tensorflow/tfjs";
    import { saveModelFolder } from ${JSON.stringify(projectUrl("lib/models/io.ts"))};
    await tf.setBackend("cpu");
    const model = tf.sequential({ layers: [
      tf.layers.dense({ inputShape: [256], units: 256, name: "a" }),
      tf.layers.dense({ units: 10, name: "b" }),
    ] });
    for (let i = 1; ; i++) {
      model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, i)));
      await saveModelFolder(${JSON.stringify(dir)}, model, { i });
      console.log("saved " + i);
    }
  `;
}

/** The saved folder must be whole: its record's `i` is the value of every weight. */
async function assertWhole(dir: string): Promise<number> {
  const saved = await loadModelFolder<{ i: number }>(dir);
  assert(saved !== undefined, "a saved model is there");
  const values = new Set(
    (await Promise.all(saved.model.getWeights().map((w) => w.data()))).flatMap((d) => [...d]),
  );
  saved.model.dispose();
  assertEquals([...values], [saved.record.i], "weights and record of the same save");
  return saved.record.i;
}

Deno.test("faults: SIGKILL at any point of a model save leaves the old or the new folder whole, and the next load removes the temp folder", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const dir = join(root, "models", "net");
    let last = 0;
    let midSave = 0;
    // kill at a few points in the save cycle, until some kills have hit a save half-way
    for (const delayMs of [0, 3, 9, 17, 1, 5, 13, 2, 7, 11]) {
      const child = await runScript(saveLoop(dir), {}, root);
      await child.waitForOutput(`saved ${last + 2}`);
      await new Promise((r) => setTimeout(r, delayMs));
      child.process.kill("SIGKILL");
      await child.finished();
      if (tempLeftovers(join(root, "models")).length > 0) midSave++;
      last = await assertWhole(dir);
      assertEquals(tempLeftovers(join(root, "models")), [], "removed by the load");
      if (midSave >= 2) break;
    }
    assert(midSave >= 1, "no kill hit a save half-way: the test proved nothing");
  } finally {
    await cleanup();
  }
});

Deno.test("faults: SIGINT during model saves exits 130 and leaves the folder whole and no temp folder", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const dir = join(root, "models", "net");
    const child = await runScript(saveLoop(dir), {}, root);
    await child.waitForOutput("saved 3");
    child.process.kill("SIGINT");
    const end = await child.finished();
    assertEquals(end.code, 130, end.output);
    assertEquals(tempLeftovers(join(root, "models")), [], "removed before exiting");
    await assertWhole(dir);
  } finally {
    await cleanup();
  }
});
