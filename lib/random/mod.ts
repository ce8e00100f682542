/**
 * Seeded pseudo-random numbers for splits, sampling and data generation.
 *
 * The generator is `sfc32` seeded through `splitmix32`: fast, 128-bit state, and the same
 * sequence on every platform for the same seed.
 *
 * @example
 * ```ts
 * import { Rng } from "./mod.ts";
 * const rng = new Rng(42);
 * const order = rng.permutation(5); // the same 5 numbers for seed 42, every run
 * ```
 * @module
 */

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A seeded random number generator. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @param seed any integer (taken modulo 2^32)
   * @throws {RangeError} when `seed` is not a finite integer
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`Cannot seed a random generator with ${seed}: expected an integer`);
    }
    const sm = splitmix32(seed);
    this.#a = sm();
    this.#b = sm();
    this.#c = sm();
    this.#d = sm();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** A float uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A float uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * An integer uniform in [0, n).
   * @throws {RangeError} when `n` is not a positive integer
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Cannot draw an integer below ${n}: expected a positive integer`);
    }
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** One element of `items`, uniformly. */
  choice<T>(items: ArrayLike<T>): T {
    return items[this.int(items.length)];
  }

  /** `k` distinct indices from 0..n-1 in random order. */
  sample(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`Cannot sample ${k} distinct indices from ${n}`);
    return this.permutation(n).slice(0, k);
  }

  /** A new generator whose stream is independent of this one's continuation. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}
