import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertRejects } from "@std/assert";
import { digitGan } from "../models/digit_gan.ts";
import { sampleTriples } from "./sample.ts";
import type { ConditionalGan } from "../models/gan_types.ts";

await tf.setBackend("cpu");

/** A stand-in GAN whose generator draws solid white (tanh(10) ≈ 1) whatever it is asked. */
function whiteGan(digits: number, imageSize: number): ConditionalGan {
  const noise = tf.input({ shape: [4] });
  const labels = tf.input({ shape: [digits], dtype: "int32" });
  const lab = tf.layers.flatten().apply(
    tf.layers.embedding({ inputDim: 10, outputDim: 1 }).apply(labels),
  ) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([noise, lab]) as tf.SymbolicTensor;
  const px = tf.layers.dense({
    units: imageSize * imageSize,
    kernelInitializer: "zeros",
    biasInitializer: tf.initializers.constant({ value: 10 }),
    activation: "tanh",
  }).apply(joined) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [imageSize, imageSize, 1] }).apply(
    px,
  ) as tf.SymbolicTensor;
  const generator = tf.model({ inputs: [noise, labels], outputs: out });
  return {
    name: "white",
    generator,
    discriminator: generator,
    latentDim: 4,
    digits,
    imageSize,
    optimizer: { generatorLearningRate: 0, discriminatorLearningRate: 0, beta1: 0.5, beta2: 0.999 },
  };
}

Deno.test("sampleTriples() places each 28×28 digit in its third at a height in [0, 56)", async () => {
  const gan = whiteGan(1, 28);
  const images = await sampleTriples(gan, [123, 456, 789, 0], { seed: 3, batchSize: 2 });
  assertEquals(images.length, 4 * 84 * 84);
  const heights = new Set<number>();
  for (let i = 0; i < 4; i++) {
    for (let l = 0; l < 3; l++) {
      // rows of this third that are white; every column of the third agrees
      const rows: number[] = [];
      for (let r = 0; r < 84; r++) {
        const v = images[i * 7056 + r * 84 + 28 * l];
        for (let c = 1; c < 28; c++) assertEquals(images[i * 7056 + r * 84 + 28 * l + c], v);
        assert(v === 0 || v === 255, `pixel ${v}`);
        if (v === 255) rows.push(r);
      }
      assertEquals(rows.length, 28);
      assertEquals(rows[27] - rows[0], 27); // one contiguous band
      assert(rows[0] >= 0 && rows[0] < 56);
      heights.add(rows[0]);
    }
  }
  assert(heights.size > 3, "heights vary");
  gan.generator.dispose();
});

Deno.test("sampleTriples() is fixed by its seed, image after image", async () => {
  const gan = digitGan({ seed: 2, width: 8 });
  const a = await sampleTriples(gan, [42, 907, 555], { seed: 11 });
  const b = await sampleTriples(gan, [42, 907, 555], { seed: 11 });
  const first = await sampleTriples(gan, [42], { seed: 11 });
  const other = await sampleTriples(gan, [42, 907, 555], { seed: 12 });
  assertEquals(a, b);
  assertEquals(first, a.subarray(0, 7056));
  assert(a.some((v, i) => v !== other[i]));
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("sampleTriples() draws whole 84×84 images with a 3-digit GAN", async () => {
  const gan = whiteGan(3, 84);
  const images = await sampleTriples(gan, [1, 2], { seed: 1 });
  assertEquals(images.length, 2 * 7056);
  assert(images.every((v) => v === 255));
  gan.generator.dispose();
});

Deno.test("sampleTriples() rejects GANs of other shapes and numbers out of range", async () => {
  const gan = whiteGan(2, 28);
  await assertRejects(
    () => sampleTriples(gan, [1], { seed: 1 }),
    TypeError,
    "Cannot draw Triple-MNIST images with GAN 'white' as it must draw 84×84 images of 3 digits or 28×28 images of 1",
  );
  const other = whiteGan(1, 28);
  await assertRejects(() => sampleTriples(other, [1000], { seed: 1 }), RangeError);
  other.generator.dispose();
  gan.generator.dispose();
});
