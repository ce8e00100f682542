/**
 * Saving and loading TF.js layers models as files under Deno.
 *
 * TF.js ships file handlers only for browsers (`downloads://`, `localstorage://`) and for
 * `tfjs-node` (`file://`), which our machines cannot install. This module is the missing
 * handler: the standard layers format, `model.json` (topology + weights manifest) beside one
 * `weights.bin`, readable by `tf.loadLayersModel` anywhere (Python's `tensorflowjs` converter
 * included).
 *
 * `model.json` also records the SHA-256 of `weights.bin` (`weightsSha256`), checked on every
 * load: damaged weights, even of the right length, fail with a message instead of predicting
 * NaN.
 *
 * A **model folder** ({@linkcode saveModelFolder}, {@linkcode loadModelFolder}) holds a model
 * and the record of how it was made (`training.json`), written as one unit: the three files go
 * to a temp folder that replaces the old folder by a rename, and `model.json` records the
 * record's SHA-256 too, so new weights can never pair with an old record.
 *
 * @example
 * ```ts ignore
 * import { loadModelFolder, saveModelFolder } from "./io.ts";
 * await saveModelFolder("results/06_…/models/per_digit_cnn", model, { seed: 42, epochs: 3 });
 * const saved = await loadModelFolder<{ seed: number }>("results/06_…/models/per_digit_cnn", {
 *   matches: (record) => record.seed === 42,
 * });
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { basename, dirname, join } from "node:path";
import { sha256Hex } from "../data/sources.ts";
import {
  replaceFolder,
  sweepStaleTemps,
  syncFolder,
  withTempPath,
  writeFileAtomic,
  writeNewFileDurably,
} from "../results/mod.ts";

/** The file name of the topology and manifest. */
export const MODEL_JSON_FILE = "model.json";
/** The file name of the weights. */
export const WEIGHTS_FILE = "weights.bin";
/** The file name of a model folder's record (how the model was made). */
export const MODEL_RECORD_FILE = "training.json";

/** The fields this module adds to `model.json` (other readers ignore them). */
interface ChecksummedModelJson extends tf.io.ModelJSON {
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
async function modelArtifacts(dir: string, json: tf.io.ModelJSON): Promise<tf.io.ModelArtifacts> {
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
function checkFinite(specs: tf.io.WeightsManifestEntry[], data: Uint8Array, where: string): void {
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
async function modelFiles(
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

function saveResult(modelJson: tf.io.ModelJSON, weights: Uint8Array): tf.io.SaveResult {
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

/**
 * Saves a model and its record as one unit: `model.json`, `weights.bin` and (when a record is
 * given) `training.json` are written to a temp folder beside `dir`, flushed to disk, and put in
 * place of `dir` by a rename. A reader sees the old folder or the new one, never new weights
 * with an old record; an interrupted save leaves nothing behind (a killed one leaves a temp
 * folder that the next save or load beside it removes). `model.json` records the SHA-256 of the
 * weights and of the record, checked by {@linkcode loadModelFolder}.
 *
 * @param dir the model's folder, e.g. `results/06_…/models/per_digit_cnn` (replaced whole)
 * @param model the model to save (not disposed)
 * @param record how the model was made, saved as `training.json`
 * @returns what TF.js reports about the save
 */
export async function saveModelFolder(
  dir: string,
  model: tf.LayersModel,
  record?: unknown,
): Promise<tf.io.SaveResult> {
  let files: { modelJson: ChecksummedModelJson; weights: Uint8Array } | undefined;
  await model.save({
    save: async (artifacts) => {
      files = await modelFiles(artifacts, dir);
      return saveResult(files.modelJson, files.weights);
    },
  });
  const { modelJson, weights } = files!;
  await Deno.mkdir(dirname(dir), { recursive: true });
  await withTempPath(dir, async (temp) => {
    await Deno.mkdir(temp);
    await writeNewFileDurably(join(temp, WEIGHTS_FILE), weights);
    if (record !== undefined) {
      const text = new TextEncoder().encode(JSON.stringify(record, null, 2) + "\n");
      await writeNewFileDurably(join(temp, MODEL_RECORD_FILE), text);
      modelJson.recordSha256 = await sha256Hex(text);
    }
    await writeNewFileDurably(
      join(temp, MODEL_JSON_FILE),
      new TextEncoder().encode(JSON.stringify(modelJson)),
    );
    await syncFolder(temp);
    await replaceFolder(temp, dir);
  });
  return saveResult(modelJson, weights);
}

/** Options of {@linkcode loadModelFolder}. */
export interface LoadModelFolderOptions<R> {
  /**
   * whether the saved record is the one wanted (e.g. the same seed and budget); the weights are
   * loaded only when it returns true
   * @default any record
   */
  matches?: (record: R) => boolean;
}

/** A model folder read by {@linkcode loadModelFolder}. */
export interface ModelFolder<R> {
  /** the model, uncompiled; the caller disposes it */
  model: tf.LayersModel;
  /** the record saved with it */
  record: R;
  /** the folder */
  dir: string;
}

/**
 * Loads a model folder written by {@linkcode saveModelFolder}, checking the checksums that
 * `model.json` records for the weights and the record. Temp folders of killed saves beside it
 * are removed first.
 *
 * @param dir the model's folder
 * @param options which record is wanted
 * @returns the model and its record; `undefined` when nothing is saved there or the saved record
 *   is not the one wanted
 * @throws {SyntaxError} naming the file, when a file is damaged (not JSON, or its checksum differs)
 * @throws {TypeError} when the folder was saved without checksums (by an earlier version)
 * @throws {Deno.errors.NotFound} when the folder exists but holds no `model.json`
 */
export async function loadModelFolder<R>(
  dir: string,
  options: LoadModelFolderOptions<R> = {},
): Promise<ModelFolder<R> | undefined> {
  await sweepStaleTemps(dirname(dir), { target: basename(dir) }).catch(() => []);
  const jsonPath = join(dir, MODEL_JSON_FILE);
  let json: ChecksummedModelJson;
  try {
    json = JSON.parse(await Deno.readTextFile(jsonPath));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      try {
        await Deno.stat(dir);
      } catch {
        return undefined; // nothing saved yet
      }
      throw new Deno.errors.NotFound(
        `Cannot load the model folder '${dir}' as it must hold ${MODEL_JSON_FILE}: found none — ` +
          `delete the folder to have the model made again`,
      );
    }
    if (e instanceof SyntaxError) {
      throw new SyntaxError(
        `Cannot parse '${jsonPath}' as JSON: ${e.message} — the file is damaged; ` +
          `delete '${dir}' to have the model made again`,
      );
    }
    throw e;
  }
  const recordPath = join(dir, MODEL_RECORD_FILE);
  if (json.weightsSha256 === undefined || json.recordSha256 === undefined) {
    throw new TypeError(
      `Cannot trust the model folder '${dir}' as ${MODEL_JSON_FILE} must record the SHA-256 of ` +
        `its weights and of ${MODEL_RECORD_FILE}: found none (it was saved by an earlier ` +
        `version, which could pair new weights with an old record) — delete the folder to have ` +
        `the model made again`,
    );
  }
  const recordBytes = await Deno.readFile(recordPath);
  const recordSha = await sha256Hex(recordBytes);
  if (recordSha !== json.recordSha256) {
    throw new SyntaxError(
      `Cannot load the record '${recordPath}' as its SHA-256 must be ${json.recordSha256} ` +
        `(recorded in '${jsonPath}'): found ${recordSha} — it does not belong to these weights; ` +
        `delete '${dir}' to have the model made again`,
    );
  }
  const record = JSON.parse(new TextDecoder().decode(recordBytes)) as R;
  if (options.matches && !options.matches(record)) return undefined;
  // the model.json read above, not a second read that a concurrent save could have replaced
  const artifacts = await modelArtifacts(dir, json);
  const model = await tf.loadLayersModel({ load: () => Promise.resolve(artifacts) });
  return { model, record, dir };
}

/**
 * Saves a layers model to a folder (`model.json` + `weights.bin`), replacing the folder whole
 * (see {@linkcode saveModelFolder}, of which this is the form without a record).
 *
 * @param model the model to save (not disposed)
 * @param dir the folder
 * @returns what TF.js reports about the save
 */
export async function saveLayersModelToDir(
  model: tf.LayersModel,
  dir: string,
): Promise<tf.io.SaveResult> {
  return await saveModelFolder(dir, model);
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
 * @throws {SyntaxError} when the weights' checksum differs from the one `model.json` records
 */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  return await tf.loadLayersModel(fileHandler(dir));
}
