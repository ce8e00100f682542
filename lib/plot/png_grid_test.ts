import { assert, assertEquals, assertThrows } from "@std/assert";
import { decodeGreyPng } from "./_png.ts";
import { pngDataUri, pngGridAnimation, tileImages } from "./png_grid.ts";

Deno.test("tileImages() lays images out row by row with grey gaps", () => {
  const images = Uint8Array.of(1, 2, 3, 4, 5, 6); // six 1×1 images
  const m = tileImages(images, { size: 1, rows: 2, cols: 3, gap: 1, gapValue: 9 });
  assertEquals([m.width, m.height], [5, 3]);
  assertEquals(Array.from(m.pixels), [1, 9, 2, 9, 3, 9, 9, 9, 9, 9, 4, 9, 5, 9, 6]);
  assertThrows(
    () => tileImages(images, { size: 2, rows: 2, cols: 3 }),
    RangeError,
    "Cannot tile 6 bytes as a 2×3 grid of 2×2 images as it needs 24",
  );
});

Deno.test("pngDataUri() embeds a PNG that decodes to the same pixels", () => {
  const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
  const uri = pngDataUri(pixels, 4, 3);
  assert(uri.startsWith("data:image/png;base64,"));
  const png = decodeGreyPng(uri);
  assertEquals([png.width, png.height], [4, 3]);
  assertEquals(png.grey, pixels);
  assertThrows(() => pngDataUri(pixels, 4, 4), RangeError, "needs 16");
});

Deno.test("pngGridAnimation() makes one image frame per step with a slider and labels", () => {
  const frame = (v: number) => new Uint8Array(4 * 9).fill(v);
  const fig = pngGridAnimation([
    { label: "epoch 0", images: frame(0) },
    { label: "epoch 1", images: frame(255) },
  ], { size: 3, rows: 2, cols: 2, rowLabels: ["a", "b"], colLabels: ["c", "d"], title: "t" });
  assertEquals(fig.data[0].type, "image");
  assertEquals(fig.frames?.map((f) => f.name), ["epoch 0", "epoch 1"]);
  assert(fig.frames![0].data[0].source !== fig.frames![1].data[0].source);
  assertEquals(fig.data[0].source, fig.frames![0].data[0].source);
  const sliders = fig.layout.sliders as { steps: { label: string }[] }[];
  assertEquals(sliders[0].steps.map((s) => s.label), ["epoch 0", "epoch 1"]);
  const yaxis = fig.layout.yaxis as { ticktext: string[]; tickvals: number[] };
  assertEquals(yaxis.ticktext, ["a", "b"]);
  assertEquals(yaxis.tickvals, [1, 6]); // centres of rows 0 and 1 (size 3, gap 2)
  assertThrows(
    () => pngGridAnimation([], { size: 3, rows: 2, cols: 2 }),
    RangeError,
    "without frames",
  );
});
