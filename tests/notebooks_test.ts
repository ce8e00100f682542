/**
 * The notebooks themselves: committed clean, and each runs under the `quick` profile without an
 * error output. The executed HTML of every notebook is then opened in headless Chromium.
 */
import { assert, assertEquals } from "@std/assert";
import { basename, join } from "node:path";
import {
  cellSource,
  cellsWithOutputs,
  executeNotebook,
  type ExecuteResult,
  listNotebooks,
  NOTEBOOKS_DIR,
  parseNotebook,
} from "../lib/report/mod.ts";
import { Chromium, hasChromium, pageUrl } from "./support/chromium.ts";
import { externalLoads } from "../lib/report/export_html.ts";

const notebooks = await listNotebooks(NOTEBOOKS_DIR);

Deno.test("notebooks are committed without outputs or execution counts", async () => {
  const dirty: string[] = [];
  for (const path of notebooks) {
    const nb = parseNotebook(await Deno.readTextFile(path), path);
    const cells = cellsWithOutputs(nb);
    if (cells.length > 0) dirty.push(`${basename(path)} (cells ${cells.join(", ")})`);
    assertEquals(
      (nb.metadata.kernelspec as { name?: string } | undefined)?.name,
      "deno",
      `${basename(path)} must use the Deno kernel`,
    );
  }
  assertEquals(dirty, [], `clear the outputs of: ${dirty.join("; ")}`);
});

// `deno fmt --check` of Deno 2.9 judges .ipynb files by a rule `deno fmt` itself does not apply,
// so deno.json excludes notebooks/ and this test checks the code cells as TypeScript instead.
Deno.test("notebook code cells are formatted as deno fmt formats TypeScript", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notebook-cells-" });
  const files = new Map<string, string>();
  for (const path of notebooks) {
    const nb = parseNotebook(await Deno.readTextFile(path), path);
    nb.cells.forEach((cell, i) => {
      if (cell.cell_type !== "code") return;
      const file = `${basename(path, ".ipynb")}_cell${String(i + 1).padStart(3, "0")}.ts`;
      files.set(file, `${basename(path)} cell ${i + 1}`);
      Deno.writeTextFileSync(join(dir, file), cellSource(cell).replace(/\n*$/, "\n"));
    });
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--check", "--line-width=100", dir],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const report = new TextDecoder().decode(out.stderr);
  const unformatted = [...report.matchAll(/from (\S+\.ts):/g)]
    .map((m) => files.get(basename(m[1])) ?? m[1]).sort();
  await Deno.remove(dir, { recursive: true });
  assertEquals(unformatted, [], `run 'deno task fmt-notebooks' for: ${unformatted.join(", ")}`);
});

// The Deno kernel does not type-check cells, so a notebook can call a library function with the
// wrong arguments (or forget an `await`) and only fail when it runs. Each notebook's code cells,
// in order, make one module that `deno check` judges like lib/.
Deno.test("notebook code type-checks against lib/", async () => {
  const dir = await Deno.makeTempDir({ prefix: "notebook-check-" });
  const libUrl = new URL("../lib/", import.meta.url).href;
  const files: string[] = [];
  for (const path of notebooks) {
    const nb = parseNotebook(await Deno.readTextFile(path), path);
    const code = nb.cells.filter((c) => c.cell_type === "code").map(cellSource).join("\n\n")
      .replaceAll('"../lib/', `"${libUrl}`);
    const file = join(dir, `${basename(path, ".ipynb")}.ts`);
    await Deno.writeTextFile(file, `${code}\nexport {};\n`);
    files.push(file);
  }
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "check",
      "--quiet",
      `--config=${new URL("../deno.json", import.meta.url).pathname}`,
      ...files,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const report = new TextDecoder().decode(out.stderr).replaceAll(dir + "/", "");
  await Deno.remove(dir, { recursive: true });
  assert(out.success, `notebook code does not type-check:\n${report}`);
});

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

Deno.test({
  name: "every notebook runs under the quick profile without an error output",
  ignore: notebooks.length === 0,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const outDir = await Deno.makeTempDir({ prefix: "notebooks-smoke-" });
    const results: ExecuteResult[] = await pool(
      2,
      notebooks.map((path) => () =>
        executeNotebook(path, {
          to: "html",
          outputDir: outDir,
          profile: "quick",
          cellTimeoutSeconds: 300,
          env: { DIGITS_RESULTS_DIR: join(outDir, "results") },
        })
      ),
    );
    for (const r of results) console.log(`  ${r.name}: ${r.seconds.toFixed(1)} s`);
    const failures = results.flatMap((r) =>
      r.errors.map((e) =>
        `${r.name}.ipynb cell ${e.cell} (${e.firstLine}): ${e.ename}: ${e.evalue}`
      )
    );
    assertEquals(failures, [], `notebooks failed:\n${failures.join("\n")}`);
    for (const r of results) {
      const metrics = join(outDir, "results", r.name, "metrics.json");
      assert(
        await Deno.stat(metrics).then(() => true, () => false),
        `${r.name}.ipynb wrote no ${metrics}`,
      );
    }
    // The exported pages are small and self-contained: at most 3 MB, nothing loaded from
    // file:// or the network.
    const problems: string[] = [];
    for (const r of results) {
      assert(r.outputPath, `${r.name}.ipynb was not exported to HTML`);
      const html = await Deno.readTextFile(r.outputPath);
      const bytes = new TextEncoder().encode(html).length;
      if (bytes > 3_000_000) problems.push(`${r.name}.html is ${bytes} bytes, over 3 MB`);
      for (const load of externalLoads(html)) problems.push(`${r.name}.html loads ${load}`);
    }
    // The exported HTML, as a reader opens it: every Plotly figure drew, and nothing failed.
    if (hasChromium()) {
      const browser = await Chromium.launch();
      try {
        for (const r of results) {
          const tab = await browser.newPage();
          await tab.navigate(pageUrl(r.outputPath!), 90_000);
          const page = await tab.render({ timeoutMs: 90_000 });
          await tab.close();
          const size = (await Deno.stat(r.outputPath!)).size;
          console.log(
            `  ${r.name}.html: ${(size / 1e6).toFixed(2)} MB, ${page.figures} figures drawn ` +
              `in ${page.milliseconds} ms`,
          );
          if (!page.allRendered) {
            problems.push(`${r.name}.html: figures drawn ${JSON.stringify(page.svgPerFigure)}`);
          }
          for (const e of page.consoleErrors) problems.push(`${r.name}.html console: ${e}`);
        }
      } finally {
        await browser.close();
      }
    } else {
      console.warn(
        "  Chromium not found: the exported HTML was not opened (./lab test installs it)",
      );
    }
    assertEquals(problems, [], `exported HTML is not right:\n${problems.join("\n")}`);
    await Deno.remove(outDir, { recursive: true });
  },
});
