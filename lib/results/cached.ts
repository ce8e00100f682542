/**
 * `cachedArtifact`: the one way this project reuses a saved result (a trained model, an exported
 * data set) or makes it again. A result is saved with a **key**, a plain JSON object of everything
 * that decides it (seed, budget, data, …); it is reused only when its saved key equals the key
 * wanted, compared canonically (object key order does not matter). Every call says in its log
 * what it reused, or exactly why it made the result again: nothing saved, which key field
 * differed, a record without a key, or a damaged copy. A new result is written to a temp folder
 * beside the target and put in place by a rename, so an interrupted or failed write leaves the
 * old result (or nothing), never half a folder.
 *
 * @example
 * ```ts
 * import { join } from "node:path";
 * import { cachedArtifact } from "./cached.ts";
 * const root = await Deno.makeTempDir();
 * const answer = () =>
 *   cachedArtifact({
 *     what: "the answer",
 *     dir: join(root, "answer"),
 *     key: { question: "life", seed: 42 },
 *     load: async (dir, accept) => {
 *       const text = await Deno.readTextFile(join(dir, "record.json")).catch(() => undefined);
 *       const record = text === undefined ? undefined : JSON.parse(text);
 *       return record && accept(record) ? { value: record.value as number, record } : undefined;
 *     },
 *     make: () => Promise.resolve({ value: 42, record: { value: 42 } }),
 *     save: (dir, _value, record) =>
 *       Deno.writeTextFile(join(dir, "record.json"), JSON.stringify(record)),
 *     log: () => {},
 *   });
 * (await answer()).reason; // "nothing is saved in …/answer"
 * (await answer()).reused; // true
 * await Deno.remove(root, { recursive: true });
 * ```
 * @module
 */
import { basename, dirname } from "node:path";
import { replaceFolder } from "./atomic.ts";
import { sweepStaleTemps, withTempPath } from "./temp.ts";

/** What decides a result: a plain JSON object (numbers, strings, booleans, arrays, objects). */
export type ArtifactKey = Readonly<Record<string, unknown>>;

/** A saved record carries its key. */
export interface KeyedRecord {
  /** the key the result was made for */
  key?: unknown;
}

/** Options of {@linkcode cachedArtifact}. */
export interface CachedArtifactOptions<T, R extends object> {
  /** what the result is, for the log (e.g. "the Task 3 per-digit CNN") */
  what: string;
  /** the folder the result is saved in */
  dir: string;
  /** everything that decides the result; saved in the record as `key` */
  key: ArtifactKey;
  /**
   * Reads the saved result in `dir`: `undefined` when nothing is saved there or `accept` refuses
   * its record (call it before reading anything large); throws when the saved copy is damaged.
   */
  load: (
    dir: string,
    accept: (record: KeyedRecord) => boolean,
  ) => Promise<{ value: T; record: R & KeyedRecord } | undefined>;
  /** Makes the result now (trains, exports, …), with the record to save beside it. */
  make: () => Promise<{ value: T; record: R }>;
  /**
   * Writes `value` and `record` (the key included) into the empty folder `dir` (a temp folder
   * that then replaces the target as a whole).
   */
  save: (dir: string, value: T, record: R & { key: ArtifactKey }) => Promise<void>;
  /**
   * make it again even when a matching result is saved
   * @default false
   */
  remake?: boolean;
  /** a few words on a record for the log, e.g. "epoch 3 of 4" */
  describe?: (record: R) => string;
  /** one line per decision (default console.log) */
  log?: (line: string) => void;
}

/** What {@linkcode cachedArtifact} returns. */
export interface CachedArtifact<T, R extends object> {
  /** the result, loaded or made now */
  value: T;
  /** its record, the key included */
  record: R & { key: ArtifactKey };
  /** whether it was loaded from `dir` */
  reused: boolean;
  /** why it was made now (absent when reused) */
  reason?: string;
  /** the folder */
  dir: string;
}

/**
 * A value as canonical JSON: object keys sorted, `undefined` properties left out (as
 * `JSON.stringify` leaves them out).
 *
 * @param value anything JSON can hold
 * @returns the canonical text
 * @example
 * ```ts
 * import { canonicalJson } from "./cached.ts";
 * canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }] }); // '{"a":[2,{"c":3}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
        : v,
  );
}

/**
 * The first place where two JSON values differ, as a path and the two values.
 *
 * @param saved the saved value
 * @param wanted the wanted value
 * @param path the path so far
 * @returns e.g. `budget.epochs: saved 4, wanted 2`, or `undefined` when they are equal
 * @example
 * ```ts
 * import { keyDifference } from "./cached.ts";
 * keyDifference({ seed: 1, budget: { epochs: 4 } }, { seed: 1, budget: { epochs: 2 } });
 * // "budget.epochs: saved 4, wanted 2"
 * ```
 */
export function keyDifference(saved: unknown, wanted: unknown, path = ""): string | undefined {
  if (canonicalJson(saved) === canonicalJson(wanted)) return undefined;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(saved) && isObject(wanted)) {
    const keys = [...new Set([...Object.keys(wanted), ...Object.keys(saved)])].sort();
    for (const k of keys) {
      const d = keyDifference(saved[k], wanted[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
  }
  const show = (v: unknown) => v === undefined ? "nothing" : canonicalJson(v);
  return `${path || "the key"}: saved ${show(saved)}, wanted ${show(wanted)}`;
}

/**
 * Loads a saved result when its key matches, otherwise makes it, saves it (atomically) and
 * returns it; logs which, and why.
 *
 * @param options what, where, the key, and how to load, make and save it
 * @returns the result, its record, and whether it was reused (or why not)
 * @throws whatever `make` or `save` throws (the saved folder is then left as it was)
 * @example
 * ```ts ignore
 * const { value: model, reused } = await cachedArtifact({
 *   what: "the Task 3 per-digit CNN", dir, key: { seed, budget },
 *   load: async (dir, accept) => {
 *     const saved = await loadModelFolder(dir, { matches: accept });
 *     return saved && { value: saved.model, record: saved.record };
 *   },
 *   make: async () => ({ value: await train(), record: { seconds } }),
 *   save: (dir, model, record) => saveModelFolder(dir, model, record),
 * });
 * ```
 */
export async function cachedArtifact<T, R extends object>(
  options: CachedArtifactOptions<T, R>,
): Promise<CachedArtifact<T, R>> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { dir, key, what } = options;
  const describe = (record: R) => options.describe ? ` (${options.describe(record)})` : "";
  let reason: string;
  if (options.remake) {
    reason = "asked to make it again";
  } else {
    let refusal: string | undefined;
    const accept = (record: KeyedRecord) => {
      refusal = record.key === undefined
        ? "its saved record has no key (saved by an earlier version)"
        : keyDifference(record.key, key);
      if (refusal && record.key !== undefined) refusal = `the saved key differs at ${refusal}`;
      return refusal === undefined;
    };
    try {
      const saved = await options.load(dir, accept);
      if (saved && refusal === undefined) {
        log(`Reused ${what} from ${dir}${describe(saved.record)}`);
        return {
          value: saved.value,
          record: { ...saved.record, key },
          reused: true,
          dir,
        };
      }
      reason = refusal ?? `nothing is saved in ${dir}`;
    } catch (e) {
      reason = `the saved copy in ${dir} is damaged (${(e as Error).message.split(" — ")[0]})`;
    }
  }
  log(`Making ${what}: ${reason}`);
  const made = await options.make();
  const record = { ...made.record, key };
  await Deno.mkdir(dirname(dir), { recursive: true });
  await sweepStaleTemps(dirname(dir), { target: basename(dir) }).catch(() => []);
  await withTempPath(dir, async (temp) => {
    await Deno.mkdir(temp);
    await options.save(temp, made.value, record);
    await replaceFolder(temp, dir);
  });
  log(`Saved ${what} to ${dir}${describe(made.record)}`);
  return { value: made.value, record, reused: false, reason, dir };
}
