import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertThrows } from "@std/assert";
import { countTrainableParams } from "../models/triple_mnist.ts";
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
