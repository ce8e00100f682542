import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals } from "@std/assert";
import {
  FASHION_ANN_PARAMS,
  FASHION_CLASSES,
  FASHION_CNN_PARAMS,
  fashionAnn,
  fashionCnn,
} from "./fashion.ts";

await tf.setBackend("cpu");

Deno.test("fashionAnn() and fashionCnn() have the documented parameter counts per layer", () => {
  const ann = fashionAnn({ seed: 1 });
  const cnn = fashionCnn({ seed: 1 });
  try {
    assertEquals(ann.countParams(), FASHION_ANN_PARAMS);
    assertEquals(ann.layers.map((l) => l.countParams()), [0, 200_960, 0, 32_896, 0, 1_290]);
    assertEquals(cnn.countParams(), FASHION_CNN_PARAMS);
    assertEquals(cnn.layers.map((l) => l.countParams()), [320, 0, 18_496, 0, 0, 31_370]);
    assertEquals(cnn.getLayer("pool2").outputShape, [null, 7, 7, 64]);
  } finally {
    ann.dispose();
    cnn.dispose();
  }
});

Deno.test("fashion models map [b, 28, 28, 1] images to class probabilities", () => {
  for (const factory of [fashionAnn, fashionCnn]) {
    const model = factory({ seed: 2 });
    const out = tf.tidy(() => model.predict(tf.ones([3, 28, 28, 1])) as tf.Tensor);
    assertEquals(out.shape, [3, FASHION_CLASSES]);
    const sums = tf.tidy(() => out.sum(1).dataSync());
    sums.forEach((s) => assert(Math.abs(s - 1) < 1e-5, `${model.name}: row sums to ${s}`));
    out.dispose();
    model.dispose();
  }
});

Deno.test("fashion models are seeded and learn a tiny set (finite, falling loss)", async () => {
  // 2 images, full-batch steps: the cpu backend's convolution gradients are very slow
  const xs = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 3);
  const ys = tf.oneHot(tf.tensor1d([0, 1], "int32"), 10);
  for (const factory of [fashionAnn, fashionCnn]) {
    const a = factory({ seed: 5 });
    const b = factory({ seed: 5 });
    const wa = a.getWeights()[0].dataSync();
    const wb = b.getWeights()[0].dataSync();
    assertEquals(
      Array.from(wa.slice(0, 20)),
      Array.from(wb.slice(0, 20)),
      "same seed, same weights",
    );
    const h = await a.fit(xs, ys, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false });
    const loss = h.history.loss as number[];
    assert(loss.every(Number.isFinite), `${a.name}: losses ${loss}`);
    assert(loss[1] < loss[0], `${a.name}: loss should fall, got ${loss}`);
    a.dispose();
    b.dispose();
  }
  tf.dispose([xs, ys]);
});
