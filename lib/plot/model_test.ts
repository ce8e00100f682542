import * as tf from "@tensorflow/tfjs";
import { assertEquals } from "@std/assert";
import { describeLayer, formatShape, modelStructure, modelSummary } from "./model.ts";
import { layerTable } from "./tables.ts";

function cnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}

Deno.test("modelSummary() lists layers with Keras-style shapes and parameter counts", () => {
  const model = cnn();
  try {
    const s = modelSummary(model);
    assertEquals(s.rows.map((r) => [r.type, r.outputShape, r.params]), [
      ["Conv2D", "(None, 26, 26, 8)", 80],
      ["MaxPooling2D", "(None, 13, 13, 8)", 0],
      ["Flatten", "(None, 1352)", 0],
      ["Dropout", "(None, 1352)", 0],
      ["Dense", "(None, 10)", 13530],
    ]);
    assertEquals([s.totalParams, s.trainableParams], [13610, 13610]);
    assertEquals(formatShape([[null, 2], [null, 3]]), "(None, 2), (None, 3)");
  } finally {
    model.dispose();
  }
});

Deno.test("modelStructure() draws one box per layer plus the input, joined by arrows", () => {
  const model = cnn();
  try {
    const fig = modelStructure(model);
    const shapes = fig.layout.shapes as unknown[];
    const annotations = fig.layout.annotations as { text: string; showarrow: boolean }[];
    assertEquals(shapes.length, 6);
    assertEquals(annotations.filter((a) => a.showarrow).length, 5);
    const texts = annotations.filter((a) => !a.showarrow).map((a) => a.text);
    assertEquals(texts[0].startsWith("<b>Input</b><br>(None, 28, 28, 1)"), true);
    assertEquals(texts[1], "<b>Conv2D 8 3×3 relu</b><br>(None, 26, 26, 8) · 80 params");
    assertEquals(describeLayer(model.layers[3]), "Dropout 0.25");
    assertEquals((fig.layout.title as { text: string }).text.endsWith("13,610 parameters"), true);
  } finally {
    model.dispose();
  }
});

Deno.test("modelStructure() puts parallel branches of a functional model side by side", () => {
  const input = tf.input({ shape: [4] });
  const a = tf.layers.dense({ units: 2, name: "a" }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.dense({ units: 2, name: "b" }).apply(input) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: merged });
  try {
    const fig = modelStructure(model);
    const boxes = fig.layout.annotations as { x: number; y: number; showarrow: boolean }[];
    const pos = boxes.filter((t) => !t.showarrow).map((t) => [t.x, t.y]);
    assertEquals(pos, [[0, 0], [-0.5, 1], [0.5, 1], [0, 2]]);
  } finally {
    model.dispose();
  }
});

Deno.test("layerTable() gives reader-facing columns and the trainable count without BatchNorm's statistics", () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3] }),
      tf.layers.batchNormalization(),
    ],
  });
  try {
    const t = layerTable(model);
    assertEquals(Object.keys(t.rows[0]), ["layer", "type", "output shape", "parameters"]);
    assertEquals(t.rows.map((r) => [r.type, r["output shape"], r.parameters]), [
      ["Dense", "(None, 4)", 16],
      ["BatchNormalization", "(None, 4)", 16],
    ]);
    // gamma and beta are trained; the moving mean and variance are not
    assertEquals([t.totalParams, t.trainableParams], [32, 24]);
  } finally {
    model.dispose();
  }
});
