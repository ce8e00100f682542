import { assert, assertEquals, assertThrows } from "@std/assert";
import { channelMapGrid, imageGrid } from "./image_grid.ts";
import { animatedImageGrid } from "./animation.ts";
import { decodeGreyPng } from "./_png.ts";

/** The mosaic's grey levels as rows, from a trace's PNG source. */
function pixels(source: unknown): number[][] {
  const { width, height, grey } = decodeGreyPng(source as string);
  return Array.from({ length: height }, (_, y) => [...grey.subarray(y * width, (y + 1) * width)]);
}
type Annotation = { text: string; font: { color: string } };

function digits(count: number, side: number): Uint8Array {
  // image i has value i+1 everywhere, except pixel (0, 1) which is 255
  const px = new Uint8Array(count * side * side);
  for (let i = 0; i < count; i++) {
    px.fill(i + 1, i * side * side, (i + 1) * side * side);
    px[i * side * side + 1] = 255;
  }
  return px;
}

Deno.test("imageGrid() lays out 28×28 images in a mosaic with square pixels", () => {
  const fig = imageGrid(digits(6, 28), { cols: 3 });
  const t = fig.data[0];
  assertEquals([t.type, t.x0, t.y0, t.dx, t.dy], ["image", 0, 0, 1, 1]);
  assert((t.source as string).length < 3000, `a small PNG: ${(t.source as string).length}`);
  const z = pixels(t.source);
  // 2 rows × 3 cols, gaps between images, no caption space
  const gap = (z[0].length - 3 * 28) / 2;
  assertEquals(Number.isInteger(gap) && gap >= 1, true);
  assertEquals(z.length, 2 * 28 + gap);
  // image 0 at the top left, its marked pixel at (row 0, col 1); image 4 at row 1, col 1
  assertEquals([z[0][0], z[0][1]], [1, 255]);
  assertEquals(z[28 + gap][28 + gap], 5);
  assertEquals(z[0][28], 255); // the gap is white
  const y = fig.layout.yaxis as { scaleanchor: string; range: number[] };
  assertEquals(y.scaleanchor, "x");
  assertEquals(y.range[0] > y.range[1], true); // rows drawn top to bottom
});

Deno.test("imageGrid() handles 84×84 images, captions and wrong ones", () => {
  const fig = imageGrid(digits(4, 84), {
    height: 84,
    width: 84,
    rows: 2,
    cols: 2,
    titles: ["1", "2", "3", "4"],
    wrong: [false, true, false, false],
  });
  const z = pixels(fig.data[0].source);
  const ann = fig.layout.annotations as Annotation[];
  assertEquals(ann.map((a) => a.text), ["1", "2", "3", "4"]);
  assertEquals(ann[1].font.color, "#d62728");
  assertEquals(ann[0].font.color !== "#d62728", true);
  assertEquals((fig.layout.shapes as unknown[]).length, 1);
  // caption rows above the first image are white, the image follows
  const firstImageRow = z.findIndex((row) => row[0] !== 255);
  assertEquals(firstImageRow > 0, true);
  assertEquals(z[firstImageRow][0], 1);
  assertEquals(z[firstImageRow][1], 255);
  assertEquals(z[0].length >= 2 * 84, true);
});

Deno.test("imageGrid() scales floats to their range and limits to count", () => {
  const px = new Float32Array(3 * 4).fill(0.5);
  px[0] = -1;
  const fig = imageGrid(px, { height: 2, width: 2, count: 2 });
  // -1…1 mapped to 0…255: -1 black, 0.5 at three quarters
  const [row] = pixels(fig.data[0].source);
  assertEquals([row[0], row[1]], [0, 191]);
  assertEquals(row.length, 2 * 2 + 1, "2 images of 2 px and a 1 px gap");
  const inverted = pixels(imageGrid(px, { height: 2, width: 2, invert: true }).data[0].source);
  assertEquals([inverted[0][0], inverted[0][1]], [255, 64]);
});

Deno.test("imageGrid() rejects buffers that do not hold whole images", () => {
  assertThrows(() => imageGrid(new Uint8Array(100)), RangeError, "not a multiple of 784");
  assertThrows(() => imageGrid(new Uint8Array(784), { count: 2 }), RangeError, "holds 1");
  assertThrows(
    () => imageGrid(new Uint8Array(4 * 784), { rows: 1, cols: 2, count: 4 }),
    RangeError,
    "Cannot fit 4 images into 1×2",
  );
});

Deno.test("animatedImageGrid() makes one frame per step with a slider and play button", () => {
  const frames = [1, 2, 3].map((v) => ({
    images: new Float32Array(2 * 16).fill(v / 3),
    label: `epoch ${v}`,
  }));
  frames[2].images[0] = 2; // widens the shared range
  const fig = animatedImageGrid(frames, { height: 4, width: 4, frameMilliseconds: 300 });
  assertEquals(fig.frames!.map((f) => f.name), ["epoch 1", "epoch 2", "epoch 3"]);
  assertEquals(fig.frames![2].traces, [0]);
  // one range (0…2) for every frame: 2/3 → 85
  assertEquals(pixels(fig.frames![1].data[0].source)[0][0], 85);
  assertEquals(pixels(fig.data[0].source)[0][0], 43);
  const slider = (fig.layout.sliders as { steps: { args: unknown[] }[] }[])[0];
  assertEquals(slider.steps.map((s) => (s.args[0] as string[])[0]), frames.map((f) => f.label));
  const menu = (fig.layout.updatemenus as { buttons: { label: string; args: unknown[] }[] }[])[0];
  assertEquals(menu.buttons.length, 2);
  const play = menu.buttons[0].args[1] as { frame: { duration: number } };
  assertEquals(play.frame.duration, 300);
  assertThrows(() => animatedImageGrid([]), RangeError, "at least one frame");
  assertThrows(
    () =>
      animatedImageGrid([{ images: new Float32Array(16), label: "a" }, {
        images: new Float32Array(32),
        label: "b",
      }], { height: 4 }),
    RangeError,
    "Cannot animate frame 1 ('b')",
  );
});

Deno.test("channelMapGrid() lays one stack of maps per row, captions prefixed by the row label", () => {
  const stack = (v: number) => ({
    pixels: new Float32Array(2 * 3 * 4).fill(v),
    height: 3,
    width: 4,
    titles: ["ch 0", "ch 1"],
  });
  const fig = channelMapGrid([stack(0), stack(1)], { rowLabels: ["a", "b"], title: "t" });
  const captions = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
  assertEquals(captions.filter((c) => c.includes("ch")), [
    "a · ch 0",
    "a · ch 1",
    "b · ch 0",
    "b · ch 1",
  ]);
  const plain = channelMapGrid([stack(0)]);
  assertEquals(
    (plain.layout.annotations as { text: string }[]).map((a) => a.text).filter((c) =>
      c.includes("ch")
    ),
    ["ch 0", "ch 1"],
  );
  assertThrows(() => channelMapGrid([]), RangeError, "at least one");
  assertThrows(
    () => channelMapGrid([stack(0), { ...stack(1), height: 2, pixels: new Float32Array(16) }]),
    RangeError,
    "one size",
  );
});
