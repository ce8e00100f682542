import { mosaicLayout, mosaicPng, mosaicTrace, planMosaic } from "./_mosaic.ts";
import type { ImageGridOptions, ImagePixels } from "./image_grid.ts";
import type { Figure, Frame } from "./types.ts";

/** One step of an {@linkcode animatedImageGrid}. */
export interface ImageFrame {
  /** the images of this step, as for `imageGrid` (same size and count in every frame) */
  images: ImagePixels;
  /** the slider label, e.g. "epoch 3" */
  label: string;
}

/** Options of {@linkcode animatedImageGrid}. */
export interface AnimatedImageGridOptions extends ImageGridOptions {
  /** milliseconds each frame shows when playing (default 500) */
  frameMilliseconds?: number;
}

/**
 * An image grid that changes over steps (e.g. a GAN's samples after each epoch), with a
 * slider and play/pause buttons. Every frame is a whole grid with the same layout.
 *
 * @param frames the steps, in order
 * @param options image size, grid shape, captions, frame duration
 * @returns the Plotly figure with `frames`, a slider and play/pause buttons
 * @throws {RangeError} when there are no frames or frames differ in size
 * @example
 * ```ts
 * import { animatedImageGrid } from "./animation.ts";
 * const fig = animatedImageGrid([
 *   { images: new Float32Array(4 * 28 * 28), label: "epoch 1" },
 *   { images: new Float32Array(4 * 28 * 28).fill(1), label: "epoch 2" },
 * ], { cols: 4 });
 * fig.frames?.length; // 2
 * ```
 */
export function animatedImageGrid(
  frames: readonly ImageFrame[],
  options: AnimatedImageGridOptions = {},
): Figure {
  if (frames.length === 0) {
    throw new RangeError(
      "Cannot animate an image grid as at least one frame is needed: got none — pass frames",
    );
  }
  const first = frames[0].images;
  frames.forEach((f, i) => {
    if (f.images.length !== first.length) {
      throw new RangeError(
        `Cannot animate frame ${i} ('${f.label}') as every frame must hold ${first.length} ` +
          `pixel values: it has ${f.images.length} — pass grids of one size`,
      );
    }
  });
  // One value range for all frames, so brightness does not jump between steps.
  let range = options.range;
  if (!range) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const f of frames) {
      const m = planMosaic(f.images.length, options, false, f.images);
      lo = Math.min(lo, m.zmin);
      hi = Math.max(hi, m.zmax);
    }
    range = [lo, hi];
  }
  const gridOptions = { ...options, range };
  const m = planMosaic(first.length, gridOptions, Boolean(options.titles), first);
  const invert = options.invert ?? false;
  const duration = options.frameMilliseconds ?? 500;
  const plotFrames: Frame[] = frames.map((f) => ({
    name: f.label,
    data: [{ source: mosaicPng(f.images, m, invert) }],
    traces: [0],
  }));
  const layout = mosaicLayout(m, gridOptions);
  const height = layout.height as number;
  return {
    data: [mosaicTrace(mosaicPng(first, m, invert))],
    layout: {
      ...layout,
      height: height + 110,
      width: Math.max(layout.width as number, 420),
      margin: { ...(layout.margin as Record<string, number>), b: 120 },
      ...animationControls(frames.map((f) => f.label), duration),
    },
    frames: plotFrames,
    config: { displayModeBar: false },
  };
}

/**
 * The slider (one step per frame) and the play/pause buttons of an animated Plotly figure, to
 * spread into its `layout`. Frames must be named by their labels.
 *
 * @param labels the frames' names, in order (also the slider's labels)
 * @param frameMilliseconds how long each frame shows when playing
 * @returns `{ sliders, updatemenus }` for the figure's layout
 * @example
 * ```ts
 * import { animationControls } from "./animation.ts";
 * const layout = { height: 300, ...animationControls(["epoch 1", "epoch 2"], 500) };
 * (layout.sliders[0].steps as unknown[]).length; // 2
 * ```
 */
export function animationControls(
  labels: readonly string[],
  frameMilliseconds: number,
): { sliders: Record<string, unknown>[]; updatemenus: Record<string, unknown>[] } {
  const animateArgs = (d: number) => ({
    mode: "immediate",
    frame: { duration: d, redraw: true },
    transition: { duration: 0 },
  });
  return {
    sliders: [{
      active: 0,
      pad: { t: 30 },
      currentvalue: { prefix: "", visible: true, xanchor: "center" },
      steps: labels.map((label) => ({
        label,
        method: "animate",
        args: [[label], animateArgs(0)],
      })),
    }],
    updatemenus: [{
      type: "buttons",
      direction: "left",
      showactive: false,
      x: 0,
      xanchor: "left",
      y: 0,
      yanchor: "top",
      pad: { t: 70, r: 10 },
      buttons: [
        {
          label: "▶ play",
          method: "animate",
          args: [null, { ...animateArgs(frameMilliseconds), fromcurrent: true }],
        },
        { label: "❚❚ pause", method: "animate", args: [[null], animateArgs(0)] },
      ],
    }],
  };
}
