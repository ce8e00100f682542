/**
 * Fixtures for the Triple-MNIST tests: tiny fake MNIST digits whose pixels tell which digit and
 * which pool image they are, and small splits of drawn images.
 * @module
 */
import type { DigitImages } from "./generate.ts";
import type { TripleMnistSplitName } from "./class_split.ts";
import { TRIPLE_MNIST_PIXELS, type TripleMnistSplit } from "./split_set.ts";

/** Pool images per digit in {@linkcode fakeMnist}. */
export const FAKE_PER_DIGIT = 3;

/**
 * Fake 28×28 digits: `FAKE_PER_DIGIT` images of each digit 0–9; every pixel of image j of digit
 * d is `1 + 10·d + j + shift` (never 0, so a placed digit is visible as a solid block); a
 * `shift` of 100 makes a second set whose images differ from the first (e.g. a fake test set).
 */
export function fakeMnist(shift = 0): DigitImages {
  const count = 10 * FAKE_PER_DIGIT;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let d = 0; d < 10; d++) {
    for (let j = 0; j < FAKE_PER_DIGIT; j++) {
      const i = d * FAKE_PER_DIGIT + j;
      labels[i] = d;
      images.fill(1 + 10 * d + j + shift, i * 784, (i + 1) * 784);
    }
  }
  return { images, labels, count, height: 28, width: 28 };
}

/** A temporary folder removed when the returned function is called. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "triple_mnist_test_" });
  return { dir, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/**
 * A split of `labels.length` 84×84 images for tests: `fill(image, i)` draws image `i` (all zero
 * when not given); index within class 0 for every image.
 */
export function testSplit(
  labels: readonly number[],
  fill: (image: Uint8Array, i: number) => void = () => {},
  name: TripleMnistSplitName = "train",
): TripleMnistSplit {
  const images = new Uint8Array(labels.length * TRIPLE_MNIST_PIXELS);
  labels.forEach((_, i) =>
    fill(images.subarray(i * TRIPLE_MNIST_PIXELS, (i + 1) * TRIPLE_MNIST_PIXELS), i)
  );
  return {
    name,
    images,
    labels: Uint16Array.from(labels),
    indexInClass: new Uint32Array(labels.length),
    count: labels.length,
    height: 84,
    width: 84,
  };
}
