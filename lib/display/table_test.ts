import pl from "nodejs-polars";
import { assert, assertEquals } from "@std/assert";
import { formatCell, formatValue, guessColumnFormat, showTable, tableBundle } from "./table.ts";
import { layerTable } from "./layer_table.ts";
import * as tf from "@tensorflow/tfjs";

Deno.test("tableBundle() renders rows as HTML and aligned text", () => {
  const b = tableBundle([
    { model: "CNN", accuracy: 0.991234, params: 12345 },
    { model: "MLP <b>", accuracy: 0.97, note: "x" },
  ], { caption: "Results" });
  assertEquals(
    b["text/plain"],
    [
      "Results",
      "model    accuracy  params  note",
      "CNN         99.1%  12,345",
      "MLP <b>     97.0%          x",
    ].join("\n"),
  );
  const html = b["text/html"] as string;
  assert(html.startsWith('<p class="digits-table-caption"'), "the caption above the table");
  assert(html.includes("MLP &lt;b&gt;"), "cells are escaped");
  assert(
    html.includes('text-align:right;white-space:nowrap;padding:2px 10px">99.1%'),
    "numbers right-aligned, on one line",
  );
});

Deno.test("tableBundle() shows a nodejs-polars DataFrame and counts the rows left out", () => {
  const df = pl.DataFrame({ digit: [0, 1, 2, 3], recall: [0.99, 0.98, 0.97, 0.5] });
  const b = tableBundle(df, { maxRows: 2 });
  assertEquals(
    b["text/plain"],
    "digit  recall\n    0   99.0%\n    1   98.0%\n… 2 more rows (4 in all)",
  );
  assert((b["text/html"] as string).includes("2 more rows"));
});

Deno.test("formatCell() keeps integers, rounds floats, and showTable() returns text here", async () => {
  assertEquals(
    [formatCell(3), formatCell(0.123456), formatCell(1e-7), formatCell(null), formatCell([1, 2])],
    ["3", "0.1235", "1.000e-7", "", "[1, 2]"],
  );
  assertEquals(await showTable([{ a: 1 }]), "a\n1");
});

Deno.test("tableBundle() formats shares, rates, durations and counts for people", () => {
  const rows = [
    {
      model: "deepDigitsCnn",
      parameters: 1199882,
      epochs: 1,
      "test accuracy": 0.494,
      "training s": 725.4,
      "images/s": 574.7474,
      throughput: 2141.4,
      "share of the true digit": 0.8947,
      "accuracy over seeds": [0.35, 0.4, 0.43],
      seed: 12345,
      lr: 0.003,
      "train − test": 0.052,
    },
  ];
  const b = tableBundle(rows, { formats: { "train − test": "points" } });
  const [, line] = (b["text/plain"] as string).split("\n");
  const cells = line.split(/ {2,}/).map((c) => c.trim());
  assertEquals(cells, [
    "deepDigitsCnn",
    "1,199,882",
    "1",
    "49.4%",
    "12\u00a0min 5\u00a0s",
    "575",
    "2,141\u00a0images/s",
    "89.5%",
    "39.3\u00a0±\u00a04.0%",
    "12345",
    "0.003",
    "+5.2\u00a0points",
  ]);
  const html = b["text/html"] as string;
  assert(html.includes(">39.3\u00a0±\u00a04.0%</td>"), "a spread stays on one line");
  const plain = tableBundle(rows, { autoFormat: false })["text/plain"] as string;
  assert(plain.includes("0.8947") && plain.includes("574.7474"), "autoFormat: false is plain");
});

Deno.test("guessColumnFormat() checks the values, not only the name", () => {
  assertEquals(guessColumnFormat("accuracy", [0.9, 0.95]), "percent");
  assertEquals(guessColumnFormat("accuracy", [0.9, 95]), "number", "not all shares");
  assertEquals(guessColumnFormat("wrong share", [0, 1]), "plain", "0/1 flags stay as they are");
  assertEquals(guessColumnFormat("recall", [[0.9, 0.8]]), "spread");
  assertEquals(guessColumnFormat("speed", [12.5]), "rate");
  assertEquals(guessColumnFormat("seconds", [-1, 2.5]), "number", "no negative durations");
  assertEquals(guessColumnFormat("number", [123, 45678]), "plain", "a label, not a quantity");
  assertEquals(guessColumnFormat("number of images", [60000]), "count");
  assertEquals(guessColumnFormat("model", ["a", null]), "plain");
  assertEquals(guessColumnFormat("x", [null]), "plain");
  assertEquals(formatValue("n/a", "percent"), "n/a");
  assertEquals(formatValue(0.5, (v) => `<${v}>`), "<0.5>");
  assertEquals(formatValue(0.98234, "percent2"), "98.23%");
});

Deno.test("layerTable() gives one row per layer with the notebooks' column names", () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], name: "hidden" }),
      tf.layers.dense({ units: 2, name: "out" }),
    ],
  });
  const rows = layerTable(model);
  assertEquals(rows.map((r) => [r.layer, r.type, r.parameters]), [["hidden", "Dense", 16], [
    "out",
    "Dense",
    10,
  ]]);
  assertEquals(Object.keys(rows[0]), ["layer", "type", "output shape", "parameters"]);
  model.dispose();
});
