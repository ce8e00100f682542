import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals } from "@std/assert";
import { digitGan } from "../models/digit_gan.ts";
import { readGenerated } from "./score.ts";
import { alwaysReads } from "./_testing.ts";
import { sampleTriples } from "./sample.ts";

await tf.setBackend("cpu");

Deno.test("readGenerated() draws the requested numbers and scores the reader per position", async () => {
  const gan = digitGan({ seed: 1, width: 8 });
  const reader = alwaysReads(7);
  // 777 is read right; of 170 only the middle digit
  const { split, scores } = await readGenerated(reader, gan, [170, 777], {
    seed: 3,
    perNumber: 2,
  });
  assertEquals(Array.from(split.labels), [170, 170, 777, 777]);
  assertEquals(split.name, "test");
  assertEquals(split.images, await sampleTriples(gan, [170, 170, 777, 777], { seed: 3 }));
  assertEquals(scores.images, 4);
  assertAlmostEquals(scores.exactMatch, 0.5, 1e-9);
  assertEquals(scores.perPosition.map((p) => Math.round(100 * p)), [50, 100, 50]);
  gan.generator.dispose();
  gan.discriminator.dispose();
  reader.dispose();
});
