/**
 * The random parameters of one augmentation draw: torchvision's `RandomAffine` followed by
 * `RandomPerspective`, drawn exactly as torchvision draws them, from a seeded {@linkcode Rng}.
 * @module
 */
import type { Rng } from "../random/mod.ts";

/** How strong the augmentation is. Defaults are A's Task 4 settings. */
export interface AugmentOptions {
  /**
   * Rotation drawn uniformly in [-degrees, degrees].
   * @default 10
   */
  degrees?: number;
  /**
   * Translation drawn uniformly within ±this fraction of width (x) and height (y), rounded to whole pixels.
   * @default 0.1
   */
  translate?: number;
  /**
   * Scale drawn uniformly in [min, max].
   * @default [0.9, 1.1]
   */
  scale?: [number, number];
  /**
   * Horizontal shear in degrees, drawn uniformly in [-shear, shear] (torchvision's `shear=5`).
   * @default 5
   */
  shear?: number;
  /**
   * Perspective distortion scale in [0, 1] (torchvision's `distortion_scale`).
   * @default 0.2
   */
  distortion?: number;
  /**
   * Probability that the perspective step is applied.
   * @default 0.5
   */
  perspectiveProbability?: number;
}

/** A's Task 4 augmentation: affine (±10°, ±10%, 0.9–1.1, shear 5°) then perspective 0.2 with p = 0.5. */
export const TASK4_AUGMENT: Readonly<Required<AugmentOptions>> = Object.freeze({
  degrees: 10,
  translate: 0.1,
  scale: [0.9, 1.1] as [number, number],
  shear: 5,
  distortion: 0.2,
  perspectiveProbability: 0.5,
});

/**
 * Notebook 01's MNIST augmentation: the affine part of {@linkcode TASK4_AUGMENT} without shear or
 * perspective (rotation ±10°, shift ±10%, scale 0.9–1.1), mild enough to keep every digit legible.
 */
export const MNIST_AUGMENT: Readonly<Required<AugmentOptions>> = Object.freeze({
  degrees: 10,
  translate: 0.1,
  scale: [0.9, 1.1] as [number, number],
  shear: 0,
  distortion: 0,
  perspectiveProbability: 0,
});

/** Four corner points `[x, y]`: top-left, top-right, bottom-right, bottom-left. */
export type Corners = [[number, number], [number, number], [number, number], [number, number]];

/** One draw of augmentation parameters for an image of a given size. */
export interface AugmentParams {
  /** rotation in degrees */
  angle: number;
  /** horizontal translation in pixels */
  translateX: number;
  /** vertical translation in pixels */
  translateY: number;
  /** isotropic scale */
  scale: number;
  /** horizontal shear in degrees */
  shearX: number;
  /** vertical shear in degrees */
  shearY: number;
  /** the perspective step: where the image corners (`start`) go (`end`); null when skipped */
  perspective: { start: Corners; end: Corners } | null;
}

/** Parameters that leave an image unchanged. */
export const IDENTITY_PARAMS: Readonly<AugmentParams> = Object.freeze({
  angle: 0,
  translateX: 0,
  translateY: 0,
  scale: 1,
  shearX: 0,
  shearY: 0,
  perspective: null,
});

function check(name: string, value: number, ok: boolean, hint: string): void {
  if (!Number.isFinite(value) || !ok) {
    throw new RangeError(`Cannot augment with ${name} ${value} as it must be ${hint}`);
  }
}

/**
 * Fills in and validates augmentation options.
 *
 * @param options partial options
 * @returns every option, A's values where not given
 * @throws {RangeError} for a negative angle, translation, shear or distortion, a scale range
 *   that is not 0 < min <= max, or a probability outside [0, 1]
 */
export function resolveAugmentOptions(options: AugmentOptions = {}): Required<AugmentOptions> {
  const o = { ...TASK4_AUGMENT, ...options };
  check("degrees", o.degrees, o.degrees >= 0, ">= 0, e.g. 10");
  check("translate", o.translate, o.translate >= 0 && o.translate <= 1, "in [0, 1], e.g. 0.1");
  check("scale minimum", o.scale[0], o.scale[0] > 0 && o.scale[0] <= o.scale[1], "in (0, max]");
  check("scale maximum", o.scale[1], o.scale[1] >= o.scale[0], ">= the minimum");
  check("shear", o.shear, o.shear >= 0 && o.shear < 90, "in [0, 90), e.g. 5");
  check("distortion", o.distortion, o.distortion >= 0 && o.distortion <= 1, "in [0, 1], e.g. 0.2");
  check(
    "perspectiveProbability",
    o.perspectiveProbability,
    o.perspectiveProbability >= 0 && o.perspectiveProbability <= 1,
    "in [0, 1], e.g. 0.5",
  );
  return o;
}

/** torchvision's `randint(lo, hi)`: an integer in [lo, hi). */
function randint(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(Math.max(1, hi - lo));
}

/**
 * Draws one set of augmentation parameters as torchvision's `RandomAffine.get_params` and
 * `RandomPerspective.get_params` do.
 *
 * @param rng the seeded generator to draw from (advanced by the draw)
 * @param size `[height, width]` of the image
 * @param options strengths; A's Task 4 values by default
 * @returns the parameters of one draw
 * @throws {RangeError} for invalid options (see {@linkcode resolveAugmentOptions})
 *
 * @example
 * ```ts
 * import { Rng } from "../random/mod.ts";
 * import { drawAugmentParams } from "./params.ts";
 * const p = drawAugmentParams(new Rng(1), [84, 84]);
 * Math.abs(p.angle) <= 10; // true
 * ```
 */
export function drawAugmentParams(
  rng: Rng,
  size: [number, number],
  options: AugmentOptions = {},
): AugmentParams {
  const o = resolveAugmentOptions(options);
  const [h, w] = size;
  const angle = rng.uniform(-o.degrees, o.degrees);
  const maxDx = o.translate * w, maxDy = o.translate * h;
  const translateX = Math.round(rng.uniform(-maxDx, maxDx));
  const translateY = Math.round(rng.uniform(-maxDy, maxDy));
  const scale = rng.uniform(o.scale[0], o.scale[1]);
  const shearX = rng.uniform(-o.shear, o.shear);
  let perspective: AugmentParams["perspective"] = null;
  if (o.distortion > 0 && rng.next() < o.perspectiveProbability) {
    const hw = Math.floor(w / 2), hh = Math.floor(h / 2);
    const dx = Math.floor(o.distortion * hw), dy = Math.floor(o.distortion * hh);
    const start: Corners = [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]];
    const end: Corners = [
      [randint(rng, 0, dx + 1), randint(rng, 0, dy + 1)],
      [randint(rng, w - dx - 1, w), randint(rng, 0, dy + 1)],
      [randint(rng, w - dx - 1, w), randint(rng, h - dy - 1, h)],
      [randint(rng, 0, dx + 1), randint(rng, h - dy - 1, h)],
    ];
    perspective = { start, end };
  }
  return { angle, translateX, translateY, scale, shearX, shearY: 0, perspective };
}
