/**
 * The data sets this library knows: their names, their four IDX files with the official SHA-256,
 * the official download folders and the system packages that install them.
 * @module
 */
/** The names of the data sets this module can find. */
export const DATASET_NAMES = ["mnist", "fashion-mnist"] as const;

/** A data set name. */
export type DatasetName = typeof DATASET_NAMES[number];

/** The four files of a data set. */
export const FILE_ROLES = ["trainImages", "trainLabels", "testImages", "testLabels"] as const;

/** One of the four files of a data set. */
export type FileRole = typeof FILE_ROLES[number];

/** One file of a data set: its name and the SHA-256 of the official download. */
export interface DatasetFile {
  /** the file name, e.g. `train-images-idx3-ubyte.gz` */
  fileName: string;
  /** hex SHA-256 of the official file */
  sha256: string;
}

/** Everything needed to find a data set. */
export interface DatasetSpec {
  /** the data set's name, also its folder name in caches and mirrors */
  name: DatasetName;
  /** the four files */
  files: Record<FileRole, DatasetFile>;
  /** official download folders (ending in `/`), tried in order */
  baseUrls: string[];
  /** folders a system package installs the files into */
  systemDirs: string[];
  /** how to install it as a system package, when one exists */
  installHint?: string;
  /** the number of classes: every label is below it */
  classes: number;
}

/** The file beside a data set's files that lists their SHA-256 sums (`sha256sum` format). */
export const SHA256SUMS_FILE = "SHA256SUMS";

/** The data sets and their official files. */
export const DATASETS: Record<DatasetName, DatasetSpec> = {
  mnist: {
    name: "mnist",
    files: {
      trainImages: {
        fileName: "train-images-idx3-ubyte.gz",
        sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
      },
      trainLabels: {
        fileName: "train-labels-idx1-ubyte.gz",
        sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
      },
      testImages: {
        fileName: "t10k-images-idx3-ubyte.gz",
        sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
      },
      testLabels: {
        fileName: "t10k-labels-idx1-ubyte.gz",
        sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
      },
    },
    baseUrls: ["https://storage.googleapis.com/cvdf-datasets/mnist/"],
    systemDirs: [],
    classes: 10,
  },
  "fashion-mnist": {
    name: "fashion-mnist",
    files: {
      trainImages: {
        fileName: "train-images-idx3-ubyte.gz",
        sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
      },
      trainLabels: {
        fileName: "train-labels-idx1-ubyte.gz",
        sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
      },
      testImages: {
        fileName: "t10k-images-idx3-ubyte.gz",
        sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
      },
      testLabels: {
        fileName: "t10k-labels-idx1-ubyte.gz",
        sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
      },
    },
    baseUrls: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    systemDirs: ["/usr/share/datasets/fashion-mnist"],
    installHint: "sudo apt-get install dataset-fashion-mnist",
    classes: 10,
  },
};
