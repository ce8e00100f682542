/**
 * Saving and loading TF.js layers models as files under Deno.
 *
 * TF.js ships file handlers only for browsers (`downloads://`, `localstorage://`) and for
 * `tfjs-node` (`file://`), which our machines cannot install. This module is the missing
 * handler: the standard layers format, `model.json` (topology + weights manifest) beside one
 * `weights.bin`, readable by `tf.loadLayersModel` anywhere (Python's `tensorflowjs` converter
 * included).
 *
 * Writes are atomic per file (temp file + rename): `weights.bin` first, then `model.json`, so a
 * reader never sees a half-written file, and {@linkcode loadLayersModelFromDir} checks that the
 * weight bytes match the manifest before building anything.
 *
 * @example
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs";
 * import { fileHandler, loadLayersModelFromDir } from "./io.ts";
 * await model.save(fileHandler("results/01_mnist_mlp_vs_cnn/models/deepDigitsCnn"));
 * const again = await loadLayersModelFromDir("results/01_mnist_mlp_vs_cnn/models/deepDigitsCnn");
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { writeFileAtomic } from "../results/mod.ts";

/** The file name of the topology and manifest. */
export const MODEL_JSON_FILE = "model.json";
/** The file name of the weights. */
export const WEIGHTS_FILE = "weights.bin";

const BYTES_PER_DTYPE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

function specBytes(spec: tf.io.WeightsManifestEntry, where: string): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_DTYPE[dtype];
  if (bytes === undefined) {
    throw new TypeError(
      `Cannot read weight '${spec.name}' of '${where}' as a fixed-size dtype: found '${dtype}' — ` +
        `string weights are not supported by this handler`,
    );
  }
  return size * bytes;
}

/** Joins the weight data TF.js hands over (one buffer or several) into one byte array. */
function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/**
 * A TF.js IO handler that saves to and loads from a folder: `model.json` + `weights.bin`.
 *
 * Pass it to `model.save(...)` or `tf.loadLayersModel(...)`. The folder is created on save.
 *
 * @param dir the model's folder, e.g. `results/01_mnist_mlp_vs_cnn/models/deepDigitsCnn`
 * @returns an IO handler with `save` and `load`
 * @example
 * ```ts ignore
 * await model.save(fileHandler("/tmp/my-model"));
 * const copy = await tf.loadLayersModel(fileHandler("/tmp/my-model"));
 * ```
 */
export function fileHandler(dir: string): tf.io.IOHandler {
  const jsonPath = join(dir, MODEL_JSON_FILE);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new TypeError(
          `Cannot save model to '${dir}' as a layers model: found a GraphDef topology — ` +
            `only tf.LayersModel can be saved with this handler`,
        );
      }
      const weights = joinWeights(artifacts.weightData);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) {
        modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      }
      const text = JSON.stringify(modelJson);
      // Weights first, then the manifest that points at them.
      await writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
      await writeFileAtomic(jsonPath, text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: new TextEncoder().encode(JSON.stringify(modelJson.modelTopology))
            .length,
          weightSpecsBytes: new TextEncoder().encode(JSON.stringify(artifacts.weightSpecs ?? []))
            .length,
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await Deno.readTextFile(jsonPath);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) {
          throw new Deno.errors.NotFound(
            `Cannot load model '${jsonPath}' as a TF.js layers model: the file does not exist — ` +
              `save the model there first (model.save(fileHandler(dir)))`,
          );
        }
        throw e;
      }
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new SyntaxError(
          `Cannot parse '${jsonPath}' as JSON: ${
            (e as Error).message
          } — the file is damaged; save the model again`,
        );
      }
      if (json == null || typeof json !== "object" || json.modelTopology == null) {
        throw new TypeError(
          `Cannot load '${jsonPath}' as a TF.js layers model: 'modelTopology' is missing — ` +
            `is this a model.json written by model.save()?`,
        );
      }
      if (!Array.isArray(json.weightsManifest)) {
        throw new TypeError(
          `Cannot load '${jsonPath}' as a TF.js layers model: 'weightsManifest' is missing — ` +
            `is this a model.json written by model.save()?`,
        );
      }
      return await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const parts: Uint8Array[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) parts.push(await Deno.readFile(join(dir, p)));
        }
        const total = parts.reduce((n, p) => n + p.byteLength, 0);
        const expected = specs.reduce((n, s) => n + specBytes(s, jsonPath), 0);
        if (total !== expected) {
          throw new RangeError(
            `Cannot load the weights of '${jsonPath}' as their manifest says ${expected} bytes: ` +
              `found ${total} bytes — the weight files do not belong to this model.json; save it again`,
          );
        }
        const data = new Uint8Array(total);
        let at = 0;
        for (const p of parts) {
          data.set(p, at);
          at += p.byteLength;
        }
        return [specs, data.buffer];
      });
    },
  };
}

/**
 * Saves a layers model to a folder (`model.json` + `weights.bin`), creating the folder.
 *
 * @param model the model to save (not disposed)
 * @param dir the folder
 * @returns what TF.js reports about the save
 */
export async function saveLayersModelToDir(
  model: tf.LayersModel,
  dir: string,
): Promise<tf.io.SaveResult> {
  return await model.save(fileHandler(dir));
}

/**
 * Loads a layers model saved by {@linkcode saveLayersModelToDir} (or by any TF.js layers save).
 *
 * The model comes back uncompiled; compile it before training it further.
 *
 * @param dir the folder holding `model.json`
 * @returns a new model the caller disposes
 * @throws {Deno.errors.NotFound} when `model.json` is missing
 * @throws {SyntaxError} when `model.json` is not JSON
 * @throws {TypeError} when `model.json` is not a layers model
 * @throws {RangeError} when the weight bytes do not match the manifest
 */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  return await tf.loadLayersModel(fileHandler(dir));
}
