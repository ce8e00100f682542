/**
 * Guards the webgpu backend: under Deno a tensor on `webgpu` has no `dataSync()`/`arraySync()`
 * (TF.js reads back through a canvas, which Deno lacks), so the library and the notebooks must read
 * tensors with `await t.data()` / `await t.array()`. This test scans `lib/**\/*.ts` (tests and the
 * wasm-only `wasm_kernels/` aside) and the notebooks' code cells for a synchronous read.
 */
import { assertEquals } from "@std/assert";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `.dataSync(` or `.arraySync(`, as a call (a name in prose or a string has no dot before it). */
const SYNC_READ = /\.\s*(dataSync|arraySync)\s*\(/;

/**
 * `text` with its comments (`//`, `/* *\/`, JSDoc) and the contents of its string literals blanked
 * out (newlines kept), so that only code is left; `${…}` inside template literals stays code.
 * Regular-expression literals are read as code.
 */
function codeOnly(text: string): string {
  let out = "";
  // what encloses the current position: a template literal, or a `${` brace depth inside one
  const stack: ("`" | number)[] = [];
  let i = 0;
  const blank = (ch: string) => (ch === "\n" ? "\n" : " ");
  while (i < text.length) {
    const ch = text[i];
    const top = stack[stack.length - 1];
    if (top === "`") {
      if (ch === "\\") {
        out += blank(ch) + blank(text[i + 1] ?? "");
        i += 2;
      } else if (ch === "`") {
        stack.pop();
        out += ch;
        i++;
      } else if (ch === "$" && text[i + 1] === "{") {
        stack.push(0);
        out += "${";
        i += 2;
      } else {
        out += blank(ch);
        i++;
      }
      continue;
    }
    if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (ch === "'" || ch === '"') {
      out += ch;
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== "\n") {
        if (text[i] === "\\") {
          out += " ";
          i++;
        }
        out += blank(text[i] ?? "");
        i++;
      }
      if (text[i] === ch) {
        out += ch;
        i++;
      }
    } else if (ch === "`") {
      stack.push("`");
      out += ch;
      i++;
    } else {
      if (typeof top === "number") {
        if (ch === "{") stack[stack.length - 1] = top + 1;
        else if (ch === "}") {
          if (top === 0) stack.pop();
          else stack[stack.length - 1] = top - 1;
        }
      }
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * The lines of `text` that call a synchronous read, outside comments and strings.
 * @returns 1-based line numbers
 */
function syncReadLines(text: string): number[] {
  const found: number[] = [];
  codeOnly(text).split("\n").forEach((line, i) => {
    if (SYNC_READ.test(line)) found.push(i + 1);
  });
  return found;
}

async function* libFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (entry.name !== "wasm_kernels") yield* libFiles(path);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
      yield path;
    }
  }
}

Deno.test("syncReadLines() finds calls and skips comments, JSDoc and strings", () => {
  const text = [
    "const a = t.dataSync();", // 1
    "// t.dataSync() in a line comment", // 2
    "/**", // 3
    " * t.arraySync(); // in JSDoc", // 4
    " */", // 5
    "const b = x /* t.dataSync() */ + 1;", // 6
    "const c = (await t.data())[0]; // not t.dataSync()", // 7
    "const d = `no t.dataSync() here`;", // 8
    "const e = m.predict(x).arraySync() as number[];", // 9
    "const f = t", // 10
    "  .dataSync();", // 11
    'const g = "src/*"; const h = "t.dataSync()";', // 12: a string that looks like a comment
    "const i = t.arraySync();", // 13
    "const j = `${t.dataSync()[0]} and ${`${u.arraySync()}`}`;", // 14
    "const k = `a", // 15
    "  t.dataSync() ${{ a: 1 }.a}`; const l = 'it\\'s'; t.dataSync();", // 16
  ].join("\n");
  assertEquals(syncReadLines(text), [1, 9, 11, 13, 14, 16]);
});

Deno.test("lib/ reads tensors asynchronously (no dataSync()/arraySync() outside tests)", async () => {
  const hits: string[] = [];
  for await (const path of libFiles(join(ROOT, "lib"))) {
    for (const line of syncReadLines(await Deno.readTextFile(path))) {
      hits.push(`${relative(ROOT, path)}:${line}`);
    }
  }
  assertEquals(
    hits.sort(),
    [],
    `synchronous reads fail on webgpu under Deno — use await t.data() / await t.array():\n  ${
      hits.join("\n  ")
    }`,
  );
});

Deno.test("notebooks read tensors asynchronously (no dataSync()/arraySync() in code cells)", async () => {
  const hits: string[] = [];
  const dir = join(ROOT, "notebooks");
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith(".ipynb"));
  for (const name of names.sort()) {
    const notebook = JSON.parse(await Deno.readTextFile(join(dir, name))) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    notebook.cells.forEach((cell, c) => {
      if (cell.cell_type !== "code") return;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const line of syncReadLines(source)) {
        hits.push(`notebooks/${name}:cell ${c + 1}:line ${line}`);
      }
    });
  }
  assertEquals(
    hits,
    [],
    `synchronous reads fail on webgpu under Deno — use await t.data() / await t.array():\n  ${
      hits.join("\n  ")
    }`,
  );
});
