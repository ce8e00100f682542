import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { collectIndex, renderIndex, writeIndex } from "./index_page.ts";
import { writeRunRecord } from "./run_record.ts";
import { externalLoads } from "./export_html.ts";

const A = "01_mnist_mlp_vs_cnn";
const B = "02_mnist_from_scratch";
const C = "03_fashion_mnist_ann_vs_cnn";
const D = "04_triple_mnist_task1_exploration";

/** A notebooks folder with three notebooks and a results folder in which: 01 ran (standard),
 * 02 failed after an earlier successful run, 03 ran under quick; 04 never ran. */
async function fixture(dir: string) {
  const notebooks = join(dir, "notebooks");
  const results = join(dir, "results");
  await Deno.mkdir(notebooks);
  for (
    const [name, title] of [
      [A, "MNIST <MLP>"],
      [B, "From scratch"],
      [C, "Fashion"],
      [D, "GAN"],
    ]
  ) {
    await Deno.writeTextFile(
      join(notebooks, `${name}.ipynb`),
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: "markdown", source: `# ${title}`, metadata: {} }],
      }),
    );
  }
  const metrics = (name: string, extra: Record<string, unknown>) =>
    Deno.mkdir(join(results, name), { recursive: true }).then(() =>
      Deno.writeTextFile(
        join(results, name, "metrics.json"),
        JSON.stringify({
          notebook: name,
          profile: "standard",
          backend: "wasm",
          seed: 42,
          seeds: [42],
          wallSeconds: 100,
          finishedAt: "2026-11-20T10:00:00.000Z",
          summary: `${name} summary`,
          ...extra,
        }),
      )
    );
  await metrics(A, {
    models: [{ name: "digitalRecognitionMlp", testAccuracy: 0.977 }],
    seeds: [42, 43, 44],
  });
  await metrics(B, {});
  await metrics(C, { profile: "quick", models: [{ name: "CNN", testAccuracy: 0.5 }] });
  await Deno.mkdir(join(results, "html"), { recursive: true });
  await Deno.writeTextFile(join(results, "html", `${A}.html`), "<html></html>");
  const record = { profile: "standard", seeds: 1, finishedAt: "2026-11-21T10:05:00.000Z" };
  await writeRunRecord({
    ...record,
    notebook: A,
    ok: true,
    seconds: 61,
    startedAt: "2026-11-20T09:58:00.000Z",
    page: `${A}.html`,
  }, results);
  await writeRunRecord({
    ...record,
    notebook: B,
    ok: false,
    seconds: 5,
    startedAt: "2026-11-21T10:00:00.000Z",
    error: "cell 4: TypeError: boom",
  }, results);
  return { notebooksDir: notebooks, resultsDir: results };
}

Deno.test("collectIndex() rebuilds every row from disk and marks what is off", async () => {
  const dir = await Deno.makeTempDir({ prefix: "index-" });
  try {
    const data = await collectIndex(await fixture(dir));
    assertEquals(data.profile, "standard", "the profile most rows have");
    assertEquals(data.rows.map((r) => [r.name, r.status]), [
      [A, "ok"],
      [B, "failed"],
      [C, "ok"],
      [D, "not run"],
    ]);
    const [a, b, c, d] = data.rows;
    assertEquals([a.title, a.page, a.metricsHref, a.backend, a.seed, a.seedCount, a.seconds], [
      "MNIST <MLP>",
      `${A}.html`,
      `metrics/${A}.json`,
      "wasm",
      42,
      3,
      61,
    ]);
    assertEquals(a.notes, []);
    assertEquals(b.error, "cell 4: TypeError: boom");
    assertEquals(b.notes, ["its figures are from an earlier run (2026-11-20)"]);
    assertEquals(c.notes, [
      "profile quick, not standard like the report",
      "quick profile: tiny subsets, its figures are not results",
    ]);
    assertEquals([d.page, d.metricsHref, d.seconds], [undefined, undefined, undefined]);
    const c98 = data.scores.find((s) => s.figure.oursKey.includes("digitalRecognitionMlp"))!;
    assertEquals([c98.verdict, c98.ours], ["reproduced", 0.977]);
    const e = data.scores.find((s) => s.figure.oursKey === 'models[name="CNN"].testAccuracy')!;
    assertEquals([e.verdict, e.quick], ["not reproduced", true]);
    assertEquals(data.scores.filter((s) => s.verdict === "not run").length, data.scores.length - 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeIndex() writes a self-contained page with metrics beside it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "index-" });
  try {
    const options = await fixture(dir);
    const { path } = await writeIndex(options, new Date(0));
    const html = await Deno.readTextFile(path);
    assertStringIncludes(html, `<a href="${A}.html">MNIST &lt;MLP&gt;</a>`);
    assertStringIncludes(html, `<a href="metrics/${A}.json">metrics.json</a>`);
    assertStringIncludes(html, "42 (3 seeds)");
    assertStringIncludes(html, "1\u00a0min 1\u00a0s");
    assertStringIncludes(html, "failed: cell 4: TypeError: boom");
    assertStringIncludes(html, "⚠ quick profile: tiny subsets, its figures are not results");
    assertStringIncludes(html, "Some results come from the <b>quick</b> profile");
    assertStringIncludes(html, "1 failed</span>, 1 not run");
    assertStringIncludes(html, "backend wasm");
    assertStringIncludes(html, "Reproduction scoreboard");
    assertStringIncludes(html, "ours 97.7% against ≈98%");
    assert(!html.includes("<script"));
    assertEquals(externalLoads(html), []);
    const copied = JSON.parse(
      await Deno.readTextFile(join(options.resultsDir, "html", "metrics", `${A}.json`)),
    );
    assertEquals(copied.summary, `${A} summary`);
    // a later partial run keeps the other rows
    await writeRunRecord({
      notebook: B,
      ok: true,
      profile: "standard",
      seeds: 1,
      seconds: 7,
      startedAt: "2026-11-22T10:00:00.000Z",
      finishedAt: "2026-11-22T10:00:07.000Z",
    }, options.resultsDir);
    const again = await Deno.readTextFile((await writeIndex(options)).path);
    assertStringIncludes(again, `<a href="${A}.html">`);
    assert(!again.includes("failed: cell 4"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderIndex() renders an empty results folder", () => {
  const html = renderIndex({ rows: [], scores: [] }, { generatedAt: new Date(0) });
  assertStringIncludes(html, "Profile <b>–</b> · 0 notebooks");
});

Deno.test("collectIndex() and renderIndex() mark a run capped by NOTEBOOK_MAX_STEPS", async () => {
  const dir = await Deno.makeTempDir({ prefix: "index-capped-" });
  try {
    const paths = await fixture(dir);
    await Deno.writeTextFile(
      join(paths.resultsDir, A, "metrics.json"),
      JSON.stringify({
        notebook: A,
        profile: "full",
        maxSteps: 2,
        backend: "wasm",
        seed: 42,
        seeds: [42],
        summary: "capped",
        models: [{ name: "digitalRecognitionMlp", testAccuracy: 0.5 }],
      }),
    );
    // a failed capped run with no metrics.json: run.json carries the cap
    await Deno.remove(join(paths.resultsDir, B, "metrics.json"));
    await writeRunRecord({
      notebook: B,
      ok: false,
      profile: "full",
      seeds: 1,
      maxSteps: 1,
      seconds: 5,
      startedAt: "2026-11-21T10:00:00.000Z",
      finishedAt: "2026-11-21T10:00:05.000Z",
      error: "cell 4: TypeError: boom",
    }, paths.resultsDir);
    const data = await collectIndex(paths);
    const [a, b, c] = data.rows;
    assertEquals([a.maxSteps, b.maxSteps, c.maxSteps], [2, 1, undefined]);
    assertStringIncludes(a.notes.join(" | "), "every training capped at 2 steps");
    assertStringIncludes(b.notes.join(" | "), "every training capped at 1 step ");
    const mlp = data.scores.find((s) => s.figure.oursKey.includes("digitalRecognitionMlp"))!;
    assertEquals([mlp.verdict, mlp.maxSteps], ["not run", 2]);
    const html = renderIndex(data, { generatedAt: new Date(0) });
    assertStringIncludes(html, "capped: 2 steps");
    assertStringIncludes(html, "(capped run: not a result)");
    assertStringIncludes(html, "Some results come from runs with every training capped");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
