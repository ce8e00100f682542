import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { externalLoads, makePageSelfContained, selfContainedHtml } from "./export_html.ts";

/** The head nbconvert 6.5's lab template writes on Debian, cut down. */
const HEAD = `<html><head><meta charset="utf-8">
<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>
<style type="text/css">pre { line-height: 125%; }</style>
<!-- Load mathjax -->
    <script src="file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>
    <!-- MathJax configuration -->
    <script type="text/x-mathjax-config">
    init_mathjax = function() { MathJax.Hub.Queue(["Typeset", MathJax.Hub]); }
    init_mathjax();
    </script>
    <!-- End of mathjax configuration --></head>`;

const MARKDOWN = `<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" ` +
  `data-mime-type="text/markdown">
<p>The triplet loss $\\max(0,\\ \\lVert a-p\\rVert^2 - \\lVert a-n\\rVert^2 + m)$ with $m = 1$
costs \\$5, and $a &lt; b$. Displayed: $$\\frac{1}{n}$$ and \\[x^2\\].</p>
<p>Code is left alone: <code>$x$</code></p><pre>$$y$$</pre>
<p>A broken formula $\\frac{$ stays as written.</p>
</div>`;

const CODE =
  `<div class="jp-InputArea"><pre><span>const s = \`$\{a\}\`; // $b$</span></pre></div>` +
  `<div class="jp-OutputArea-output"><p>price $5 and $6 outside Markdown</p></div>`;

Deno.test("selfContainedHtml() drops require.js and MathJax, and typesets Markdown math", () => {
  const { html, report } = selfContainedHtml(`${HEAD}<body>${MARKDOWN}${CODE}</body></html>`);
  assertEquals(report.removedScripts.toSorted(), [
    "file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "file:///usr/share/javascript/requirejs/require.min.js",
  ]);
  assert(report.removedMathJax);
  assert(!html.includes("mathjax") && !html.includes("MathJax"), html.slice(0, 400));
  assert(html.includes("<style"), "other head content stays");
  assertEquals(report.externalLoads, []);
  assertEquals(report.math, 5);
  assertEquals(report.mathErrors.length, 1);
  assert(report.mathErrors[0].startsWith("$\\frac{$: KaTeX parse error"));
  assertEquals((html.match(/<math\b/g) ?? []).length, 5);
  assertEquals((html.match(/<math[^>]*display="block"/g) ?? []).length, 2);
  assert(html.includes("<mo>&lt;</mo>"), "entities decoded before typesetting");
  assert(html.includes("costs \\$5"), "an escaped dollar is not math");
  assert(html.includes("<code>$x$</code>") && html.includes("<pre>$$y$$</pre>"));
  assert(html.includes("$\\frac{$ stays"), "a formula KaTeX cannot read is left as written");
  assert(html.includes(CODE), "code cells and non-Markdown outputs are untouched");
  assertEquals(report.bytes, new TextEncoder().encode(html).length);
  // idempotent
  assertEquals(selfContainedHtml(html).html, html);
});

Deno.test("externalLoads() lists what a page loads from outside, not the links it shows", () => {
  const page = `<link rel="stylesheet" href="https://cdn.example/x.css">` +
    `<img src="data:image/png;base64,AAAA"><img src='//cdn.example/y.png'>` +
    `<a href="https://example.org">read more</a><iframe src=file:///etc/z></iframe>` +
    `<div style="background: url('http://e.org/bg.png')"></div>` +
    `<style>@font-face { src: url(https://fonts.example/f.woff2) }</style>` +
    `<script>var s = "url(http://not.a/load)"; var t = '<img src="http://inside.js/">';</script>`;
  assertEquals(externalLoads(page), [
    "link href=https://cdn.example/x.css",
    "img src=//cdn.example/y.png",
    "iframe src=file:///etc/z",
    "css url(http://e.org/bg.png)",
    "css url(https://fonts.example/f.woff2)",
  ]);
});

Deno.test("makePageSelfContained() rewrites the file in place", async () => {
  const dir = await Deno.makeTempDir({ prefix: "export-html-" });
  try {
    const file = join(dir, "page.html");
    await Deno.writeTextFile(file, `${HEAD}<body>${MARKDOWN}</body></html>`);
    const report = await makePageSelfContained(file);
    assertEquals(report.externalLoads, []);
    const text = await Deno.readTextFile(file);
    assert(!text.includes("file://"));
    assertEquals(report.bytes, (await Deno.stat(file)).size);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
