import pl from "nodejs-polars";
import { assert, assertEquals } from "@std/assert";
import { formatCell, showTable, tableBundle } from "./table.ts";

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
      "CNN        0.9912   12345",
      "MLP <b>      0.97          x",
    ].join("\n"),
  );
  const html = b["text/html"] as string;
  assert(html.includes("<caption"));
  assert(html.includes("MLP &lt;b&gt;"), "cells are escaped");
  assert(html.includes('text-align:right;padding:2px 10px">0.9912'), "numbers right-aligned");
});

Deno.test("tableBundle() shows a nodejs-polars DataFrame and counts the rows left out", () => {
  const df = pl.DataFrame({ digit: [0, 1, 2, 3], recall: [0.99, 0.98, 0.97, 0.5] });
  const b = tableBundle(df, { maxRows: 2 });
  assertEquals(
    b["text/plain"],
    "digit  recall\n    0    0.99\n    1    0.98\n… 2 more rows (4 in all)",
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
