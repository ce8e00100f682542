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
import { sha256Hex } from "../data/checksums.ts";
import {
  replaceFolder,
  sweepStaleTemps,
  syncFolder,
  withTempPath,
  writeNewFileDurably,
} from "../results/mod.ts";
import {
  type ChecksummedModelJson,
  fileHandler,
  MODEL_JSON_FILE,
  MODEL_RECORD_FILE,
  modelArtifacts,
  modelFiles,
  saveResult,
  WEIGHTS_FILE,
} from "./file_handler.ts";

export { fileHandler, MODEL_JSON_FILE, MODEL_RECORD_FILE, WEIGHTS_FILE } from "./file_handler.ts";

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
