/**
 * The data a notebook run used, as the common fields of its `metrics.json`: where the data set
 * came from and how many images each part of the split held. `setupNotebook`'s run records it
 * with `run.useData(…)` and `run.writeMetrics` writes it, so no notebook assembles these by hand.
 * @module
 */

/** A loaded data set, as `loadMnist`/`loadFashionMnist` of `lib/data` return it. */
export interface UsedDataSet {
  /** where the files came from, e.g. `mirror /work/shared/datasets/mnist` */
  origin: string;
  /** the data set's training part */
  train: { count: number };
}

/** The indices of the images a run trained, validated and tested on (each part optional). */
export interface UsedSplit {
  /** the training images */
  train?: ArrayLike<number>;
  /** the validation images */
  val?: ArrayLike<number>;
  /** the test images */
  test?: ArrayLike<number>;
}

/** The data fields of `metrics.json`; the names are the ones the report's index reads. */
export interface DataFields {
  /** where the data set came from */
  dataOrigin: string;
  /** the training images the data set holds (60,000 officially; 10,000 in the offline mirror) */
  datasetTrainImages: number;
  /** the images trained on */
  trainImages?: number;
  /** the images that chose epochs, rates and models */
  validationImages?: number;
  /** the images scored once, at the end */
  testImages?: number;
}

/**
 * The data fields of `metrics.json` for a data set and the split a run used.
 *
 * @param data the loaded data set
 * @param split the indices of each part (parts left out are not written)
 * @returns the fields
 * @example
 * ```ts
 * import { dataFields } from "./run_data.ts";
 * dataFields({ origin: "cache data/mnist", train: { count: 60000 } }, { train: [0, 1, 2], test: [0] });
 * // { dataOrigin: "cache data/mnist", datasetTrainImages: 60000, trainImages: 3, testImages: 1 }
 * ```
 */
export function dataFields(data: UsedDataSet, split: UsedSplit = {}): DataFields {
  return {
    dataOrigin: data.origin,
    datasetTrainImages: data.train.count,
    ...(split.train ? { trainImages: split.train.length } : {}),
    ...(split.val ? { validationImages: split.val.length } : {}),
    ...(split.test ? { testImages: split.test.length } : {}),
  };
}
