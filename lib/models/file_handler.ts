/**
 * The file IO handler TF.js lacks under Deno: a layers model as `model.json` (topology + weights
 * manifest, with the SHA-256 of the weights) beside one `weights.bin`, in the standard layers
 * format any `tf.loadLayersModel` reads. Every load checks the weights' length, checksum and
 * finiteness, so damaged weights fail with a message instead of predicting NaN.
 *
 * @example
 * ```ts ignore
 * import * as tf from "@tensorflow/tfjs";
 * import { fileHandler } from "./file_handler.ts";
 * await model.save(fileHandler("results/01_mnist_mlp_vs_cnn/models/lenetAbd01"));
 * const loaded = await tf.loadLayersModel(fileHandler("results/01_mnist_mlp_vs_cnn/models/lenetAbd01"));
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { sha256Hex } from "../data/checksums.ts";
import { writeFileAtomic } from "../results/mod.ts";

/** The file name of the topology and manifest. */
export const MODEL_JSON_FILE = "model.json";
/** The file name of the weights. */
export const WEIGHTS_FILE = "weights.bin";
/** The file name of a model folder's record (how the model was made). */
export const MODEL_RECORD_FILE = "training.json";

/** The fields this module adds to `model.json` (other readers ignore them). */
export interface ChecksummedModelJson extends tf.io.ModelJSON {
  /** SHA-256 of `weights.bin` */
  weightsSha256?: string;
  /** SHA-256 of `training.json`, in a model folder */
  recordSha256?: string;
}

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
      const { modelJson, weights } = await modelFiles(artifacts, dir);
      // Weights first, then the manifest that points at them (and holds their checksum).
      await writeFileAtomic(join(dir, WEIGHTS_FILE), weights);
      await writeFileAtomic(jsonPath, JSON.stringify(modelJson));
      return saveResult(modelJson, weights);
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
      return await modelArtifacts(dir, json);
    },
  };
}

/**
 * The artifacts of a parsed `model.json` in `dir`, with its weights read and checked: their
 * size against the manifest, and their SHA-256 against `weightsSha256` when it is recorded.
 */
export async function modelArtifacts(
  dir: string,
  json: tf.io.ModelJSON,
): Promise<tf.io.ModelArtifacts> {
  const jsonPath = join(dir, MODEL_JSON_FILE);
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
  const sha = (json as ChecksummedModelJson).weightsSha256;
  return await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const parts: Uint8Array[] = [];
    const paths: string[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const p of group.paths) {
        paths.push(join(dir, p));
        parts.push(await Deno.readFile(join(dir, p)));
      }
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
    if (sha !== undefined) {
      const actual = await sha256Hex(data);
      if (actual !== sha) {
        throw new SyntaxError(
          `Cannot load the weights '${paths.join("', '")}' as their SHA-256 must be ${sha} ` +
            `(recorded in '${jsonPath}'): found ${actual} — the file is damaged or comes ` +
            `from another save; save the model again`,
        );
      }
    } else {
      checkFinite(specs, data, jsonPath);
    }
    return [specs, data.buffer];
  });
}

/**
 * For a model saved elsewhere, without a checksum: rejects float32 weights that are not finite,
 * the mark of damaged bytes (a model would predict NaN).
 */
export function checkFinite(
  specs: tf.io.WeightsManifestEntry[],
  data: Uint8Array,
  where: string,
): void {
  let at = 0;
  for (const spec of specs) {
    const bytes = specBytes(spec, where);
    if (spec.dtype === "float32" && spec.quantization === undefined && at % 4 === 0) {
      const values = new Float32Array(data.buffer, data.byteOffset + at, bytes / 4);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new RangeError(
          `Cannot load weight '${spec.name}' of '${where}' as weights must be finite numbers: ` +
            `value ${bad} is ${values[bad]} — the weight file is damaged; save the model again`,
        );
      }
    }
    at += bytes;
  }
}

/** The `model.json` (with the weights' checksum) and `weights.bin` of a model's artifacts. */
export async function modelFiles(
  artifacts: tf.io.ModelArtifacts,
  dir: string,
): Promise<{ modelJson: ChecksummedModelJson; weights: Uint8Array }> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new TypeError(
      `Cannot save model to '${dir}' as a layers model: found a GraphDef topology — ` +
        `only tf.LayersModel can be saved with this handler`,
    );
  }
  const weights = joinWeights(artifacts.weightData);
  const modelJson: ChecksummedModelJson = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
    weightsSha256: await sha256Hex(weights),
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata != null) {
    modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  }
  return { modelJson, weights };
}

export function saveResult(modelJson: tf.io.ModelJSON, weights: Uint8Array): tf.io.SaveResult {
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: "JSON",
      modelTopologyBytes: bytes(modelJson.modelTopology),
      weightSpecsBytes: bytes(modelJson.weightsManifest[0].weights),
      weightDataBytes: weights.byteLength,
    },
  };
}
