/**
 * The layer map of `lib/README.md`, enforced: every import in `lib/**\/*.ts` (tests aside) goes
 * to its own folder or to a folder of a lower layer, and never against the rules beside it.
 */
import { assert, assertEquals } from "@std/assert";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), "../lib");

/** The layers, bottom to top: a folder may import from its own folder and from lower layers. */
export const LAYERS: readonly (readonly string[])[] = [
  ["std_assert", "random", "paths", "interrupt"],
  ["config"],
  ["backend", "results"],
  ["train"],
  ["data", "augment"],
  ["triple_mnist"],
  ["models"],
  ["metrics"],
  ["analysis", "scratch"],
  ["triple_tasks"],
  ["gan", "triplet"],
  ["plot"],
  ["display"],
  ["notebook", "report", "bench"],
];

/** Imports a lower layer may not make all the same, and why. */
const FORBIDDEN: Record<string, { folders: string[]; why: string }> = {
  models: {
    folders: ["train"],
    why: "models are factories only: training lives in train/ and in the task folders",
  },
};

/**
 * Violations that exist while the Triple-MNIST half of lib is redesigned (issue 15), as
 * `file → imported folder`. This set must end empty: each entry goes when its import is fixed,
 * and the test fails for an entry that no longer occurs, so the set cannot go stale.
 */
const PENDING = new Set<string>([]);

/** Files that may read `Deno.jupyter` besides lib/display, and why. */
const KNOWS_JUPYTER: Record<string, string> = {
  "interrupt/mod.ts": "it must know whether a kernel runs it to decide whether to catch SIGINT, " +
    "and it lies below display",
};

function rankOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

function libFiles(dir = LIB): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...libFiles(path));
    else if (
      entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") &&
      !entry.name.startsWith("_testing") && !entry.name.startsWith("_testdata")
    ) out.push(path);
  }
  return out.sort();
}

/** The code of a file without its comments (JSDoc examples import freely). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
}

/** The relative module specifiers a file imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const code = withoutComments(text);
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\s+["']([^"']+)["']/g,
    /\bnew\s+URL\(\s*["']([^"']+\.ts)["']\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) found.push(m[1]);
  }
  return found.filter((s) => s.startsWith("."));
}

interface Edge {
  file: string;
  folder: string;
  target: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const path of libFiles()) {
    const file = relative(LIB, path);
    const folder = file.split("/")[0];
    if (!file.includes("/")) continue;
    for (const spec of importsOf(Deno.readTextFileSync(path))) {
      const target = relative(LIB, resolve(dirname(path), spec)).split("/")[0];
      if (target !== folder && !target.startsWith("..")) out.push({ file, folder, target });
    }
  }
  return out;
}

Deno.test("every lib folder has a layer in the map", () => {
  const folders = [...Deno.readDirSync(LIB)].filter((e) => e.isDirectory)
    .map((e) => e.name).filter((name) => libFiles(join(LIB, name)).length > 0);
  const missing = folders.filter((f) => rankOf(f) < 0);
  assertEquals(
    missing,
    [],
    `lib folders without a layer: ${missing.join(", ")} — add each to LAYERS here and to the ` +
      "layer map of lib/README.md",
  );
});

Deno.test("lib imports point down the layers only", () => {
  const violations = new Map<string, string>();
  for (const e of edges()) {
    const key = `${e.file} → ${e.target}`;
    const from = rankOf(e.folder);
    const to = rankOf(e.target);
    if (to < 0) continue; // reported by the test above
    if (to >= from) {
      violations.set(
        key,
        `${key}: ${e.folder}/ (layer ${from}) may not import ${e.target}/ (layer ${to}${
          to === from ? ", the same layer" : ", above it"
        })`,
      );
    } else if (FORBIDDEN[e.folder]?.folders.includes(e.target)) {
      violations.set(key, `${key}: ${FORBIDDEN[e.folder].why}`);
    }
  }
  const fresh = [...violations].filter(([key]) => !PENDING.has(key)).map(([, why]) => why);
  assertEquals(
    fresh,
    [],
    `imports against the layer map (lib/README.md):\n  ${fresh.join("\n  ")}\n` +
      "Move the shared code down a layer, or the importing code up.",
  );
  const stale = [...PENDING].filter((key) => !violations.has(key));
  assertEquals(
    stale,
    [],
    `PENDING lists violations that no longer occur: ${stale.join("; ")} — remove them from ` +
      "tests/layers_test.ts",
  );
});

Deno.test("only lib/display knows Jupyter", () => {
  const knowing = libFiles().map((path) => relative(LIB, path))
    .filter((file) => !file.startsWith("display/") && !(file in KNOWS_JUPYTER))
    .filter((file) =>
      /\bDeno\.jupyter\b/.test(withoutComments(Deno.readTextFileSync(join(LIB, file))))
    );
  assertEquals(
    knowing,
    [],
    `files outside lib/display that use Deno.jupyter: ${knowing.join(", ")} — display through ` +
      "lib/display instead",
  );
});

Deno.test("importsOf() reads static, re-export and dynamic imports, not comments", () => {
  const text = [
    'import { a } from "../data/mod.ts";',
    'export * from "./local.ts";',
    'export { b } from "../plot/mod.ts";',
    'const c = await import("../models/io.ts");',
    '/** @example import { d } from "../display/mod.ts"; */',
    '// import { e } from "../gan/mod.ts";',
    'import * as tf from "@tensorflow/tfjs";',
  ].join("\n");
  assertEquals(importsOf(text), [
    "../data/mod.ts",
    "./local.ts",
    "../plot/mod.ts",
    "../models/io.ts",
  ]);
  assert(rankOf("display") > rankOf("plot"), "display sits above plot");
});
