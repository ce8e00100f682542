import { assert, assertEquals } from "@std/assert";
import {
  figureBundle,
  figureHtml,
  figureText,
  libraryHtml,
  PLOTLY_MIME,
  scriptJson,
} from "./figure_html.ts";
import { plotlyLibraryPath, plotlyLibrarySource } from "./plotly_library.ts";
import { isKernel } from "./kernel.ts";
import { show } from "./show.ts";
import { showMarkdown } from "./markdown.ts";
import type { Figure } from "../plot/mod.ts";

const figure: Figure = {
  data: [{ type: "bar", x: ["a"], y: [1] }],
  layout: { title: { text: "</script><script>alert(1)</script>" }, height: 320 },
  frames: [{ name: "f1", data: [{ y: [2] }] }],
};

Deno.test("isKernel() is false and show() returns the spec outside Jupyter", async () => {
  assertEquals(isKernel(), false);
  assertEquals(await show(figure), figure);
  assertEquals(await showMarkdown("**x**"), "**x**");
});

Deno.test("figureBundle() holds Plotly JSON, an HTML twin and a text line", () => {
  const b = figureBundle(figure, { id: "fig1" });
  assertEquals(Object.keys(b), [PLOTLY_MIME, "text/html", "text/plain"]);
  assertEquals(b[PLOTLY_MIME], { data: figure.data, layout: figure.layout, frames: figure.frames });
  const html = b["text/html"] as string;
  assert(html.startsWith('<div id="fig1"'));
  assert(html.includes("height:320px"));
  assert(html.includes("window.Plotly.newPlot(el, spec)"));
  assert(!html.includes("plotly.js v3"), "no library unless asked");
  assertEquals(b["text/plain"], "<Plotly figure 'alert(1)': 1 trace, 1 frames>");
  assertEquals(figureText({ data: [], layout: {} }), "<Plotly figure: 0 traces>");
});

Deno.test("figureHtml() cannot be broken out of its script by the spec's text", () => {
  const html = figureHtml(figure, { id: "x" });
  // exactly one closing tag: the figure's own script end
  assertEquals(html.split("</script>").length - 1, 1);
  const json = scriptJson({ t: "</script><!-- \u2028" });
  assertEquals(json, '{"t":"\\u003c/script>\\u003c!-- \\u2028"}');
  assertEquals(JSON.parse(json), { t: "</script><!-- \u2028" });
});

Deno.test("libraryHtml() hides window.define while plotly.js loads, then restores it", () => {
  const html = libraryHtml("/* lib */");
  const scripts = html.match(/<script[^>]*>[\s\S]*?<\/script>/g)!;
  assertEquals(scripts.length, 3);
  assert(scripts[0].includes("window.define = undefined"));
  assert(scripts[1].includes("/* lib */"));
  assert(scripts[2].includes("window.define = window.__digitsSavedDefine"));
  const withLib = figureHtml(figure, { includeLibrary: true, library: "/* lib */", id: "y" });
  assert(withLib.indexOf("/* lib */") < withLib.indexOf('<div id="y"'));
});

Deno.test("plotlyLibrarySource() reads plotly.js-dist 3.7.0, safe inside <script>", () => {
  assert(plotlyLibraryPath().endsWith("plotly.js"));
  const src = plotlyLibrarySource();
  assert(src.includes("plotly.js v3.7.0"));
  assert(!/<\/script/i.test(src));
  assert(src.length > 1_000_000);
});
