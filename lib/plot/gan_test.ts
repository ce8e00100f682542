import { assertEquals } from "@std/assert";
import { ganLossFigure, type GanLossLog, ganRatioFigure, readerWatchFigure } from "./gan.ts";

const log = (epoch: number, g: number, d: number): GanLossLog => ({
  epoch,
  generatorLoss: g,
  discriminatorLoss: d,
  ratio: g / d,
});

Deno.test("ganLossFigure() and ganRatioFigure() plot one point per epoch", () => {
  const history = [log(1, 2, 1), log(2, 1.5, 1.5)];
  const loss = ganLossFigure(history);
  assertEquals(loss.data.map((t) => t.name), ["generator", "discriminator"]);
  assertEquals(Array.from(loss.data[0].y as number[]), [2, 1.5]);
  const ratio = ganRatioFigure(history);
  assertEquals(Array.from(ratio.data[0].y as number[]), [2, 1]);
  assertEquals((ratio.layout.shapes as { y0: number }[])[0].y0, 1);
});

Deno.test("readerWatchFigure() plots percentages, the averaged line only when there is one", () => {
  const plain = readerWatchFigure([{ epoch: 1, generator: 0.25 }, { epoch: 2, generator: 0.5 }]);
  assertEquals(plain.data.length, 1);
  assertEquals(Array.from(plain.data[0].y as number[]), [25, 50]);
  assertEquals(plain.layout.shapes, undefined);
  const both = readerWatchFigure([{ epoch: 1, generator: 0.25, averaged: 0.125 }], {
    target: 80,
    kept: 1,
  });
  assertEquals(both.data.map((t) => t.name), ["trained generator", "averaged generator"]);
  assertEquals(Array.from(both.data[1].y as number[]), [12.5]);
  const [target, kept] = both.layout.shapes as { x0: number; y0: number }[];
  assertEquals([target.y0, kept.x0], [80, 1]);
  assertEquals((both.layout.annotations as { text: string }[])[0].text, "kept: epoch 1");
});
