/**
 * Labelled grey-scale image sets (MNIST, Fashion-MNIST) as plain bytes.
 * @module
 */
import type { IdxArray } from "./idx.ts";
import {
  type DatasetName,
  loadDatasetFiles,
  type OriginKind,
  type SourceOptions,
} from "./sources.ts";

/** The MNIST class names: the digits. */
export const MNIST_CLASS_NAMES: readonly string[] = Object.freeze(
  ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
);

/** The Fashion-MNIST class names, in label order. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
]);

/** The class names of each data set. */
export const CLASS_NAMES: Record<DatasetName, readonly string[]> = {
  mnist: MNIST_CLASS_NAMES,
  "fashion-mnist": FASHION_MNIST_CLASS_NAMES,
};

/** A set of labelled grey-scale images, stored as bytes (0–255). */
export interface ImageSet {
  /** pixels, `count × height × width`, row-major */
  images: Uint8Array;
  /** one label per image, `0 … classNames.length - 1` */
  labels: Uint8Array;
  /** the number of images */
  count: number;
  /** image height in pixels */
  height: number;
  /** image width in pixels */
  width: number;
  /** the name of each label */
  classNames: readonly string[];
}

/** The train and test sets of a data set, and where they came from. */
export interface ImageSets {
  /** the training images (60,000 officially; 10,000 in the MNIST mirror) */
  train: ImageSet;
  /** the test images */
  test: ImageSet;
  /** a human-readable origin, e.g. `system /usr/share/datasets/fashion-mnist` */
  origin: string;
  /** the kind of place the files came from */
  kind: OriginKind;
}

/**
 * Pairs an IDX images array with an IDX labels array.
 *
 * @param images the images file's contents (`[count, height, width]`)
 * @param labels the labels file's contents (`[count]`)
 * @param classNames the name of each label
 * @param name a name for error messages, e.g. `fashion-mnist train`
 * @returns the image set (sharing the arrays' bytes, not copying them)
 * @throws {RangeError} when the shapes disagree or a label has no class name
 *
 * @example
 * ```ts
 * import { imageSetFromIdx } from "./image_set.ts";
 * const set = imageSetFromIdx(
 *   { dims: [2, 1, 2], data: new Uint8Array([0, 255, 128, 64]) },
 *   { dims: [2], data: new Uint8Array([1, 0]) },
 *   ["no", "yes"],
 *   "tiny",
 * );
 * // set.count === 2, set.height === 1, set.width === 2
 * ```
 */
export function imageSetFromIdx(
  images: IdxArray,
  labels: IdxArray,
  classNames: readonly string[],
  name: string,
): ImageSet {
  if (images.dims.length !== 3) {
    throw new RangeError(
      `Cannot use '${name}' images as they must have 3 dimensions (count, height, width): ` +
        `found ${images.dims.length} — is the images file a labels file?`,
    );
  }
  if (labels.dims.length !== 1) {
    throw new RangeError(
      `Cannot use '${name}' labels as they must have 1 dimension: found ${labels.dims.length} ` +
        "— is the labels file an images file?",
    );
  }
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new RangeError(
      `Cannot use '${name}' as its images and labels must have the same count: ` +
        `${count} images, ${labels.dims[0]} labels — the files belong to different sets`,
    );
  }
  const k = classNames.length;
  for (let i = 0; i < count; i++) {
    if (labels.data[i] >= k) {
      throw new RangeError(
        `Cannot use '${name}' as labels must be below ${k}: label ${i} is ${labels.data[i]} ` +
          "— the labels file belongs to another data set",
      );
    }
  }
  return { images: images.data, labels: labels.data, count, height, width, classNames };
}

/**
 * Copies the examples at `indices` into a new, smaller image set (e.g. for the quick profile).
 *
 * @param set the set to take from
 * @param indices the examples to keep, in that order
 * @returns a new set owning copies of those examples
 * @throws {RangeError} when an index is out of range
 */
export function subsetImageSet(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const size = set.height * set.width;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!(j >= 0 && j < set.count && Number.isInteger(j))) {
      throw new RangeError(
        `Cannot take example ${j} of an image set as indices must be in 0..${set.count - 1}` +
          `: found ${j} at position ${i}`,
      );
    }
    images.set(set.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = set.labels[j];
  }
  return { ...set, images, labels, count: indices.length };
}

/**
 * Loads the train and test sets of a data set from the first place that holds them intact (see
 * {@linkcode loadDatasetFiles}: cache, mirror, system install, download). Files that do not
 * belong together are found there, while the place is checked, so that the next place is tried.
 *
 * @param name `mnist` or `fashion-mnist`
 * @param options locations to use instead of the real ones
 * @returns both sets and their origin
 * @throws {Error} when no place has the files (the message lists each place tried)
 */
export async function loadImageSets(
  name: DatasetName,
  options: SourceOptions = {},
): Promise<ImageSets> {
  const files = await loadDatasetFiles(name, options);
  const classNames = CLASS_NAMES[name];
  const { arrays } = files;
  return {
    train: imageSetFromIdx(arrays.trainImages, arrays.trainLabels, classNames, `${name} train`),
    test: imageSetFromIdx(arrays.testImages, arrays.testLabels, classNames, `${name} test`),
    origin: files.origin,
    kind: files.kind,
  };
}

/**
 * Loads MNIST (see {@linkcode loadImageSets}).
 *
 * @param options locations to use instead of the real ones
 * @returns the train and test sets and their origin
 */
export function loadMnist(options: SourceOptions = {}): Promise<ImageSets> {
  return loadImageSets("mnist", options);
}

/**
 * Loads Fashion-MNIST (see {@linkcode loadImageSets}).
 *
 * @param options locations to use instead of the real ones
 * @returns the train and test sets and their origin
 */
export function loadFashionMnist(options: SourceOptions = {}): Promise<ImageSets> {
  return loadImageSets("fashion-mnist", options);
}
