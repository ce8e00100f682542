/**
 * The figures the five source projects published, with where each comes from, what was wrong
 * with it, and where our notebooks' `metrics.json` holds the figure to set beside it. The one
 * place these numbers live; `scoreboard.ts` turns them into verdicts for the report's index.
 *
 * Provenance: `/work/shared/reference/seeds.md` ("The five source projects, as facts"), which
 * records each source's code, README and reported output. Shares are fractions in [0, 1].
 * @module
 */
import { D_REPORTED_COUNTS } from "../triplet/source_d.ts";

/** The metrics file of one notebook, as parsed JSON. */
export type MetricsJson = Record<string, unknown>;

/** How a published figure is compared with ours. */
export type PublishedValue =
  /** a stated value, within `tolerance` (a share, e.g. 0.01 for one point) */
  | { kind: "value"; value: number; tolerance: number }
  /** a range of values that published references give */
  | { kind: "range"; low: number; high: number };

/** One figure a source published. */
export interface PublishedFigure {
  /** the source, as in seeds.md: A–E */
  source: "A" | "B" | "C" | "D" | "E";
  /** the source's name */
  sourceName: string;
  /** what was measured, e.g. "MLP 784-128-64-10, test accuracy" */
  what: string;
  /** the figure as the source wrote it, e.g. "96.8%" */
  publishedText: string;
  /** the figure, for comparison */
  published: PublishedValue;
  /** where it was published */
  provenance: string;
  /**
   * what was wrong with it, when something was: then ours, measured properly, corrects it
   */
  flaw?: string;
  /** the true figure of the source's own model, when known (a share) */
  trueValue?: number;
  /** the notebook whose metrics.json holds ours */
  notebook: string;
  /** what ours is, e.g. "test accuracy on the real MNIST test set" */
  oursWhat: string;
  /** where ours is in that notebook's metrics.json (for the "not run" message) */
  oursKey: string;
  /** reads ours (a share) from the notebook's metrics.json; undefined when absent */
  ours: (metrics: MetricsJson) => number | undefined;
  /**
   * ours measured the source's (flawed) way, when the notebook measures that too: it shows the
   * flaw, not a difference of models
   */
  theirWay?: { what: string; read: (metrics: MetricsJson) => number | undefined };
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** `metrics.models[name = model][field]`, as notebooks 01, 02, 03 and 05 write it. */
function modelField(model: string, field: string): (m: MetricsJson) => number | undefined {
  return (m) => {
    const models = Array.isArray(m.models) ? m.models as Record<string, unknown>[] : [];
    return num(models.find((x) => x?.name === model)?.[field]);
  };
}

/** A figure the notebook may store in percent (0–100) as a share. */
function asShare(
  read: (m: MetricsJson) => number | undefined,
): (m: MetricsJson) => number | undefined {
  return (m) => {
    const v = read(m);
    return v !== undefined && v > 1 ? v / 100 : v;
  };
}

/** Notebook 10: the mean 10-way one-shot accuracy on unseen digits of its first target, D's design. */
function oneShotUnseen(m: MetricsJson): number | undefined {
  const target = Array.isArray(m.target) ? m.target as Record<string, unknown>[] : [];
  return num(target[0]?.mean);
}

/** Notebook 10: D's own check (own reference within 12.6) on the unseen digits 3–9. */
function dCheckUnseen(m: MetricsJson): number | undefined {
  const rows = (m.dCheck as { threshold12_6?: { label?: number; share?: number }[] } | undefined)
    ?.threshold12_6;
  if (!Array.isArray(rows)) return undefined;
  const unseen = rows.filter((r) => typeof r.label === "number" && r.label >= 3)
    .map((r) => num(r.share)).filter((v): v is number => v !== undefined);
  return unseen.length === 7 ? unseen.reduce((s, v) => s + v, 0) / unseen.length : undefined;
}

/** D's reported counts of its check for the digits 3–9 (kept with D's other choices in lib/triplet). */
const D_CHECK_UNSEEN = D_REPORTED_COUNTS.slice(3);
const D_CHECK_MEAN = D_CHECK_UNSEEN.reduce((s, [a, b]) => s + a / b, 0) / D_CHECK_UNSEEN.length;

const SEEDS_MD = "seeds.md (the source projects, as facts)";

/** Every figure the sources published, in source order. */
export const PUBLISHED_FIGURES: readonly PublishedFigure[] = [
  {
    source: "A",
    sourceName: "ML Assignment 2024 – Triple MNIST",
    what: "Task 2a 1000-way “logistic regression” (7056→1000), accuracy on classes not trained on",
    publishedText: "≈0% (validation curve)",
    published: { kind: "value", value: 0, tolerance: 0.01 },
    provenance: `A's Task 2a training history (the only numbers A printed); ${SEEDS_MD}`,
    notebook: "05_triple_mnist_task2_logreg_and_cnn",
    oursWhat: "test accuracy on the 200 test numbers, none seen in training",
    oursKey: 'models[name="logistic regression"].testAccuracy',
    ours: modelField("logistic regression", "testAccuracy"),
  },
  {
    source: "B",
    sourceName: "deep-digits",
    what: "MLP 784-128-64-10, “test” accuracy",
    publishedText: "96.8%",
    published: { kind: "value", value: 0.968, tolerance: 0.005 },
    provenance: `deep-digits notebook output (README: ≈95%); ${SEEDS_MD}`,
    flaw: "its test loader loaded the training set: a training-set figure",
    notebook: "01_mnist_mlp_vs_cnn",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="deepDigitsMlp"].testAccuracy',
    ours: modelField("deepDigitsMlp", "testAccuracy"),
    theirWay: { what: "on training images", read: modelField("deepDigitsMlp", "trainAccuracy") },
  },
  {
    source: "B",
    sourceName: "deep-digits",
    what: "CNN conv32-conv64-pool-dense128, “test” accuracy",
    publishedText: "99.87%",
    published: { kind: "value", value: 0.9987, tolerance: 0.005 },
    provenance: `deep-digits notebook output (README: 99.5%); ${SEEDS_MD}`,
    flaw: "its test loader loaded the training set: a training-set figure",
    notebook: "01_mnist_mlp_vs_cnn",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="deepDigitsCnn"].testAccuracy',
    ours: modelField("deepDigitsCnn", "testAccuracy"),
    theirWay: { what: "on training images", read: modelField("deepDigitsCnn", "trainAccuracy") },
  },
  {
    source: "C",
    sourceName: "Digital recognition using ML",
    what: "MLP 784-128-10, test accuracy",
    publishedText: "≈98%",
    published: { kind: "value", value: 0.98, tolerance: 0.01 },
    provenance: `the project's README (its notebook is lost); ${SEEDS_MD}`,
    notebook: "01_mnist_mlp_vs_cnn",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="digitalRecognitionMlp"].testAccuracy',
    ours: modelField("digitalRecognitionMlp", "testAccuracy"),
  },
  {
    source: "C",
    sourceName: "Digital recognition using ML",
    what: "small CNN (≈8k parameters), test accuracy",
    publishedText: "≈98%",
    published: { kind: "value", value: 0.98, tolerance: 0.01 },
    provenance: `the project's README (its notebook is lost); ${SEEDS_MD}`,
    notebook: "01_mnist_mlp_vs_cnn",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="digitalRecognitionSmallCnn"].testAccuracy',
    ours: modelField("digitalRecognitionSmallCnn", "testAccuracy"),
  },
  {
    source: "D",
    sourceName: "ABD-01/MNIST",
    what: "softmax regression by full-batch gradient descent, “test accuracy”",
    publishedText: "94.18%",
    published: { kind: "value", value: 0.9418, tolerance: 0.005 },
    provenance: `ABD-01's NumPy notebook output; ${SEEDS_MD}`,
    flaw: "the metric is 100 − 100·mean|softmax − one-hot|, not accuracy",
    trueValue: 0.8836,
    notebook: "02_mnist_from_scratch",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="softmaxRegression"].testAccuracy',
    ours: modelField("softmaxRegression", "testAccuracy"),
    theirWay: {
      what: "with D's metric",
      read: asShare(modelField("softmaxRegression", "sourceMetricTest")),
    },
  },
  {
    source: "D",
    sourceName: "ABD-01/MNIST",
    what: "784-512-128-32-10 network by full-batch gradient descent, “test accuracy”",
    publishedText: "98.26%",
    published: { kind: "value", value: 0.9826, tolerance: 0.005 },
    provenance: `ABD-01's NumPy notebook output; ${SEEDS_MD}`,
    flaw: "the metric is 100 − 100·mean|softmax − one-hot|, not accuracy",
    trueValue: 0.9505,
    notebook: "02_mnist_from_scratch",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="deepNetwork"].testAccuracy',
    ours: modelField("deepNetwork", "testAccuracy"),
    theirWay: {
      what: "with D's metric",
      read: asShare(modelField("deepNetwork", "sourceMetricTest")),
    },
  },
  {
    source: "D",
    sourceName: "ABD-01/MNIST",
    what: "LeNet-like CNN, test accuracy",
    publishedText: "98.64%",
    published: { kind: "value", value: 0.9864, tolerance: 0.005 },
    provenance: `ABD-01's PyTorch notebook output (train 99.58%); ${SEEDS_MD}`,
    notebook: "01_mnist_mlp_vs_cnn",
    oursWhat: "test accuracy on the real MNIST test set",
    oursKey: 'models[name="lenetAbd01"].testAccuracy',
    ours: modelField("lenetAbd01", "testAccuracy"),
  },
  {
    source: "D",
    sourceName: "ABD-01/MNIST",
    what: "triplet network, “one-shot” on the unseen digits 3–9 " +
      "(share of images within 12.6 of their own digit's reference)",
    publishedText: `${(100 * D_CHECK_MEAN).toFixed(1)}% (mean of its counts for 3–9)`,
    published: { kind: "value", value: D_CHECK_MEAN, tolerance: 0.02 },
    provenance: `ABD-01's triplet notebook output, counts per digit; ${SEEDS_MD}`,
    flaw: "a verification threshold, not one-shot classification: it never asks whether an " +
      "image is nearer its own reference than another digit's",
    notebook: "10_triplet_loss_one_shot",
    oursWhat: "10-way one-shot accuracy on the unseen digits (one reference per digit)",
    oursKey: "target[0].mean",
    ours: oneShotUnseen,
    theirWay: { what: "with D's check", read: dCheckUnseen },
  },
  {
    source: "E",
    sourceName: "Fashion-MNIST ANN vs CNN",
    what: "dense network (ANN), test accuracy",
    publishedText: "88–90% (published references; E gave no numbers)",
    published: { kind: "range", low: 0.88, high: 0.9 },
    provenance:
      `Fashion-MNIST benchmark references for an MLP, as E's README cites none; ${SEEDS_MD}`,
    notebook: "03_fashion_mnist_ann_vs_cnn",
    oursWhat: "test accuracy on the Fashion-MNIST test set",
    oursKey: 'models[name="ANN"].testAccuracy',
    ours: modelField("ANN", "testAccuracy"),
  },
  {
    source: "E",
    sourceName: "Fashion-MNIST ANN vs CNN",
    what: "two-convolution CNN, test accuracy",
    publishedText: "91–93% (published references; E gave no numbers)",
    published: { kind: "range", low: 0.91, high: 0.93 },
    provenance: `Fashion-MNIST benchmark references for a two-conv CNN; ${SEEDS_MD}`,
    notebook: "03_fashion_mnist_ann_vs_cnn",
    oursWhat: "test accuracy on the Fashion-MNIST test set",
    oursKey: 'models[name="CNN"].testAccuracy',
    ours: modelField("CNN", "testAccuracy"),
  },
];
