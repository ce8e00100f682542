import { assertEquals, assertThrows } from "@std/assert";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { encodeIdx } from "./idx.ts";
import { sha256Hex } from "./sources.ts";
import {
  FASHION_MNIST_CLASS_NAMES,
  imageSetFromIdx,
  loadImageSets,
  MNIST_CLASS_NAMES,
  subsetImageSet,
} from "./image_set.ts";

const images = { dims: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i) };
const labels = { dims: [3], data: new Uint8Array([2, 0, 1]) };

Deno.test("imageSetFromIdx() pairs images and labels without copying", () => {
  const set = imageSetFromIdx(images, labels, ["a", "b", "c"], "tiny");
  assertEquals([set.count, set.height, set.width], [3, 2, 2]);
  assertEquals(set.images, images.data);
});

Deno.test("imageSetFromIdx() rejects mismatched files", () => {
  assertThrows(
    () => imageSetFromIdx(images, { dims: [2], data: new Uint8Array(2) }, ["a"], "x train"),
    RangeError,
    "Cannot use 'x train' as its images and labels must have the same count: 3 images, 2 labels",
  );
  assertThrows(() => imageSetFromIdx(labels, labels, ["a"], "x"), RangeError, "3 dimensions");
  assertThrows(
    () => imageSetFromIdx(images, labels, ["a", "b"], "x"),
    RangeError,
    "labels must be below 2: label 0 is 2",
  );
});

Deno.test("subsetImageSet() copies the chosen examples in order", () => {
  const set = imageSetFromIdx(images, labels, ["a", "b", "c"], "tiny");
  const sub = subsetImageSet(set, [2, 0]);
  assertEquals(sub.count, 2);
  assertEquals(Array.from(sub.images), [8, 9, 10, 11, 0, 1, 2, 3]);
  assertEquals(Array.from(sub.labels), [1, 2]);
  assertThrows(() => subsetImageSet(set, [3]), RangeError, "0..2");
});

Deno.test("class names follow the data sets' label order", () => {
  assertEquals(MNIST_CLASS_NAMES.length, 10);
  assertEquals(FASHION_MNIST_CLASS_NAMES[0], "T-shirt/top");
  assertEquals(FASHION_MNIST_CLASS_NAMES[6], "Shirt");
  assertEquals(FASHION_MNIST_CLASS_NAMES[9], "Ankle boot");
});

Deno.test("loadImageSets() builds train and test sets from a mirror folder", async () => {
  const root = await Deno.makeTempDir();
  try {
    const dir = join(root, "mnist");
    await Deno.mkdir(dir);
    let sums = "";
    const put = async (name: string, dims: number[], data: Uint8Array) => {
      const bytes = new Uint8Array(gzipSync(encodeIdx(dims, data)));
      await Deno.writeFile(join(dir, name), bytes);
      sums += `${await sha256Hex(bytes)}  ${name}\n`;
    };
    await put("train-images-idx3-ubyte.gz", [4, 28, 28], new Uint8Array(4 * 784).fill(5));
    await put("train-labels-idx1-ubyte.gz", [4], new Uint8Array([9, 8, 7, 6]));
    await put("t10k-images-idx3-ubyte.gz", [2, 28, 28], new Uint8Array(2 * 784));
    await put("t10k-labels-idx1-ubyte.gz", [2], new Uint8Array([0, 1]));
    await Deno.writeTextFile(join(dir, "SHA256SUMS"), sums); // as the mirror lists its files
    const sets = await loadImageSets("mnist", {
      cacheDir: join(root, "cache"),
      mirrorRoot: root,
      fetch: null,
    });
    assertEquals(sets.kind, "mirror");
    assertEquals(sets.origin, `mirror ${dir}`);
    assertEquals([sets.train.count, sets.test.count, sets.train.width], [4, 2, 28]);
    assertEquals(Array.from(sets.train.labels), [9, 8, 7, 6]);
    assertEquals(sets.train.classNames, MNIST_CLASS_NAMES);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
