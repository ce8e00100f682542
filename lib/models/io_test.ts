import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { fileHandler, loadLayersModelFromDir, saveLayersModelToDir } from "./io.ts";
import { digitalRecognitionSmallCnn, lenetAbd01 } from "./mnist.ts";

await tf.setBackend("cpu");

Deno.test("saveLayersModelToDir() + loadLayersModelFromDir() give identical predictions", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const model = lenetAbd01({ seed: 3 });
    const target = join(dir, "models", "lenet");
    const result = await saveLayersModelToDir(model, target);
    const files = [...Deno.readDirSync(target)].map((e) => e.name).sort();
    assertEquals(files, ["model.json", "weights.bin"]);
    assertEquals(result.modelArtifactsInfo.weightDataBytes, 32_998 * 4);
    assertEquals(Deno.statSync(join(target, "weights.bin")).size, 32_998 * 4);
    const json = JSON.parse(Deno.readTextFileSync(join(target, "model.json")));
    assertEquals(json.format, "layers-model");
    assertEquals(json.weightsManifest[0].paths, ["./weights.bin"]);

    const loaded = await loadLayersModelFromDir(target);
    assertEquals(loaded.countParams(), 32_998);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 255, "float32", 9);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    assertEquals(Array.from(b.dataSync()), Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fileHandler() overwrites an earlier save and leaves no temp files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = digitalRecognitionSmallCnn({ seed: 1 });
    const second = digitalRecognitionSmallCnn({ seed: 2 });
    await first.save(fileHandler(dir));
    await second.save(fileHandler(dir));
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "model.json",
      "weights.bin",
    ]);
    const loaded = await tf.loadLayersModel(fileHandler(dir));
    const w = loaded.getWeights()[0].dataSync();
    assertEquals(Array.from(w), Array.from(second.getWeights()[0].dataSync()));
    [first, second, loaded].forEach((m) => m.dispose());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadLayersModelFromDir() explains missing, damaged and mismatched files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(
      () => loadLayersModelFromDir(join(dir, "none")),
      Deno.errors.NotFound,
      "Cannot load model",
    );
    const model = digitalRecognitionSmallCnn({ seed: 1 });
    await saveLayersModelToDir(model, dir);
    model.dispose();
    const weights = Deno.readFileSync(join(dir, "weights.bin"));
    Deno.writeFileSync(join(dir, "weights.bin"), weights.subarray(0, 100));
    const err = await assertRejects(
      () => loadLayersModelFromDir(dir),
      RangeError,
      "as their manifest says 30960 bytes: found 100 bytes",
    );
    assert(err.message.includes("model.json"));
    Deno.writeTextFileSync(join(dir, "model.json"), "{not json");
    await assertRejects(() => loadLayersModelFromDir(dir), SyntaxError, "Cannot parse");
    Deno.writeTextFileSync(join(dir, "model.json"), JSON.stringify({ weightsManifest: [] }));
    await assertRejects(() => loadLayersModelFromDir(dir), TypeError, "'modelTopology' is missing");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
