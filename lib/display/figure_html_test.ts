import { assert, assertEquals } from "@std/assert";
import {
  FIGURE_RUNTIME,
  figureBundle,
  figureHtml,
  figureText,
  libraryHtml,
  PLOTLY_MIME,
  scriptJson,
} from "./figure_html.ts";
import {
  plotlyBuildFor,
  plotlyLibraryPath,
  plotlyLibraryPayload,
  plotlyLibrarySource,
  plotlyLibraryVersion,
} from "./plotly_library.ts";
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
  assert(html.includes('window.__digitsPlotly.draw("fig1", {'), "hands the spec to the runtime");
  assert(html.endsWith(', "cartesian");\n</script>'), "asks for the build it needs");
  assert(html.includes(FIGURE_RUNTIME), "carries the runtime");
  assert(!html.includes(".register("), "no library unless asked");
  assert(html.length < FIGURE_RUNTIME.length + 2000, `small: ${html.length} characters`);
  assertEquals(b["text/plain"], "<Plotly figure 'alert(1)': 1 trace, 1 frames>");
  assertEquals(figureText({ data: [], layout: {} }), "<Plotly figure: 0 traces>");
});

Deno.test("figureHtml() cannot be broken out of its script by the spec's text", () => {
  const html = figureHtml(figure, { id: "x" });
  // exactly one closing tag: the figure's own script end
  assertEquals(html.split("</script>").length - 1, 1);
  assert(!html.includes("<script>alert"));
  const json = scriptJson({ t: "</script><!-- \u2028" });
  assertEquals(json, '{"t":"\\u003c/script>\\u003c!-- \\u2028"}');
  assertEquals(JSON.parse(json), { t: "</script><!-- \u2028" });
});

Deno.test("the figure runtime is valid JavaScript that defines itself once per page", () => {
  // a syntax error here would leave every figure of every page blank
  new Function("window", FIGURE_RUNTIME);
  assert(FIGURE_RUNTIME.includes("if (old && old.version >= VERSION) return;"));
  assert(FIGURE_RUNTIME.includes('new w.DecompressionStream("gzip")'));
  assert(FIGURE_RUNTIME.includes("w.define = undefined;"), "hides require.js while loading");
  assert(FIGURE_RUNTIME.length < 6000);
});

Deno.test("libraryHtml() registers a packed build; figures may carry one themselves", () => {
  const html = libraryHtml("cartesian", "H4sIpayload");
  assertEquals(html.split("</script>").length - 1, 1);
  assert(html.includes('window.__digitsPlotly.register("cartesian", "H4sIpayload");'));
  assert(html.includes(FIGURE_RUNTIME));
  const carried = figureHtml(figure, { id: "y", includeLibrary: true, payload: "H4sIp" });
  assert(carried.indexOf('<div id="y"') < carried.indexOf('register("cartesian", "H4sIp")'));
  assert(carried.indexOf('register("cartesian"') < carried.indexOf('draw("y"'));
  const full = figureHtml(figure, { id: "z", includeLibrary: "full", payload: "H4sIf" });
  assert(full.includes('register("full", "H4sIf")'));
});

Deno.test("plotlyBuildFor() picks the cartesian build unless a trace needs the full one", () => {
  assertEquals(plotlyBuildFor(figure), "cartesian");
  assertEquals(
    plotlyBuildFor({ data: [{ y: [1] }, { type: "violin" }, { type: "image" }] }),
    "cartesian",
  );
  assertEquals(plotlyBuildFor({ data: [{ type: "scatter3d" }] }), "full");
  assertEquals(
    plotlyBuildFor({ data: [], frames: [{ name: "f", data: [{ type: "sankey" }] }] }),
    "full",
  );
});

Deno.test("the packed cartesian plotly.js unpacks to the library, at under 0.7 MB", async () => {
  assert(plotlyLibraryPath().endsWith("plotly-cartesian.min.js"));
  assert(plotlyLibraryPath("full").endsWith("plotly.js"));
  assertEquals(plotlyLibraryVersion(), "3.7.0");
  const payload = plotlyLibraryPayload();
  assert(/^[A-Za-z0-9+/]+=*$/.test(payload), "base64");
  assert(payload.length < 700_000, `packed size ${payload.length}`);
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  const text = await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  assertEquals(text, plotlyLibrarySource());
  assert(text.includes("window.Plotly = Plotly;"));
});
