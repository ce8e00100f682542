import { assertAlmostEquals, assertEquals } from "@std/assert";
import {
  digitCountsByPosition,
  imagesPerClass,
  nonZeroPixels,
  pixelHistogram,
  pixelSummary,
} from "./describe.ts";
import type { TripleMnistSplit } from "./split_set.ts";
import { testSplit } from "./_testing.ts";

function split(labels: number[], fill: (image: Uint8Array, i: number) => void): TripleMnistSplit {
  return testSplit(labels, fill, "test");
}

Deno.test("pixelSummary(), pixelHistogram() and nonZeroPixels() count ink", () => {
  const s = split([1, 2], (img, i) => {
    img.fill(100, 0, 10);
    img[20] = 255 - i;
  });
  const summary = pixelSummary(s);
  assertEquals([summary.min, summary.max], [0, 255]);
  assertAlmostEquals(summary.mean, (2 * 10 * 100 + 255 + 254) / (2 * 7056), 1e-9);
  assertAlmostEquals(summary.nonZeroFraction, 22 / (2 * 7056), 1e-12);
  const h = pixelHistogram(s, [1]);
  assertEquals([h[0], h[100], h[254], h[255]], [7056 - 11, 10, 1, 0]);
  assertEquals([...nonZeroPixels(s, [1])], [...new Array(10).fill(100), 254]);
});

Deno.test("imagesPerClass() and digitCountsByPosition() count labels", () => {
  const s = split([907, 907, 123], () => {});
  const perClass = imagesPerClass(s);
  assertEquals([perClass[907], perClass[123], perClass[0]], [2, 1, 0]);
  const d = digitCountsByPosition(s);
  assertEquals([d[0][9], d[0][1], d[1][0], d[1][2], d[2][7], d[2][3]], [2, 1, 2, 1, 2, 1]);
  assertEquals(d.map((row) => row.reduce((a, b) => a + b, 0)), [3, 3, 3]);
});
