import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  cdcgan,
  CDCGAN_DISCRIMINATOR_PARAMS,
  CDCGAN_GENERATOR_PARAMS,
  CDCGAN_OPTIMIZER,
  cdcganDiscriminator,
  cdcganGenerator,
} from "./cdcgan.ts";
import { ImageThird } from "./layers.ts";
import { countTrainableParams } from "./params.ts";

await tf.setBackend("cpu");

const LABELS = () => tf.tensor2d([[1, 2, 3]], [1, 3], "int32");

Deno.test("cdcganGenerator() has A's 3,644,960 trainable parameters and draws 84×84 in [-1, 1]", () => {
  const g = cdcganGenerator({ seed: 1 });
  assertEquals(countTrainableParams(g), 3_644_960);
  assertEquals(CDCGAN_GENERATOR_PARAMS, 3_644_960);
  // BatchNorm running statistics are PyTorch buffers: 2 × (256 + 128 + 64) non-trainable.
  assertEquals(g.countParams(), 3_644_960 + 2 * (256 + 128 + 64));
  assertEquals(g.getLayer("g_concat").outputShape, [null, 6, 6, 384]);
  assertEquals(g.getLayer("g_convt_48").outputShape, [null, 48, 48, 64]);
  // PyTorch's ConvT(k4, s2, p7): the full 98×98 output, cropped by 7 on each side.
  assertEquals(g.getLayer("g_convt_98").outputShape, [null, 98, 98, 1]);
  assertEquals(g.outputs[0].shape, [null, 84, 84, 1]);
  const out = tf.tidy(() => {
    const y = g.predict([tf.randomNormal([1, 128], 0, 1, "float32", 3), LABELS()]) as tf.Tensor;
    return [y.shape, y.min().dataSync()[0], y.max().dataSync()[0]] as const;
  });
  assertEquals(out[0], [1, 84, 84, 1]);
  assert(out[1] >= -1 && out[2] <= 1 && out[2] > out[1], `range ${out[1]}..${out[2]}`);
  g.dispose();
});

Deno.test("cdcganDiscriminator() has A's 8,485,643 trainable parameters and two heads", () => {
  const d = cdcganDiscriminator({ seed: 2 });
  assertEquals(countTrainableParams(d), 8_485_643);
  assertEquals(CDCGAN_DISCRIMINATOR_PARAMS, 8_485_643);
  assertEquals(d.getLayer("d_features").outputShape, [null, 3, 64 * 21 * 7]);
  assertEquals(d.getLayer("d_head_in").outputShape, [null, 3 * 9408 + 64]);
  assertEquals(d.outputs.map((o) => o.shape), [[null, 1], [null, 3, 10]]);
  const [p, logits] = tf.tidy(() => {
    const [v, l] = d.predict([tf.ones([1, 84, 84, 1]), LABELS()]) as tf.Tensor[];
    return [v.dataSync()[0], l.shape];
  });
  assert((p as number) > 0 && (p as number) < 1);
  assertEquals(logits, [1, 3, 10]);
  d.dispose();
});

Deno.test("cdcganDiscriminator() survives a save/load round trip (custom layers registered)", async () => {
  const d = cdcganDiscriminator({ seed: 5 });
  let saved: tf.io.ModelArtifacts | undefined;
  await d.save(tf.io.withSaveHandler((artifacts) => {
    saved = artifacts;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const again = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const x = tf.randomUniform([2, 84, 84, 1], -1, 1, "float32", 9);
  const labels = tf.tensor2d([[0, 4, 2], [9, 0, 7]], [2, 3], "int32");
  const a = (d.predict([x, labels]) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
  const b = (again.predict([x, labels]) as tf.Tensor[]).map((t) => Array.from(t.dataSync()));
  assertEquals(b.length, 2);
  for (let k = 0; k < 2; k++) {
    for (let i = 0; i < a[k].length; i++) assert(Math.abs(a[k][i] - b[k][i]) < 1e-5);
  }
  tf.dispose([x, labels]);
  d.dispose();
  again.dispose();
});

Deno.test("cdcgan factories are seeded: same seed, same weights; another seed, others", () => {
  const first = (seed: number) => {
    const g = cdcganGenerator({ seed });
    const w = g.getLayer("g_convt_12").getWeights()[0].dataSync().slice(0, 8);
    g.dispose();
    return Array.from(w);
  };
  assertEquals(first(7), first(7));
  assert(first(7).some((v, i) => v !== first(8)[i]));
});

Deno.test("ImageThird cuts columns [28·i, 28·i + 28) and rejects other indices", () => {
  const x = tf.tidy(() => tf.range(0, 84).tile([84]).reshape([1, 84, 84, 1]));
  for (const index of [0, 1, 2]) {
    const third = new ImageThird({ index }).apply(x) as tf.Tensor;
    assertEquals(third.shape, [1, 84, 28, 1]);
    const row = Array.from(third.dataSync().slice(0, 28));
    assertEquals(row, Array.from({ length: 28 }, (_, c) => 28 * index + c));
    third.dispose();
  }
  x.dispose();
  assertThrows(
    () => new ImageThird({ index: 3 }),
    RangeError,
    "Cannot make layer 'ImageThird' with index 3 as it must be 0, 1 or 2",
  );
});

Deno.test("cdcgan() carries A's optimiser settings", () => {
  const gan = cdcgan({ seed: 1 });
  assertEquals(gan.optimizer, CDCGAN_OPTIMIZER);
  assertEquals(CDCGAN_OPTIMIZER.generatorLearningRate, 5e-5);
  assertEquals(CDCGAN_OPTIMIZER.discriminatorLearningRate, 1e-4);
  assertEquals(CDCGAN_OPTIMIZER.beta1, 0.5);
  assertEquals([gan.digits, gan.imageSize, gan.latentDim], [3, 84, 128]);
  gan.generator.dispose();
  gan.discriminator.dispose();
});
