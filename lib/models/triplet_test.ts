import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertThrows } from "@std/assert";
import {
  ABD01_TRIPLET_FEATURES,
  ABD01_TRIPLET_INPUT_SIZE,
  ABD01_TRIPLET_PARAMS,
  abd01TripletNet,
  COMPACT_FIXED_HEAD_TRAINABLE_PARAMS,
  COMPACT_TRIPLET_PARAMS,
  compactTripletNet,
  L2Normalize,
  TRIPLET_EMBEDDING_DIM,
} from "./triplet.ts";
import { countTrainableParams } from "./params.ts";

await tf.setBackend("cpu");

Deno.test("abd01TripletNet() is seed 003's layer list: 10,547,840 parameters, 4,096 features", () => {
  const net = abd01TripletNet({ seed: 1 });
  assertEquals(ABD01_TRIPLET_PARAMS, 10_547_840);
  assertEquals(ABD01_TRIPLET_FEATURES, 4_096);
  assertEquals(countTrainableParams(net), ABD01_TRIPLET_PARAMS);
  assertEquals(net.countParams(), ABD01_TRIPLET_PARAMS); // no batch norm: nothing untrainable
  const shape = (name: string) => net.getLayer(name).outputShape;
  // 224 → 109 → 107 → 53 → 51 → 49 → 24 → 11 → 9 → 4, no padding anywhere
  assertEquals(
    [
      "block1_conv1",
      "block1_conv2",
      "block1_pool",
      "block2_conv1",
      "block2_conv2",
      "block2_pool",
      "block3_conv1",
      "block3_conv2",
      "block3_pool",
    ].map((n) => (shape(n) as number[])[1]),
    [109, 107, 53, 51, 49, 24, 11, 9, 4],
  );
  assertEquals(shape("block3_pool"), [null, 4, 4, 256]);
  assertEquals(shape("flatten"), [null, ABD01_TRIPLET_FEATURES]);
  assertEquals(shape("embedding"), [null, TRIPLET_EMBEDDING_DIM]);
  const per = (name: string) => net.getLayer(name).countParams();
  const convs = [
    "block1_conv1",
    "block1_conv2",
    "block2_conv1",
    "block2_conv2",
    "block3_conv1",
    "block3_conv2",
  ];
  assertEquals(convs.map(per), [9_472, 36_928, 36_928, 73_856, 295_168, 590_080]);
  assertEquals(convs.map(per).reduce((a, b) => a + b), 1_042_432);
  assertEquals(["dense1", "dense2", "embedding"].map(per), [8_390_656, 1_049_088, 65_664]);
  // kernel sizes and strides as listed; no batch norm, ReLU only after each block's pair
  const config = (name: string) => net.getLayer(name).getConfig();
  assertEquals(convs.map((n) => (config(n).kernelSize as number[])[0]), [7, 3, 3, 3, 3, 3]);
  assertEquals(convs.map((n) => (config(n).strides as number[])[0]), [2, 1, 1, 1, 2, 1]);
  assertEquals(convs.every((n) => config(n).padding === "valid"), true);
  const types = net.layers.map((l) => l.getClassName());
  assertEquals(types.includes("BatchNormalization"), false);
  assertEquals(types.filter((t) => t === "MaxPooling2D").length, 3);
  assertEquals(types.filter((t) => t === "ReLU").length, 5);
  net.dispose();
});

Deno.test("abd01TripletNet() embeds a 224×224×3 image into 128 numbers", () => {
  const net = abd01TripletNet({ seed: 1 });
  const x = tf.randomNormal(
    [1, ABD01_TRIPLET_INPUT_SIZE, ABD01_TRIPLET_INPUT_SIZE, 3],
    0,
    1,
    "float32",
    2,
  );
  const y = net.predict(x) as tf.Tensor;
  assertEquals(y.shape, [1, 128]);
  assertEquals(Array.from(y.dataSync()).every(Number.isFinite), true);
  tf.dispose([x, y]);
  net.dispose();
});

Deno.test("compactTripletNet() maps 28×28×1 to 128 with 854,784 parameters, seeded", () => {
  const a = compactTripletNet({ seed: 3 });
  const b = compactTripletNet({ seed: 3 });
  const c = compactTripletNet({ seed: 4 });
  assertEquals(countTrainableParams(a), COMPACT_TRIPLET_PARAMS);
  assertEquals(a.countParams(), 854_784);
  const x = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 5);
  const [ya, yb, yc] = [a, b, c].map((m) => (m.predict(x) as tf.Tensor).dataSync());
  assertEquals(ya.length, 256);
  assertEquals(Array.from(ya), Array.from(yb));
  assertEquals(ya[0] === yc[0], false);
  const small = compactTripletNet({ filters: [2, 3], hidden: 5 });
  // 2·9+2, 3·(9·2)+3, 7·7·3·5+5, 5·128+128
  assertEquals(countTrainableParams(small), 20 + 57 + 740 + 768);
  assertThrows(() => compactTripletNet({ hidden: 0 }), RangeError, "hidden 0");
  tf.dispose(x);
  [a, b, c, small].forEach((m) => m.dispose());
});

Deno.test("compactTripletNet({ head: 'fixed' }) trains only its convolutions", () => {
  const net = compactTripletNet({ seed: 1, head: "fixed" });
  assertEquals(countTrainableParams(net), COMPACT_FIXED_HEAD_TRAINABLE_PARAMS);
  assertEquals(countTrainableParams(net), 320 + 18_496);
  assertEquals(net.countParams(), 18_816 + 3136 * 128);
  const head = net.getLayer("embedding");
  assertEquals(head.trainable, false);
  // the projection's entries have variance 1/3136
  const w = Array.from(head.getWeights()[0].dataSync());
  const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
  assertEquals(Math.abs(variance * 3136 - 1) < 0.05, true);
  assertThrows(
    () => compactTripletNet({ head: "frozen" as "fixed" }),
    RangeError,
    "head 'frozen'",
  );
  net.dispose();
});

Deno.test("L2Normalize divides each row by its length; a zero row stays zero", () => {
  const x = tf.tensor2d([[3, 4], [0, 0], [-1, 0], [1, 1]]);
  const y = new L2Normalize().apply(x) as tf.Tensor;
  const got = Array.from(y.dataSync());
  const want = [0.6, 0.8, 0, 0, -1, 0, Math.SQRT1_2, Math.SQRT1_2];
  got.forEach((v, i) => assertEquals(Math.abs(v - want[i]) < 1e-6, true, `entry ${i}: ${v}`));
  tf.dispose([x, y]);
});

Deno.test("compactTripletNet({ normalize: true }) is the same network followed by L2Normalize", () => {
  const plain = compactTripletNet({ seed: 2, head: "fixed" });
  const unit = compactTripletNet({ seed: 2, head: "fixed", normalize: true });
  assertEquals(countTrainableParams(unit), COMPACT_FIXED_HEAD_TRAINABLE_PARAMS);
  assertEquals(unit.getLayer("l2_normalize").outputShape, [null, TRIPLET_EMBEDDING_DIM]);
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 6);
  const p = (plain.predict(x) as tf.Tensor).arraySync() as number[][];
  const u = (unit.predict(x) as tf.Tensor).arraySync() as number[][];
  p.forEach((row, i) => {
    const length = Math.hypot(...row);
    row.forEach((v, j) => assertEquals(Math.abs(v / length - u[i][j]) < 1e-5, true));
    assertEquals(Math.abs(Math.hypot(...u[i]) - 1) < 1e-5, true);
  });
  tf.dispose(x);
  [plain, unit].forEach((m) => m.dispose());
});
