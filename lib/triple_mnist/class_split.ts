/**
 * The Triple-MNIST class split and class names: 1000 classes `000`–`999`, split by class into
 * 640 train, 160 validation and 200 test classes (MultiDigitMNIST, `random_seed=123`).
 * @module
 */
import splitJson from "./class_split_seed123.json" with { type: "json" };

/** The three splits, in upstream order. */
export const TRIPLE_MNIST_SPLITS = ["train", "val", "test"] as const;

/** A split name: `train`, `val` or `test`. */
export type TripleMnistSplitName = typeof TRIPLE_MNIST_SPLITS[number];

/** The number of classes (three-digit numbers `000`–`999`). */
export const TRIPLE_MNIST_CLASSES = 1000;

/** The names of the 1000 classes in label order: `"000"`, `"001"`, …, `"999"`. */
export const TRIPLE_MNIST_CLASS_NAMES: readonly string[] = Object.freeze(
  Array.from({ length: TRIPLE_MNIST_CLASSES }, (_, i) => String(i).padStart(3, "0")),
);

/** Which classes belong to which split; class names are three-digit strings, sorted. */
export type ClassSplit = Readonly<Record<TripleMnistSplitName, readonly string[]>>;

const FROZEN: ClassSplit = Object.freeze({
  train: Object.freeze([...splitJson.train]),
  val: Object.freeze([...splitJson.val]),
  test: Object.freeze([...splitJson.test]),
});

/**
 * The exact class split of the reference generator (640 / 160 / 200 classes, disjoint).
 *
 * The lists come from `../shared/datasets/triple-mnist-class-split-seed123.json`, copied beside
 * this file: re-deriving them needs NumPy's `RandomState(123).shuffle`.
 *
 * @returns a frozen object; the same object on every call
 *
 * @example
 * ```ts
 * import { classSplit } from "./class_split.ts";
 * const split = classSplit();
 * split.train.length; // 640
 * ```
 */
export function classSplit(): ClassSplit {
  return FROZEN;
}

/**
 * The three-digit name of a class label, e.g. `7` → `"007"`.
 *
 * @param label an integer in [0, 1000)
 * @returns the zero-padded name
 * @throws {RangeError} when `label` is not an integer in [0, 1000)
 *
 * @example
 * ```ts
 * import { className } from "./class_split.ts";
 * className(42); // "042"
 * ```
 */
export function className(label: number): string {
  if (!Number.isInteger(label) || label < 0 || label >= TRIPLE_MNIST_CLASSES) {
    throw new RangeError(
      `Cannot name Triple-MNIST class ${label} as it must be an integer in [0, 1000)`,
    );
  }
  return String(label).padStart(3, "0");
}

/**
 * The label int(ddd) of a three-digit class name, e.g. `"042"` → `42`.
 *
 * @param name three digits
 * @returns the label in [0, 1000)
 * @throws {SyntaxError} when `name` is not exactly three digits
 *
 * @example
 * ```ts
 * import { classLabel } from "./class_split.ts";
 * classLabel("907"); // 907
 * ```
 */
export function classLabel(name: string): number {
  if (!/^[0-9]{3}$/.test(name)) {
    throw new SyntaxError(
      `Cannot read Triple-MNIST class name '${name}' as it must be exactly three digits, e.g. '042'`,
    );
  }
  return Number(name);
}

/**
 * The three digits of a label, left to right: `907` → `[9, 0, 7]`.
 *
 * @param label an integer in [0, 1000)
 * @returns the digits at positions 0, 1, 2
 * @throws {RangeError} when `label` is not an integer in [0, 1000)
 *
 * @example
 * ```ts
 * import { digitsOf } from "./class_split.ts";
 * digitsOf(42); // [0, 4, 2]
 * ```
 */
export function digitsOf(label: number): [number, number, number] {
  className(label); // validates
  return [Math.floor(label / 100), Math.floor(label / 10) % 10, label % 10];
}
