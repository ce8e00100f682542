import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { clearNotebook, clearNotebookFile, notebookText } from "./clear_outputs.ts";
import type { NotebookJson } from "./notebook_file.ts";

const executed: NotebookJson = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
    language_info: { name: "typescript", version: "5.9", mimetype: "text/x.typescript" },
    widgets: { state: {} },
  },
  cells: [
    { cell_type: "markdown", source: ["# Title"], metadata: {} },
    {
      cell_type: "code",
      source: ["await show(fig)"],
      execution_count: 7,
      metadata: { trusted: true, execution: { "iopub.status.idle": "x" }, tags: ["keep"] },
      outputs: [{ output_type: "display_data", data: { "text/html": "<div></div>" } }],
    },
    { id: "abc", cell_type: "code", source: "1", execution_count: 8, metadata: {}, outputs: [] },
  ],
};

Deno.test("clearNotebook() empties outputs and run state, keeps content, gives cells ids", () => {
  const nb = clearNotebook(executed);
  assertEquals(nb.cells[1].outputs, []);
  assertEquals(nb.cells[1].execution_count, null);
  assertEquals(nb.cells[1].metadata, { tags: ["keep"] });
  assertEquals(nb.cells[1].source, ["await show(fig)"]);
  assertEquals(nb.metadata, {
    kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
    language_info: { name: "typescript" },
  });
  const ids = nb.cells.map((c) => c.id);
  assertEquals(ids[2], "abc", "existing ids are kept");
  assert(ids.every((id) => /^[0-9a-f]{3,8}$/.test(id!)), String(ids));
  assertEquals(new Set(ids).size, 3);
  assertEquals(clearNotebook(executed), nb, "ids are stable");
  assertEquals(executed.cells[1].outputs!.length, 1, "the input is not modified");
  const old = clearNotebook({ ...executed, nbformat_minor: 4 });
  assertEquals(old.cells[0].id, undefined, "no ids before nbformat 4.5");
});

Deno.test("notebookText() writes as nbformat does; clearNotebookFile() rewrites only when needed", async () => {
  const text = notebookText(clearNotebook(executed));
  assert(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": "'));
  assert(text.endsWith('\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'));
  const dir = await Deno.makeTempDir({ prefix: "clear-outputs-" });
  try {
    const file = join(dir, "a.ipynb");
    await Deno.writeTextFile(file, JSON.stringify(executed));
    assertEquals((await clearNotebookFile(file, { check: true })).changed, true);
    assertEquals(await Deno.readTextFile(file), JSON.stringify(executed), "--check writes nothing");
    assertEquals((await clearNotebookFile(file)).changed, true);
    assertEquals(await Deno.readTextFile(file), text);
    assertEquals((await clearNotebookFile(file)).changed, false);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["a.ipynb"], "no temp files left");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
