/**
 * A's attention figure: images beside the same images with their attention maps laid over them
 * (the maps come from `lib/analysis`'s `attentionMaps`).
 * @module
 */
import type { Figure } from "./types.ts";

/** Side of a Triple-MNIST image, the default image size. */
const TRIPLE_IMAGE_SIDE = 84;

/** Options of {@linkcode attentionFigure}. */
export interface AttentionFigureOptions {
  /** figure title */
  title?: string;
  /** a caption per image */
  captions?: readonly string[];
  /**
   * opacity of the heat map over the image
   * @default 0.5
   */
  opacity?: number;
  /**
   * side of each square image in pixels
   * @default 84 (a Triple-MNIST image)
   */
  side?: number;
}

/**
 * Images with their attention maps overlaid ('hot' colours, half transparent), in a row: for
 * each image the plain image on the left and the overlay on the right.
 *
 * @param images `count × side × side` pixels in [0, 1]
 * @param maps `count × side × side` maps in [0, 1] (`lib/analysis`'s `attentionMaps`)
 * @param options title, captions, opacity, image side
 * @returns the Plotly figure
 * @throws {RangeError} when the two buffers do not hold the same whole number of images
 *
 * @example
 * ```ts
 * import { attentionFigure } from "./attention.ts";
 * const fig = attentionFigure(new Float32Array(84 * 84), new Float32Array(84 * 84));
 * fig.data.length; // 3: image, image under the overlay, overlay
 * ```
 */
export function attentionFigure(
  images: ArrayLike<number>,
  maps: ArrayLike<number>,
  options: AttentionFigureOptions = {},
): Figure {
  const side = options.side ?? TRIPLE_IMAGE_SIDE;
  const px = side * side;
  if (images.length % px !== 0 || images.length !== maps.length || images.length === 0) {
    throw new RangeError(
      `Cannot overlay attention maps as images and maps must hold the same whole number of ` +
        `${side}×${side} images: found ${images.length} and ${maps.length} values`,
    );
  }
  const count = images.length / px;
  const rows = (buf: ArrayLike<number>, k: number) =>
    Array.from(
      { length: side },
      (_, r) =>
        Array.from(
          { length: side },
          (_, col) => Math.round(buf[k * px + r * side + col] * 1000) / 1000,
        ),
    );
  const panels = count * 2;
  const gap = 0.02;
  const width = (1 - gap * (panels - 1)) / panels;
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "Attention maps (channel mean of the last conv block)" },
    height: 320,
    width: 190 * panels + 80,
    margin: { l: 20, r: 20, t: 60, b: 20 },
    annotations: [] as unknown[],
    showlegend: false,
  };
  for (let k = 0; k < count; k++) {
    for (const overlay of [false, true]) {
      const panel = 2 * k + (overlay ? 1 : 0);
      const ax = panel === 0 ? "" : String(panel + 1);
      const grey = {
        type: "heatmap",
        z: rows(images, k),
        colorscale: [[0, "#000000"], [1, "#ffffff"]],
        zmin: 0,
        zmax: 1,
        showscale: false,
        xaxis: `x${ax}`,
        yaxis: `y${ax}`,
        hoverinfo: "skip",
      };
      data.push(grey);
      if (overlay) {
        data.push({
          type: "heatmap",
          z: rows(maps, k),
          colorscale: "Hot",
          zmin: 0,
          zmax: 1,
          opacity: options.opacity ?? 0.5,
          showscale: false,
          xaxis: `x${ax}`,
          yaxis: `y${ax}`,
        });
      }
      const x0 = panel * (width + gap);
      layout[`xaxis${ax}`] = {
        domain: [x0, x0 + width],
        visible: false,
        constrain: "domain",
        anchor: `y${ax}`,
      };
      layout[`yaxis${ax}`] = {
        autorange: "reversed",
        visible: false,
        scaleanchor: `x${ax}`,
        anchor: `x${ax}`,
      };
      (layout.annotations as unknown[]).push({
        text: overlay ? "attention" : (options.captions?.[k] ?? `image ${k + 1}`),
        x: x0 + width / 2,
        y: 1.02,
        xref: "paper",
        yref: "paper",
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
      });
    }
  }
  return { data, layout, config: { displayModeBar: false } };
}
