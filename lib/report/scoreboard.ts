/**
 * The reproduction scoreboard of the report's index: each figure a source published
 * (`published.ts`) beside ours from the notebooks' `metrics.json`, with a one-line verdict
 * computed from the two.
 *
 * Verdicts:
 * - **corrected** — the published figure was wrong (measured on the training set, with the wrong
 *   metric, or by a check that is not the task); ours is the figure measured properly.
 * - **reproduced** — ours is within the figure's tolerance (or range), or better.
 * - **not reproduced** — ours falls short of it by more than the tolerance.
 * - **not run** — the notebook has no metrics.json, or it lacks the figure.
 *
 * A figure from a `quick` run gets its verdict marked as not a result: `quick` trains on tiny
 * subsets.
 *
 * @example
 * ```ts
 * import { scoreFigure } from "./scoreboard.ts";
 * import { PUBLISHED_FIGURES } from "./published.ts";
 * const c = PUBLISHED_FIGURES.find((f) => f.source === "C")!;
 * const row = scoreFigure(c, { profile: "standard", models: [{ name: "digitalRecognitionMlp", testAccuracy: 0.975 }] });
 * row.verdict; // "reproduced"
 * ```
 * @module
 */
import { formatPercent, formatPoints } from "../display/format.ts";
import { type MetricsJson, PUBLISHED_FIGURES, type PublishedFigure } from "./published.ts";

/** A verdict of the scoreboard. */
export type Verdict = "reproduced" | "corrected" | "not reproduced" | "not run";

/** One row of the scoreboard. */
export interface ScoreRow {
  /** the published figure */
  figure: PublishedFigure;
  /** ours (a share), when the notebook ran and wrote it */
  ours?: number;
  /** ours measured the source's way, when the notebook measures that */
  oursTheirWay?: number;
  /** the profile our figure comes from */
  profile?: string;
  /** the verdict */
  verdict: Verdict;
  /** one line saying why */
  line: string;
  /**
   * true when ours comes from a `quick` run or one capped by `NOTEBOOK_MAX_STEPS` (its figures are
   * not results)
   */
  quick: boolean;
  /** the step cap of the run ours comes from, when it had one: it is then not scored */
  maxSteps?: number;
}

function unsigned(points: string): string {
  return points.replace(/^[+±]/, "");
}

function pct(v: number): string {
  return formatPercent(v, { digits: v > 0.99 || v < 0.01 ? 2 : 1 });
}

/**
 * Scores one published figure against a notebook's metrics.
 *
 * @param figure the published figure
 * @param metrics the notebook's metrics.json (undefined when it has none)
 * @returns the row, with its verdict and line
 */
export function scoreFigure(figure: PublishedFigure, metrics: MetricsJson | undefined): ScoreRow {
  const profile = typeof metrics?.profile === "string" ? metrics.profile : undefined;
  const maxSteps = typeof metrics?.maxSteps === "number" ? metrics.maxSteps : undefined;
  const quick = profile === "quick" || maxSteps !== undefined;
  const ours = metrics ? figure.ours(metrics) : undefined;
  if (maxSteps !== undefined) {
    // A capped run only checks that the code runs: its figure is neither shown nor judged.
    return {
      figure,
      profile,
      quick,
      maxSteps,
      verdict: "not run",
      line: `${figure.notebook} last ran with every training capped at ${maxSteps} ` +
        `step${maxSteps === 1 ? "" : "s"} (NOTEBOOK_MAX_STEPS): not a result`,
    };
  }
  if (ours === undefined) {
    return {
      figure,
      profile,
      quick,
      verdict: "not run",
      line: metrics
        ? `${figure.notebook}'s metrics.json has no ${figure.oursKey}`
        : `${figure.notebook} has no metrics.json yet`,
    };
  }
  const theirWay = metrics && figure.theirWay ? figure.theirWay.read(metrics) : undefined;
  const p = figure.published;
  let verdict: Verdict;
  let line: string;
  if (figure.flaw) {
    verdict = "corrected";
    line = `${figure.source}'s ${figure.publishedText} was wrong (${figure.flaw})`;
    if (theirWay !== undefined) {
      line += `; measured ${figure.theirWay!.what}, ours is ${pct(theirWay)}`;
    }
    line += `; ours, measured properly: ${pct(ours)}`;
    if (figure.trueValue !== undefined) {
      line += ` (the true figure of ${figure.source}'s own model: ${pct(figure.trueValue)})`;
    }
  } else if (p.kind === "range") {
    const tolerance = 0.005;
    if (ours < p.low - tolerance) {
      verdict = "not reproduced";
      line = `ours ${pct(ours)} is below the published ${pct(p.low)}–${pct(p.high)}, by ${
        unsigned(formatPoints(p.low - ours))
      }`;
    } else {
      verdict = "reproduced";
      line = `ours ${pct(ours)} is ${
        ours > p.high + tolerance ? "above" : "within"
      } the published ${pct(p.low)}–${pct(p.high)}`;
    }
  } else {
    const difference = ours - p.value;
    const within = `within ±${unsigned(formatPoints(p.tolerance))}`;
    if (difference < -p.tolerance) {
      verdict = "not reproduced";
      line = `ours ${pct(ours)} falls short of ${figure.publishedText} by ${
        unsigned(formatPoints(-difference))
      } (more than the ${within.replace("within ", "")} allowed)`;
    } else {
      verdict = "reproduced";
      line = difference > p.tolerance
        ? `ours ${pct(ours)} beats ${figure.publishedText} by ${unsigned(formatPoints(difference))}`
        : `ours ${pct(ours)} against ${figure.publishedText}: ${within}`;
    }
  }
  if (quick) line += " — from a quick run: not a result";
  return { figure, ours, oursTheirWay: theirWay, profile, quick, verdict, line };
}

/**
 * The whole scoreboard.
 *
 * @param metricsByNotebook each notebook's metrics.json, by notebook name
 * @param figures the published figures (default: all of `published.ts`)
 * @returns one row per published figure, in source order
 */
export function scoreboard(
  metricsByNotebook: Record<string, MetricsJson | undefined>,
  figures: readonly PublishedFigure[] = PUBLISHED_FIGURES,
): ScoreRow[] {
  return figures.map((f) => scoreFigure(f, metricsByNotebook[f.notebook]));
}
