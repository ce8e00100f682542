/**
 * End-to-end check of figures in exported notebooks: pages built from `lib/display`'s bundles,
 * and a notebook executed and exported by `jupyter nbconvert --to html --execute`, open in
 * headless Chromium with every Plotly figure drawn and no console errors.
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Chromium, hasChromium, pageUrl, renderHtml } from "./support/chromium.ts";
import { figureBundle, libraryHtml } from "../lib/display/mod.ts";
import { barChart, confusionHeatmap, imageGrid, lineChart } from "../lib/plot/mod.ts";
import { PROJECT_ROOT } from "../lib/paths/mod.ts";

function hasCommand(name: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const noChromium = !hasChromium();
const noJupyter = noChromium || !hasCommand("jupyter");

/** A stand-in for require.js: an AMD `define` that would capture an anonymous UMD module. */
const FAKE_REQUIRE_JS = `window.__amdDefined = 0;
window.define = function () { window.__amdDefined++; };
window.define.amd = { jQuery: true };
window.require = function () {};`;

/** Writes the stand-ins for the scripts nbconvert's template links (require.js, MathJax). */
async function templateScripts(dir: string): Promise<string[]> {
  const requireJs = join(dir, "require.js");
  const mathJax = join(dir, "mathjax.js");
  await Deno.writeTextFile(requireJs, FAKE_REQUIRE_JS);
  await Deno.writeTextFile(mathJax, "window.MathJax = undefined;");
  return [
    `--HTMLExporter.require_js_url=${pathToFileURL(requireJs).href}`,
    `--HTMLExporter.mathjax_url=${pathToFileURL(mathJax).href}`,
  ];
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

const digits = new Uint8Array(6 * 28 * 28).map((_, i) => (i * 37) % 256);

Deno.test({
  name: "figure HTML draws in Chromium under require.js, whichever output brings plotly.js",
  ignore: noChromium,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "html-render-" });
    try {
      const figures = [
        barChart(["MLP", "CNN"], [0.97, 0.99], { title: "accuracy", format: "percent" }),
        imageGrid(digits, { cols: 3, titles: ["0", "1", "2", "3", "4", "5"], wrong: [true] }),
        confusionHeatmap([[5, 1], [2, 7]], ["a", "b"]),
        lineChart([{ name: "loss", y: [2.6, 0.9, 0.31, 0.12, 0.07] }], {
          logY: true,
          width: 420,
          title: "Training loss of the deep-digits MLP and CNN, per epoch, log scale",
        }),
      ];
      const outputs = figures.map((f) => figureBundle(f)["text/html"] as string);
      // a trace type outside the cartesian build: the figure carries the full build itself
      outputs.push(
        figureBundle({
          data: [{ type: "table", header: { values: ["model"] }, cells: { values: [["CNN"]] } }],
          layout: { height: 200 },
        }, { includeLibrary: true })["text/html"] as string,
      );
      // the library output comes last: figures wait for it
      outputs.push(libraryHtml());
      const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>figures</title>` +
        `<script>${FAKE_REQUIRE_JS}</script></head><body>` +
        outputs.map((o) => `<div class="output">${o}</div>`).join("\n") + `</body></html>`;
      const file = join(dir, "figures.html");
      await Deno.writeTextFile(file, page);
      assertEquals(countOccurrences(page, ".register("), 2);
      const browser = await Chromium.launch();
      try {
        const tab = await browser.newPage();
        await tab.navigate(pageUrl(file));
        const report = await tab.render({ timeoutMs: 60_000 });
        assertEquals(report.consoleErrors, []);
        assertEquals(report.figures, 5);
        assert(report.allRendered, `svg.main-svg per figure: ${report.svgPerFigure}`);
        // titles clear of the mode bar; log ticks labelled in full
        const geometry = await tab.evaluate<
          { overlaps: string[]; titled: number; ticks: string[] }
        >(
          `(() => {
            const overlaps = [];
            let titled = 0;
            for (const fig of document.querySelectorAll(".js-plotly-plot")) {
              const title = fig.querySelector(".gtitle");
              const bar = fig.querySelector(".modebar");
              if (!title || !bar) continue;
              titled++;
              const a = title.getBoundingClientRect(), b = bar.getBoundingClientRect();
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                overlaps.push(title.textContent);
              }
            }
            const log = document.querySelectorAll(".js-plotly-plot")[3];
            const ticks = Array.from(log.querySelectorAll(".ytick text")).map((t) => t.textContent);
            return { overlaps, titled, ticks };
          })()`,
        );
        assertEquals(
          geometry.titled,
          3,
          `figures with a title and a mode bar: ${JSON.stringify(geometry)}`,
        );
        assertEquals(geometry.overlaps, [], "titles overlapping the mode bar");
        assertEquals(geometry.ticks, ["0.1", "0.2", "0.5", "1", "2"]);
      } finally {
        await browser.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a notebook run by nbconvert --to html --execute keeps live figures, progress, tables",
  ignore: noJupyter,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "html-render-nb-" });
    try {
      const lib = (p: string) => pathToFileURL(join(PROJECT_ROOT, "lib", p)).href;
      const cells = [
        `import { createProgress, show, showFigureLibrary, showTable } from "${
          lib("display/mod.ts")
        }";\n` +
        `await showFigureLibrary();\n` +
        `import { barChart, confusionHeatmap, imageGrid } from "${lib("plot/mod.ts")}";\n` +
        `await show(barChart(["MLP", "CNN"], [0.97, 0.99], { title: "accuracy" }))`,
        `const px = new Uint8Array(6 * 28 * 28).map((_, i) => (i * 37) % 256);\n` +
        `await show(imageGrid(px, { cols: 3, titles: ["0", "1", "2", "3", "4", "5"] }));\n` +
        `await show(confusionHeatmap([[5, 1], [2, 7]], ["a", "b"]))`,
        `const progress = createProgress("demo");\n` +
        `for (let b = 1; b <= 5; b++) progress.update({ epoch: 1, epochs: 1, batch: b, ` +
        `batches: 5, loss: 1 / b, imagesPerSecond: 100, etaSeconds: 5 - b });\n` +
        `progress.finish("finished demo run");\nawait progress.flush?.();\n` +
        `await showTable([{ model: "CNN", accuracy: 0.99 }])`,
      ];
      const notebook = {
        cells: cells.map((source) => ({
          cell_type: "code",
          execution_count: null,
          metadata: {},
          outputs: [],
          source,
        })),
        metadata: {
          kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
          language_info: { name: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      };
      await Deno.writeTextFile(join(dir, "figures.ipynb"), JSON.stringify(notebook));
      const out = await new Deno.Command("jupyter", {
        args: [
          "nbconvert",
          "--to",
          "html",
          "--execute",
          "--ExecutePreprocessor.timeout=120",
          ...await templateScripts(dir),
          join(dir, "figures.ipynb"),
        ],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(out.stderr);
      assert(out.success, `nbconvert failed:\n${log.slice(-3000)}`);
      const htmlPath = join(dir, "figures.html");
      const html = await Deno.readTextFile(htmlPath);
      assertEquals(countOccurrences(html, '.register("cartesian"'), 1, "one copy of plotly.js");
      assert(html.includes("finished demo run"), "the progress display's final state");
      assert(html.includes("digits-table"), "the table");
      const report = await renderHtml(htmlPath, { timeoutMs: 60_000 });
      assertEquals(report.consoleErrors, []);
      assertEquals(report.figures, 3);
      assert(report.allRendered, `svg.main-svg per figure: ${report.svgPerFigure}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "renderHtml() reports figures that did not draw, errors and exceptions",
  ignore: noChromium,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "html-render-bad-" });
    try {
      const file = join(dir, "bad.html");
      // a figure whose library never loads, a console error, an uncaught exception
      const figure = figureBundle(barChart(["a"], [1]))["text/html"] as string;
      await Deno.writeTextFile(
        file,
        `<html><body>${figure}<script>console.error("boom");</script>` +
          `<script>throw new TypeError("bad thing");</script></body></html>`,
      );
      const report = await renderHtml(file, { timeoutMs: 4000 });
      assertEquals([report.figures, report.svgPerFigure, report.allRendered], [1, [0], false]);
      assert(report.consoleErrors.some((e) => e.includes("boom")), String(report.consoleErrors));
      assert(report.consoleErrors.some((e) => e.includes("bad thing")));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
