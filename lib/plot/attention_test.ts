import { assertEquals, assertThrows } from "@std/assert";
import { attentionFigure } from "./attention.ts";

Deno.test("attentionFigure() puts each image beside its overlay, one panel pair per image", () => {
  const side = 4;
  const images = Float32Array.from({ length: 2 * side * side }, (_, i) => (i % 7) / 7);
  const maps = Float32Array.from({ length: 2 * side * side }, (_, i) => (i % 5) / 5);
  const fig = attentionFigure(images, maps, { side, captions: ["a", "b"], opacity: 0.4 });
  // per image: the plain image, then the image again under its overlay
  assertEquals(fig.data.length, 6);
  assertEquals(fig.data[2].colorscale, "Hot");
  assertEquals(fig.data[2].opacity, 0.4);
  assertEquals((fig.data[0].z as number[][]).length, side);
  assertEquals((fig.data[5].z as number[][])[1][0], Math.round(maps[16 + 4] * 1000) / 1000);
  assertEquals(
    (fig.layout.annotations as { text: string }[]).map((a) => a.text),
    ["a", "attention", "b", "attention"],
  );
  assertEquals(
    attentionFigure(new Float32Array(84 * 84), new Float32Array(84 * 84)).data.length,
    3,
  );
  assertThrows(() => attentionFigure([1], [1, 2]), RangeError, "same whole number");
});
