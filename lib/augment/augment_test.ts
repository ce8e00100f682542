import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { Rng } from "../random/mod.ts";
import {
  affineMatrix,
  augmentedSource,
  augmentImages,
  type Corners,
  drawAugmentParams,
  forwardMatrix,
  homography,
  IDENTITY_PARAMS,
  inverseTransformCoefficients,
  resolveAugmentOptions,
  TASK4_AUGMENT,
  transformImages,
} from "./mod.ts";
import { apply3 } from "./_matrix.ts";

await tf.setBackend("cpu");

/** A batch of random 84×84 images with a few bright strokes. */
function images(n: number, h = 84, w = 84, c = 1): tf.Tensor4D {
  return tf.randomUniform([n, h, w, c], 0, 1, "float32", 3) as tf.Tensor4D;
}

const ZERO_STRENGTH = {
  degrees: 0,
  translate: 0,
  scale: [1, 1] as [number, number],
  shear: 0,
  distortion: 0,
  perspectiveProbability: 0,
};

Deno.test("augmentImages() is the identity at zero parameters", () => {
  const x = images(3);
  const y = augmentImages(x, new Rng(1), ZERO_STRENGTH);
  const diff = tf.tidy(() => x.sub(y).abs().max().arraySync() as number);
  assertEquals(diff, 0);
  const z = transformImages(x, [IDENTITY_PARAMS, IDENTITY_PARAMS, IDENTITY_PARAMS]);
  assertEquals(tf.tidy(() => x.sub(z).abs().max().arraySync() as number), 0);
  assertEquals(inverseTransformCoefficients(IDENTITY_PARAMS, [84, 84]), [1, 0, 0, 0, 1, 0, 0, 0]);
  tf.dispose([x, y, z]);
});

Deno.test("augmentImages() keeps the shape and disposes its intermediates", () => {
  for (const shape of [[2, 84, 84, 1], [4, 84, 28, 1], [1, 30, 20, 3]] as const) {
    const x = images(shape[0], shape[1], shape[2], shape[3]);
    const before = tf.memory().numTensors;
    const y = augmentImages(x, new Rng(2));
    assertEquals(y.shape, [...shape]);
    assertEquals(tf.memory().numTensors, before + 1);
    tf.dispose([x, y]);
  }
});

Deno.test("augmentImages() is deterministic for a seed and differs between seeds", () => {
  const x = images(4);
  const a = augmentImages(x, new Rng(5));
  const b = augmentImages(x, new Rng(5));
  const c = augmentImages(x, new Rng(6));
  assertEquals(tf.tidy(() => a.sub(b).abs().max().arraySync()), 0);
  assert(tf.tidy(() => a.sub(c).abs().max().arraySync() as number) > 0.1);
  // A draw really changes the image, and keeps values within the input's range.
  assert(tf.tidy(() => a.sub(x).abs().mean().arraySync() as number) > 0.01);
  assert((tf.tidy(() => a.max().arraySync()) as number) <= 1 + 1e-6);
  assert((tf.tidy(() => a.min().arraySync()) as number) >= 0);
  tf.dispose([x, a, b, c]);
});

Deno.test("drawAugmentParams() draws within A's ranges, perspective about half the time", () => {
  const rng = new Rng(9);
  let perspective = 0;
  const n = 2000;
  for (let i = 0; i < n; i++) {
    const p = drawAugmentParams(rng, [84, 84]);
    assert(Math.abs(p.angle) <= 10);
    assert(Number.isInteger(p.translateX) && Math.abs(p.translateX) <= 8.4);
    assert(Number.isInteger(p.translateY) && Math.abs(p.translateY) <= 8.4);
    assert(p.scale >= 0.9 && p.scale <= 1.1);
    assert(Math.abs(p.shearX) <= 5);
    assertEquals(p.shearY, 0);
    if (p.perspective) {
      perspective++;
      // distortion 0.2 of half of 84 = 8 pixels at most at each corner
      const [tl, tr, br, bl] = p.perspective.end;
      assert(tl[0] >= 0 && tl[0] <= 8 && tl[1] >= 0 && tl[1] <= 8, `top-left ${tl}`);
      assert(tr[0] >= 75 && tr[0] <= 83 && tr[1] <= 8, `top-right ${tr}`);
      assert(br[0] >= 75 && br[1] >= 75, `bottom-right ${br}`);
      assert(bl[0] <= 8 && bl[1] >= 75 && bl[1] <= 83, `bottom-left ${bl}`);
    }
  }
  assert(Math.abs(perspective / n - 0.5) < 0.05, `perspective in ${perspective} of ${n}`);
  assertEquals(resolveAugmentOptions(), { ...TASK4_AUGMENT });
});

Deno.test("affineMatrix() translates, rotates and scales about the centre", () => {
  const size: [number, number] = [9, 9]; // centre (4, 4)
  const t = affineMatrix({ ...IDENTITY_PARAMS, translateX: 2, translateY: -1 }, size);
  assertEquals(apply3(t, 1, 1), [3, 0]);
  const r = affineMatrix({ ...IDENTITY_PARAMS, angle: 90 }, size);
  const [x, y] = apply3(r, 8, 4); // a point right of the centre goes to directly above or below it
  assertAlmostEquals(x, 4, 1e-9);
  assertAlmostEquals(Math.abs(y - 4), 4, 1e-9);
  const s = affineMatrix({ ...IDENTITY_PARAMS, scale: 2 }, size);
  assertEquals(apply3(s, 5, 6), [6, 8]);
  assertEquals(apply3(s, 4, 4), [4, 4]);
});

Deno.test("homography() maps each corner onto its target", () => {
  const from: Corners = [[0, 0], [83, 0], [83, 83], [0, 83]];
  const to: Corners = [[3, 5], [80, 2], [82, 79], [1, 77]];
  const h = homography(from, to);
  for (let i = 0; i < 4; i++) {
    const [u, v] = apply3(h, from[i][0], from[i][1]);
    assertAlmostEquals(u, to[i][0], 1e-9);
    assertAlmostEquals(v, to[i][1], 1e-9);
  }
  assertThrows(
    () => homography(from, [[0, 0], [1, 1], [2, 2], [3, 3]]),
    RangeError,
    "degenerate",
  );
});

Deno.test("transformImages() moves a bright pixel where the forward matrix says", () => {
  const data = new Float32Array(20 * 20);
  data[5 * 20 + 6] = 1; // (x=6, y=5)
  const x = tf.tensor4d(data, [1, 20, 20, 1]);
  const params = { ...IDENTITY_PARAMS, translateX: 3, translateY: 4 };
  const y = transformImages(x, [params]);
  const out = y.dataSync();
  const [fx, fy] = apply3(forwardMatrix(params, [20, 20]), 6, 5);
  assertEquals([fx, fy], [9, 9]);
  assertEquals(out[fy * 20 + fx], 1);
  assertAlmostEquals(Array.from(out).reduce((a, b) => a + b, 0), 1, 1e-6);
  tf.dispose([x, y]);
});

Deno.test("augmentImages() rejects bad inputs with clear errors", () => {
  const x = tf.zeros([84, 84]);
  assertThrows(() => augmentImages(x, new Rng(1)), TypeError, "[batch, height, width, channels]");
  const y = tf.zeros([2, 8, 8, 1]);
  assertThrows(() => transformImages(y, [IDENTITY_PARAMS]), RangeError, "one per image");
  assertThrows(() => augmentImages(y, new Rng(1), { degrees: -1 }), RangeError, "degrees -1");
  assertThrows(
    () => augmentImages(y, new Rng(1), { scale: [1.2, 1.1] }),
    RangeError,
    "scale minimum 1.2",
  );
  tf.dispose([x, y]);
});

Deno.test("augmentedSource() augments each batch afresh, repeatably, and applies `after`", () => {
  const base = images(4, 84, 84, 1);
  const plain = {
    size: 4,
    batch: (ix: Int32Array) => ({
      xs: tf.gather(base, Array.from(ix)),
      ys: tf.tensor1d(Array.from(ix)),
    }),
  };
  const split = ({ xs, ys }: { xs: tf.Tensor; ys: tf.Tensor }) => ({
    xs: tf.concat(tf.split(xs, 3, 2), 0),
    ys: tf.concat([ys, ys, ys]),
  });
  const before = tf.memory().numTensors;
  const a = augmentedSource(plain, { seed: 3, after: split });
  const b = augmentedSource(plain, { seed: 3, after: split });
  const ix = new Int32Array([2, 0]);
  const a1 = a.batch(ix), a2 = a.batch(ix), b1 = b.batch(ix);
  assertEquals(a1.xs.shape, [6, 84, 28, 1]);
  assertEquals(a.size, 4);
  assertEquals(Array.from(a1.ys.dataSync()), [2, 0, 2, 0, 2, 0]);
  assertEquals(tf.tidy(() => a1.xs.sub(b1.xs).abs().max().arraySync()), 0);
  assertNotEquals(tf.tidy(() => a1.xs.sub(a2.xs).abs().max().arraySync()), 0);
  tf.dispose([a1.xs, a1.ys, a2.xs, a2.ys, b1.xs, b1.ys]);
  // without `after` the targets pass through untouched (and are not disposed on the way)
  const c1 = augmentedSource(plain, { seed: 3 }).batch(ix);
  assertEquals(c1.xs.shape, [2, 84, 84, 1]);
  assertEquals(Array.from(c1.ys.dataSync()), [2, 0]);
  tf.dispose([c1.xs, c1.ys]);
  assertEquals(tf.memory().numTensors, before);
  base.dispose();
});

Deno.test("augmentImages() gives the same batch on cpu (per-image workaround) and wasm", async () => {
  const x0 = images(3, 40, 30, 1);
  const data = x0.dataSync().slice();
  x0.dispose();
  const run = (): Float32Array => {
    const x = tf.tensor4d(data, [3, 40, 30, 1]);
    const y = augmentImages(x, new Rng(12));
    const out = y.dataSync() as Float32Array;
    tf.dispose([x, y]);
    return out;
  };
  const onCpu = run();
  assert(await tf.setBackend("wasm"), "wasm backend should initialise");
  try {
    const onWasm = run();
    let worst = 0;
    for (let i = 0; i < onCpu.length; i++) worst = Math.max(worst, Math.abs(onCpu[i] - onWasm[i]));
    assert(worst < 1e-4, `cpu and wasm differ by ${worst}`);
    // every image of the batch was warped (the cpu kernel alone leaves images 2 and 3 black)
    const per = 40 * 30;
    for (let b = 0; b < 3; b++) {
      assert(onCpu.slice(b * per, (b + 1) * per).some((v) => v > 0.5), `image ${b} is empty`);
    }
  } finally {
    await tf.setBackend("cpu");
  }
});
