/**
 * A tiny synthetic image set for the triplet tests: 28×28 images whose class decides which
 * quarter is bright, plus seeded noise.
 * @module
 */
import type { ImageSet } from "../data/mod.ts";
import { Rng } from "../random/mod.ts";

/** `perClass` noisy images of each of `classes` classes (class c lights quarter c mod 4). */
export function quarterImages(classes: number, perClass: number, seed = 1): ImageSet {
  const rng = new Rng(seed);
  const count = classes * perClass;
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % classes; // interleaved, like a real data set
    labels[i] = c;
    const q = c % 4;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const inQuarter = (y < 14) === (q < 2) && (x < 14) === (q % 2 === 0);
        const v = (inQuarter ? 200 : 20) + rng.int(40);
        images[i * 784 + y * 28 + x] = v;
      }
    }
  }
  return {
    images,
    labels,
    count,
    height: 28,
    width: 28,
    classNames: Array.from({ length: classes }, (_, c) => String(c)),
  };
}
