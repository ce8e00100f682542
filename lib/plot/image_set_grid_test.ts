import { assertEquals, assertThrows } from "@std/assert";
import { imageSetGrid } from "./image_set_grid.ts";
import { imageGrid } from "./image_grid.ts";

const set = {
  images: Uint8Array.from({ length: 3 * 6 }, (_, i) => i * 10),
  labels: [2, 0, 1],
  height: 2,
  width: 3,
  classNames: ["zero", "one", "two"],
};

Deno.test("imageSetGrid() draws the picked images of a set with their class names", () => {
  const fig = imageSetGrid(set, [2, 0], { cols: 2, title: "two images" });
  const byHand = imageGrid(Uint8Array.of(...set.images.slice(12, 18), ...set.images.slice(0, 6)), {
    height: 2,
    width: 3,
    cols: 2,
    title: "two images",
    titles: ["one", "two"],
  });
  assertEquals(fig, byHand);
});

Deno.test("imageSetGrid() takes captions and wrong marks by grid position", () => {
  const fig = imageSetGrid(set, [1], { caption: (i, k) => `#${i} at ${k}`, wrong: [true] });
  const texts = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
  assertEquals(texts.some((t) => t.includes("#1 at 0")), true);
  assertEquals((fig.layout.shapes as unknown[]).length, 1);
});

Deno.test("imageSetGrid() names an index outside the set", () => {
  assertThrows(() => imageSetGrid(set, [3]), RangeError, "images 0 to 2");
});
