import { assertEquals, assertThrows } from "@std/assert";
import {
  cellsWithOutputs,
  findCellErrors,
  type NotebookJson,
  notebookTitle,
  parseNotebook,
} from "./mod.ts";

const nb: NotebookJson = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", source: ["# MNIST: MLP vs CNN\n", "Why…"] },
    { cell_type: "code", source: "1 + 1", outputs: [], execution_count: null },
    {
      cell_type: "code",
      source: ["await train()\n", "more"],
      execution_count: 3,
      outputs: [
        { output_type: "stream", name: "stdout", text: "ok" },
        { output_type: "error", ename: "TypeError", evalue: "x is undefined" },
      ],
    },
  ],
};

Deno.test("findCellErrors() names the cell, error and first source line", () => {
  assertEquals(findCellErrors(nb), [
    { cell: 3, ename: "TypeError", evalue: "x is undefined", firstLine: "await train()" },
  ]);
});

Deno.test("cellsWithOutputs() finds outputs and execution counts", () => {
  assertEquals(cellsWithOutputs(nb), [3]);
});

Deno.test("notebookTitle() reads the first heading", () => {
  assertEquals(notebookTitle(nb, "x"), "MNIST: MLP vs CNN");
  assertEquals(notebookTitle({ ...nb, cells: [] }, "fallback"), "fallback");
});

Deno.test("parseNotebook() rejects non-JSON and other formats", () => {
  assertThrows(() => parseNotebook("{", "a.ipynb"), SyntaxError, "Cannot read notebook 'a.ipynb'");
  assertThrows(
    () => parseNotebook('{"nbformat": 3, "cells": []}', "b.ipynb"),
    SyntaxError,
    "found nbformat 3",
  );
});
