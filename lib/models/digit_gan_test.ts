import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { countTrainableParams } from "./params.ts";
import { DIGIT_GAN_OPTIMIZER, digitGan } from "./digit_gan.ts";

await tf.setBackend("cpu");

Deno.test("digitGan() builds the light generator and discriminator with the documented sizes", () => {
  const gan = digitGan({ seed: 1 });
  // G: embedding 10·16 + dense 48·3136 + 3136 + ConvT 4·4·64·32 + 32 + ConvT 4·4·32·1 + 1
  assertEquals(countTrainableParams(gan.generator), 160 + 153_664 + 32_800 + 513);
  // D: conv 16·32 + 32, conv 16·32·64 + 64, digits 3136·10 + 10, embedding 160, validity 3152 + 1
  assertEquals(countTrainableParams(gan.discriminator), 544 + 32_832 + 31_370 + 160 + 3_153);
  assertEquals(gan.generator.outputs[0].shape, [null, 28, 28, 1]);
  assertEquals(gan.discriminator.outputs.map((o) => o.shape), [[null, 1], [null, 1, 10]]);
  assertEquals([gan.digits, gan.imageSize, gan.latentDim], [1, 28, 32]);
  assertEquals(gan.optimizer, DIGIT_GAN_OPTIMIZER);
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("digitGan() takes a width and a noise length, and rejects odd widths", () => {
  const gan = digitGan({ width: 16, latentDim: 8 });
  assertEquals(gan.generator.inputs[0].shape, [null, 8]);
  assertEquals(gan.generator.getLayer("g_convt_14").outputShape, [null, 14, 14, 8]);
  gan.generator.dispose();
  gan.discriminator.dispose();
  assertThrows(
    () => digitGan({ width: 7 }),
    RangeError,
    "Cannot build the digit GAN with width 7 as it must be an even positive integer",
  );
});

Deno.test("digitGan() options: batch norm in G only, a wider D, Glorot initial weights", () => {
  const plain = digitGan({ width: 8, seed: 3 });
  const tuned = digitGan({
    width: 8,
    discriminatorWidth: 16,
    batchNorm: true,
    initializer: "glorot",
    seed: 3,
  });
  const bnLayers = (m: { layers: { name: string }[] }) =>
    m.layers.filter((l) => l.name.includes("_bn_")).map((l) => l.name);
  assertEquals(bnLayers(plain.generator), []);
  assertEquals(bnLayers(tuned.generator), ["g_bn_7", "g_bn_14"]);
  assertEquals(bnLayers(tuned.discriminator), []);
  // G gains 2·(7·7·8) + 2·4 trainable batch-norm weights (gamma, beta)
  assertEquals(
    countTrainableParams(tuned.generator) - countTrainableParams(plain.generator),
    2 * 392 + 2 * 4,
  );
  // D at width 16: conv 16·1·8 + 8, conv 16·8·16 + 16, digits 784·10 + 10, embedding 160,
  // validity (784 + 16) + 1
  assertEquals(countTrainableParams(tuned.discriminator), 136 + 2_064 + 7_850 + 160 + 801);
  // DCGAN's N(0, 0.02) against Glorot-uniform: the dense kernel's spread differs by far
  const spread = (
    m: { getLayer(n: string): { getWeights(): { dataSync(): ArrayLike<number> }[] } },
  ) => {
    const w = Array.from(m.getLayer("g_dense").getWeights()[0].dataSync());
    return Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  };
  assertAlmostEquals(spread(plain.generator), 0.02, 0.002);
  // Glorot-uniform: std = sqrt(2 / (fanIn + fanOut)) = sqrt(2 / (48 + 392))
  assertAlmostEquals(spread(tuned.generator), Math.sqrt(2 / 440), 0.005);
  assertThrows(() => digitGan({ width: 8, discriminatorWidth: 5 }), RangeError, "width 5");
  for (const g of [plain, tuned]) {
    g.generator.dispose();
    g.discriminator.dispose();
  }
});
