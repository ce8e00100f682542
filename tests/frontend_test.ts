/**
 * The notebooks as a user meets them: Debian's classic Jupyter Notebook (6.4) with the Deno
 * kernel, driven by headless Chromium over the DevTools protocol.
 *
 * One notebook with figures, a live progress display, a table and math is run from the top; a
 * figure cell is re-run twice; a long training is interrupted with Kernel › Interrupt; the
 * notebook is saved, the page reloaded, the kernel shut down and the page opened again. After
 * each step every figure must have drawn (`svg.main-svg`), every progress display must be one
 * output updated in place, and no cell may show an error. Then the saved notebook is exported —
 * by plain `jupyter nbconvert --to html`, and as `./lab report` exports (self-contained) — and
 * both pages are opened over http from a temporary server: every figure drawn, the math
 * typeset, and the self-contained page loads nothing from anywhere else.
 *
 * Skipped when Chromium or `jupyter notebook` is missing (`./lab test` installs both).
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Chromium, hasChromium, type Page } from "./support/chromium.ts";
import { hasJupyterNotebook, serveFolder, startNotebookServer } from "./support/servers.ts";
import { PROJECT_ROOT } from "../lib/paths/mod.ts";
import { makePageSelfContained } from "../lib/report/export_html.ts";

const lib = (path: string) => pathToFileURL(join(PROJECT_ROOT, "lib", path)).href;

const MATH = "The triplet loss $\\max(0,\\ \\lVert a-p\\rVert^2 - \\lVert a-n\\rVert^2 + m)$ " +
  "with margin $m = 1$, averaged:\n\n$$L = \\frac{1}{N}\\sum_i \\ell_i$$";

/** The test notebook: the cells, in order. Cells 2, 4 and 5 show figures; cell 3 trains. */
const CELLS: ["markdown" | "code", string][] = [
  ["markdown", `# Front-end check\n\n${MATH}`],
  [
    "code",
    `import { setupNotebook } from "${lib("notebook/mod.ts")}";\n` +
    `const run = await setupNotebook("frontend_check");`,
  ],
  [
    "code",
    `import { createProgress, show, showTable } from "${lib("display/mod.ts")}";\n` +
    `import { barChart, imageGrid, trainingCurves } from "${lib("plot/mod.ts")}";\n` +
    `await show(barChart(["MLP", "CNN"], [0.97, 0.99], { title: "Test accuracy", format: "percent" }));`,
  ],
  [
    "code",
    `import { fit } from "${lib("train/mod.ts")}";\n` +
    `import { separableSource, tinyClassifier } from "${lib("train/_testing.ts")}";\n` +
    `const model = tinyClassifier();\n` +
    `const history = await fit(model, separableSource(512), {\n` +
    `  epochs: 4, batchSize: 8, seed: 1, validation: separableSource(64, 2),\n` +
    `  progress: createProgress("tiny MLP", { minIntervalMs: 50 }),\n});`,
  ],
  [
    "code",
    `await show(trainingCurves({ "tiny MLP": history }, "loss", { title: "Loss" }));`,
  ],
  [
    "code",
    `const px = new Uint8Array(6 * 28 * 28).map((_, i) => (i * 37) % 256);\n` +
    `await show(imageGrid(px, { cols: 3, titles: ["0", "1", "2", "3", "4", "5"] }));\n` +
    `await showTable([{ model: "tiny MLP", "val accuracy": history.at(-1)?.valAccuracy ?? 0 }]);`,
  ],
];

const FIGURE_CELLS = [2, 4, 5];

function notebookJson(): string {
  return JSON.stringify({
    // every cell has an id (nbformat 4.5): without one, Jupyter adds it while saving, after
    // signing, and the saved notebook reopens untrusted, its figures' scripts not run
    cells: CELLS.map(([type, source], i) => {
      const id = `cell-${i}`;
      return type === "code"
        ? { id, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source }
        : { id, cell_type: "markdown", metadata: {}, source };
    }),
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** Typeset math: MathJax 2's output (the classic Notebook's), MathJax 3's, or MathML. */
const MATH_SELECTOR = ".MathJax_CHTML, .MathJax, .MathJax_SVG, mjx-container, math";

/** What the notebook page shows, cell by cell (evaluated in the page). */
const CELL_PROBE = `(() => {
  const cells = Jupyter.notebook.get_cells();
  return cells.map((c) => {
    const el = c.element[0];
    const outputs = c.output_area ? c.output_area.outputs : [];
    return {
      type: c.cell_type,
      prompt: c.cell_type === "code" ? c.input_prompt_number ?? null : null,
      running: el.classList.contains("running"),
      figures: Array.from(el.querySelectorAll(".plotly-graph-div"))
        .map((f) => f.querySelectorAll("svg.main-svg").length),
      progress: el.querySelectorAll(".digits-progress").length,
      interrupted: el.querySelectorAll(".digits-progress.interrupted").length,
      progressOutputs: outputs.filter((o) => String((o.data || {})["text/html"] || "")
        .includes("digits-progress")).length,
      errors: outputs.filter((o) => o.output_type === "error")
        .map((o) => o.ename + ": " + o.evalue),
      errorElements: el.querySelectorAll(".output_error").length,
      math: el.querySelectorAll(${JSON.stringify(MATH_SELECTOR)}).length,
      text: el.querySelector(".output") ? el.querySelector(".output").innerText.slice(0, 2000) : "",
    };
  });
})()`;

interface CellState {
  type: string;
  prompt: number | string | null;
  running: boolean;
  figures: number[];
  progress: number;
  interrupted: number;
  progressOutputs: number;
  errors: string[];
  errorElements: number;
  math: number;
  text: string;
}

/** Waits until the notebook is loaded and its kernel connected. */
async function waitForNotebook(page: Page): Promise<void> {
  await page.waitFor(
    `window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && ` +
      `Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()`,
    "the notebook and its kernel",
    120_000,
  );
  // count iopub messages by type and display id, to see progress updated in place
  await page.evaluate(`(() => {
    const k = Jupyter.notebook.kernel;
    window.__iopub = [];
    const original = k._handle_iopub_message.bind(k);
    k._handle_iopub_message = (msg) => {
      const id = (msg.content.transient || {}).display_id || "";
      window.__iopub.push(msg.header.msg_type + " " + id);
      return original(msg);
    };
  })()`);
}

/** Waits until no cell runs and every code cell in `cells` has an execution count. */
async function waitForCells(page: Page, cells: number[], what: string, timeoutMs = 240_000) {
  await page.waitFor(
    `(() => { const all = Jupyter.notebook.get_cells(); return ${JSON.stringify(cells)}.every(` +
      `(i) => typeof all[i].input_prompt_number === "number") && ` +
      `!document.querySelector(".code_cell.running"); })()`,
    what,
    timeoutMs,
    500,
  );
}

/** Waits until every figure of the page has drawn, then returns the cells' state. */
async function settledCells(page: Page, what: string): Promise<CellState[]> {
  try {
    await page.waitFor(
      `(() => { const f = Array.from(document.querySelectorAll(".plotly-graph-div")); ` +
        `return f.length > 0 && f.every((el) => el.querySelector("svg.main-svg")) && ` +
        `document.querySelector(".text_cell_render").querySelector(${
          JSON.stringify(MATH_SELECTOR)
        }); })()`,
      `every figure drawn and the math typeset (${what})`,
      60_000,
    );
  } catch (e) {
    const cells = await page.evaluate<CellState[]>(CELL_PROBE);
    throw new Error(`${(e as Error).message}\ncells: ${JSON.stringify(cells, null, 1)}`);
  }
  return await page.evaluate<CellState[]>(CELL_PROBE);
}

/** The checks that hold after every step. */
function checkCells(cells: CellState[], what: string, expectFigures = FIGURE_CELLS): void {
  const errors = cells.flatMap((c, i) =>
    [...c.errors, ...(c.errorElements ? [`${c.errorElements} error element(s)`] : [])]
      .map((e) => `cell ${i}: ${e}`)
  );
  assertEquals(errors, [], `${what}: cells show errors`);
  for (const i of expectFigures) {
    assertEquals(cells[i].figures.length, 1, `${what}: cell ${i} shows one figure`);
    assert(cells[i].figures[0] > 0, `${what}: cell ${i}'s figure has no svg.main-svg`);
  }
  const fit = cells[3];
  assertEquals(
    [fit.progress, fit.progressOutputs],
    [1, 1],
    `${what}: the progress display is one output (found ${fit.progress} in the page, ` +
      `${fit.progressOutputs} in the notebook)`,
  );
  assert(
    /4 epochs in/.test(fit.text),
    `${what}: the progress display ends with its summary: ${fit.text}`,
  );
  assert(cells[0].math > 0, `${what}: the Markdown cell's math is typeset`);
}

Deno.test({
  name: "Jupyter Notebook in Chromium: run all, re-run, interrupt, save, reload, reopen, export",
  ignore: !hasChromium() || !hasJupyterNotebook(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const root = await Deno.makeTempDir({ prefix: "frontend-" });
    const results = await Deno.makeTempDir({ prefix: "frontend-results-" });
    await Deno.writeTextFile(join(root, "check.ipynb"), notebookJson());
    const server = await startNotebookServer(root, {
      env: { NOTEBOOK_PROFILE: "quick", DIGITS_RESULTS_DIR: results },
    });
    const browser = await Chromium.launch({ windowSize: [1280, 3000] });
    const started = performance.now();
    const stamp = (what: string) =>
      console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      const page = await browser.newPage();
      await page.navigate(server.notebookUrl("check.ipynb"), 120_000);
      await waitForNotebook(page);
      stamp("notebook open, kernel connected");

      const steps: boolean[] = [];
      steps.push(
        await t.step("run all cells", async () => {
          await page.evaluate("Jupyter.notebook.execute_all_cells()");
          await waitForCells(page, [1, 2, 3, 4, 5], "every cell to run");
          const cells = await settledCells(page, "after run all");
          checkCells(cells, "after run all");
          const iopub = await page.evaluate<string[]>("window.__iopub");
          const progress = iopub.filter((m) => / progress-/.test(m));
          assertEquals(
            progress.filter((m) => m.startsWith("display_data")).length,
            1,
            String(progress),
          );
          assert(
            progress.filter((m) => m.startsWith("update_display_data")).length >= 4,
            `the progress display is updated in place: ${progress}`,
          );
          stamp("ran all cells");
        }),
      );

      steps.push(
        await t.step("re-run a figure cell twice, then everything from the top", async () => {
          for (let i = 0; i < 2; i++) {
            await page.evaluate(`Jupyter.notebook.execute_cells([2])`);
            await page.waitFor(
              `!document.querySelector(".code_cell.running")`,
              "the figure cell to run again",
              60_000,
            );
            checkCells(await settledCells(page, `re-run ${i + 1}`), `re-run ${i + 1}`);
          }
          stamp("re-ran a figure cell twice");
          // and everything again from the top, with the same kernel
          await page.evaluate(
            "Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells()",
          );
          await page.waitFor(
            `Jupyter.notebook.get_cell(5).input_prompt_number > 6`,
            "the second run from the top",
            240_000,
            500,
          );
          await waitForCells(page, [1, 2, 3, 4, 5], "every cell to run again");
          checkCells(await settledCells(page, "run from the top again"), "run from the top again");
          stamp("ran all cells again");
        }),
      );

      steps.push(
        await t.step("Kernel › Interrupt stops a training after its current batch", async () => {
          await page.evaluate(`(() => {
          const a = Jupyter.notebook.insert_cell_at_bottom("code");
          a.set_text(${
            JSON.stringify(
              `const long = await fit(model, separableSource(512), {\n` +
                `  epochs: 100000, batchSize: 8, seed: 2, progress: createProgress("long run"),\n});\n` +
                `console.log("epochs completed:", long.length);`,
            )
          });
          const b = Jupyter.notebook.insert_cell_at_bottom("code");
          b.set_text('console.log("kernel usable, weights:", model.countParams());');
        })()`);
          await page.evaluate(`Jupyter.notebook.execute_cells([6, 7])`);
          await page.waitFor(
            `Jupyter.notebook.get_cell(6).element[0].querySelector(".digits-progress") && ` +
              `/batch [1-9]/.test(Jupyter.notebook.get_cell(6).element[0].innerText)`,
            "the long training to show progress",
            60_000,
          );
          const asked = performance.now();
          await page.evaluate("Jupyter.notebook.kernel.interrupt()");
          await waitForCells(page, [6, 7], "the interrupted cell and the next to finish", 60_000);
          const seconds = (performance.now() - asked) / 1000;
          await page.waitFor(
            `/kernel usable/.test(Jupyter.notebook.get_cell(7).element[0].innerText) && ` +
              `/epochs completed/.test(Jupyter.notebook.get_cell(6).element[0].innerText)`,
            "the cells' console output",
            10_000,
          ).catch(() => {});
          const cells = await page.evaluate<CellState[]>(CELL_PROBE);
          assertEquals(cells[6].errors, []);
          assertEquals(cells[6].interrupted, 1, `progress marked interrupted: ${cells[6].text}`);
          assertEquals(cells[6].progress, 1);
          assert(cells[6].text.includes("epochs completed:"), cells[6].text);
          assert(/kernel usable, weights: \d+/.test(cells[7].text), cells[7].text);
          assert(seconds < 30, `the training stopped ${seconds.toFixed(1)} s after the interrupt`);
          assert(await page.evaluate("Jupyter.notebook.kernel.is_connected()"), "kernel alive");
          stamp(`interrupted a training (stopped in ${seconds.toFixed(1)} s)`);
        }),
      );

      steps.push(
        await t.step("save, reload with the kernel alive, reopen with a new kernel", async () => {
          await page.evaluate("Jupyter.notebook.save_notebook()");
          const saved = JSON.parse(await Deno.readTextFile(join(root, "check.ipynb")));
          assert(saved.cells[2].outputs.length > 0, "the saved notebook holds the outputs");
          assert(saved.metadata.kernelspec.name === "deno");
          await page.reload(120_000);
          await waitForNotebook(page);
          assert(
            await page.evaluate("Jupyter.notebook.trusted"),
            "the saved notebook reopens trusted",
          );
          checkCells(await settledCells(page, "after reload"), "after reload");
          stamp("reloaded");
          // shut the kernel down, then open the notebook again: the outputs draw with no kernel
          const sessions = await (await server.api("/api/sessions")).json();
          for (const s of sessions) {
            const r = await server.api(`/api/kernels/${s.kernel.id}`, { method: "DELETE" });
            await r.body?.cancel();
          }
          const reopened = await browser.newPage();
          await reopened.navigate(server.notebookUrl("check.ipynb"), 120_000);
          await reopened.waitFor(
            "window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded",
            "the notebook to load",
            60_000,
          );
          checkCells(await settledCells(reopened, "reopened"), "reopened");
          assertEquals(reopened.consoleErrors.filter((e) => /digits|plotly/i.test(e)), []);
          stamp("reopened");
        }),
      );

      steps.push(
        await t.step("exported pages, served over http", async () => {
          const out = await new Deno.Command("jupyter", {
            args: ["nbconvert", "--to", "html", "--output-dir", results, join(root, "check.ipynb")],
            stdout: "piped",
            stderr: "piped",
          }).output();
          assert(out.success, new TextDecoder().decode(out.stderr).slice(-2000));
          const plain = join(results, "check.html");
          const selfContained = join(results, "self_contained.html");
          await Deno.copyFile(plain, selfContained);
          const report = await makePageSelfContained(selfContained);
          assertEquals(report.externalLoads, []);
          assert(report.math >= 3, `math typeset: ${report.math}`);
          assert(report.bytes < 3_000_000, `the page is ${report.bytes} bytes`);
          const files = serveFolder(results);
          try {
            for (
              const [name, contained] of [["check.html", false], ["self_contained.html", true]]
            ) {
              const p = await browser.newPage();
              await p.navigate(`${files.base}${name}`);
              const r = await p.render({ timeoutMs: 60_000 });
              assertEquals(r.figures, 3, `${name}: figures`);
              assert(r.allRendered, `${name}: svg.main-svg per figure ${r.svgPerFigure}`);
              if (contained) {
                assertEquals(r.consoleErrors, [], `${name}: console errors`);
                const elsewhere = r.requests.filter((u) =>
                  !u.startsWith(files.base) && !/^(data|blob):/.test(u)
                );
                assertEquals(elsewhere, [], `${name} loads nothing from elsewhere`);
                assert(await p.evaluate<number>("document.querySelectorAll('math').length") >= 3);
              }
            }
          } finally {
            await files.stop();
          }
          stamp("exported pages drew over http");
        }),
      );
      if (steps.includes(false)) console.error(`Jupyter's log:\n${server.log().slice(-6000)}`);
    } catch (e) {
      console.error(`Jupyter's log:\n${server.log().slice(-4000)}`);
      throw e;
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(root, { recursive: true }).catch(() => {});
      await Deno.remove(results, { recursive: true }).catch(() => {});
    }
  },
});
