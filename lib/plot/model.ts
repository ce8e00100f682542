import type * as tf from "@tensorflow/tfjs";
import type { Figure, FigureOptions } from "./types.ts";

/** One row of a {@linkcode modelSummary}. */
export interface LayerRow {
  /** layer name, e.g. "conv2d_Conv2D1" */
  layer: string;
  /** layer class, e.g. "Conv2D" */
  type: string;
  /** output shape, e.g. "(None, 26, 26, 32)" */
  outputShape: string;
  /** number of weights (trainable or not) */
  params: number;
}

/** The summary of a model: one row per layer, and the totals. */
export interface ModelSummary {
  /** one row per layer, in order */
  rows: LayerRow[];
  /** all weights */
  totalParams: number;
  /** trainable weights */
  trainableParams: number;
}

type Layer = tf.layers.Layer;

/**
 * Formats a shape like Keras: `(None, 26, 26, 32)`; several outputs are joined by ", ".
 *
 * @param shape a shape (`null` for the batch dimension) or a list of shapes
 * @returns the text
 */
export function formatShape(shape: unknown): string {
  if (!Array.isArray(shape)) return String(shape);
  if (shape.length > 0 && Array.isArray(shape[0])) return shape.map(formatShape).join(", ");
  return `(${shape.map((d) => d === null || d === undefined ? "None" : String(d)).join(", ")})`;
}

function outputShapeOf(layer: Layer): string {
  try {
    return formatShape(layer.outputShape);
  } catch {
    return "multiple";
  }
}

function countWeights(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/**
 * A model's layers with their output shapes and parameter counts, like Keras' `model.summary()`
 * but as data (show it with `lib/display`'s `showTable(summary.rows)`).
 *
 * @param model a built model
 * @returns the rows and the total and trainable parameter counts
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { modelSummary } from "./model.ts";
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * modelSummary(model).totalParams; // 8
 * model.dispose();
 * ```
 */
export function modelSummary(model: tf.LayersModel): ModelSummary {
  const rows = model.layers.map((layer) => ({
    layer: layer.name,
    type: layer.getClassName(),
    outputShape: outputShapeOf(layer),
    params: layer.countParams(),
  }));
  return {
    rows,
    totalParams: countWeights(model.weights),
    trainableParams: countWeights(model.trainableWeights),
  };
}

/**
 * A short description of a layer for its box: type and main settings, e.g. "Conv2D 32 3×3 relu".
 *
 * @param layer a layer
 * @returns the text
 */
export function describeLayer(layer: Layer): string {
  const type = layer.getClassName();
  const c = layer.getConfig() as Record<string, unknown>;
  const size = (v: unknown) => Array.isArray(v) ? v.join("×") : v === undefined ? "" : `${v}×${v}`;
  const act = typeof c.activation === "string" && c.activation !== "linear"
    ? ` ${c.activation}`
    : "";
  switch (type) {
    case "Conv2D":
    case "Conv2DTranspose":
    case "SeparableConv2D":
      return `${type} ${c.filters} ${size(c.kernelSize)}${
        c.strides && size(c.strides) !== "1×1" ? ` /${size(c.strides)}` : ""
      }${act}`;
    case "Dense":
      return `Dense ${c.units}${act}`;
    case "Dropout":
      return `Dropout ${c.rate}`;
    case "MaxPooling2D":
    case "AveragePooling2D":
      return `${type} ${size(c.poolSize)}`;
    case "Activation":
      return `Activation ${c.activation}`;
    case "LeakyReLU":
      return `LeakyReLU α=${c.alpha}`;
    default:
      return type;
  }
}

const TYPE_COLORS: Record<string, string> = {
  InputLayer: "#e8e8e8",
  Conv2D: "#c6dbef",
  Conv2DTranspose: "#c6dbef",
  SeparableConv2D: "#c6dbef",
  DepthwiseConv2D: "#c6dbef",
  MaxPooling2D: "#c7e9c0",
  AveragePooling2D: "#c7e9c0",
  GlobalAveragePooling2D: "#c7e9c0",
  GlobalMaxPooling2D: "#c7e9c0",
  Dense: "#fdd0a2",
  Dropout: "#eeeeee",
  BatchNormalization: "#dadaeb",
  Flatten: "#f2f2f2",
  Reshape: "#f2f2f2",
};

/** Options of {@linkcode modelStructure}. */
export interface ModelStructureOptions extends FigureOptions {
  /** write the parameter count in each box (default true) */
  params?: boolean;
}

/**
 * A diagram of a model: one box per layer (type, settings, output shape, parameters), arrows
 * along the data flow, inputs at the top. Branching functional models get one row per depth.
 *
 * @param model a built model
 * @param options title, parameter counts
 * @returns the Plotly figure (boxes are layout shapes, texts are annotations)
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { modelStructure } from "./model.ts";
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * modelStructure(model).layout.shapes; // two boxes: the input and the dense layer
 * model.dispose();
 * ```
 */
export function modelStructure(model: tf.LayersModel, options: ModelStructureOptions = {}): Figure {
  // Nodes: the model's layers plus any input layer they read from that the list omits
  // (a Sequential model keeps its InputLayer out of `model.layers`).
  const nodes: Layer[] = [];
  const seen = new Set<Layer>();
  const edges: [Layer, Layer][] = [];
  const add = (l: Layer) => {
    if (!seen.has(l)) {
      seen.add(l);
      nodes.push(l);
    }
  };
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes) {
      for (const from of node.inboundLayers) {
        if (!seen.has(from)) add(from);
        edges.push([from, layer]);
      }
    }
    add(layer);
  }
  const depth = new Map<Layer, number>();
  for (const l of nodes) depth.set(l, 0);
  for (const l of nodes) {
    for (const [from, to] of edges) {
      if (to === l) depth.set(l, Math.max(depth.get(l)!, depth.get(from)! + 1));
    }
  }
  const byDepth = new Map<number, Layer[]>();
  for (const l of nodes) {
    const d = depth.get(l)!;
    if (!byDepth.has(d)) byDepth.set(d, []);
    byDepth.get(d)!.push(l);
  }
  const width = Math.max(...[...byDepth.values()].map((v) => v.length));
  const pos = new Map<Layer, [number, number]>();
  for (const [d, layers] of byDepth) {
    layers.forEach((l, i) => pos.set(l, [i - (layers.length - 1) / 2, d]));
  }
  const boxW = 0.8;
  const boxH = 0.62;
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const l of nodes) {
    const [x, y] = pos.get(l)!;
    const type = l.getClassName();
    shapes.push({
      type: "rect",
      xref: "x",
      yref: "y",
      x0: x - boxW / 2,
      x1: x + boxW / 2,
      y0: y - boxH / 2,
      y1: y + boxH / 2,
      line: { color: "#555555", width: 1 },
      fillcolor: TYPE_COLORS[type] ?? "#fff5d6",
      layer: "below",
    });
    const params = l.countParams();
    const shape = type === "InputLayer"
      ? formatShape((l as unknown as { batchInputShape: unknown }).batchInputShape)
      : outputShapeOf(l);
    const text = `<b>${type === "InputLayer" ? "Input" : describeLayer(l)}</b><br>` +
      `${shape}${
        (options.params ?? true) && params > 0 ? ` · ${params.toLocaleString("en-US")} params` : ""
      }`;
    annotations.push({
      x,
      y,
      xref: "x",
      yref: "y",
      text,
      showarrow: false,
      font: { size: 11 },
    });
  }
  for (const [from, to] of edges) {
    const [x0, y0] = pos.get(from)!;
    const [x1, y1] = pos.get(to)!;
    annotations.push({
      x: x1,
      y: y1 - boxH / 2,
      ax: x0,
      ay: y0 + boxH / 2,
      xref: "x",
      yref: "y",
      axref: "x",
      ayref: "y",
      showarrow: true,
      arrowhead: 2,
      arrowsize: 1,
      arrowwidth: 1.2,
      arrowcolor: "#555555",
      text: "",
    });
  }
  const levels = byDepth.size;
  const summary = modelSummary(model);
  const title = options.title ??
    `${model.name}: ${summary.totalParams.toLocaleString("en-US")} parameters`;
  return {
    data: [{
      type: "scatter",
      x: [],
      y: [],
      mode: "markers",
      hoverinfo: "skip",
      showlegend: false,
    }],
    layout: {
      title: { text: title, x: 0.5, xanchor: "center" },
      height: options.height ?? 60 + levels * 64,
      width: options.width ?? Math.max(420, width * 260),
      margin: { l: 10, r: 10, t: 50, b: 10 },
      paper_bgcolor: "white",
      plot_bgcolor: "white",
      shapes,
      annotations,
      xaxis: {
        visible: false,
        range: [-(width / 2), width / 2],
        fixedrange: true,
      },
      yaxis: {
        visible: false,
        range: [levels - 0.5, -0.5],
        fixedrange: true,
      },
      showlegend: false,
    },
    config: { displayModeBar: false },
  };
}
