/**
 * The progress a training loop reports, and the interface that shows it.
 *
 * Training code (lib/train) produces {@linkcode ProgressState}s; lib/display implements
 * {@linkcode ProgressReporter} for Jupyter (a display updated in place) and terminals (one line).
 * @module
 */

/** One progress update from a training loop. */
export interface ProgressState {
  /** 1-based epoch */
  epoch: number;
  /** total epochs */
  epochs: number;
  /** 1-based batch within the epoch */
  batch: number;
  /** batches per epoch */
  batches: number;
  /** running mean loss of this epoch */
  loss: number;
  /** running accuracy of this epoch, when the loop measures one */
  accuracy?: number;
  /** throughput of this epoch so far */
  imagesPerSecond: number;
  /** estimated seconds until the run ends */
  etaSeconds: number;
  /** extra named figures to show, e.g. validation loss after an epoch */
  extra?: Record<string, number>;
}

/** How a run ended: it ran to its end, or it was interrupted (and stopped early). */
export type ProgressOutcome = "done" | "interrupted";

/** Something that shows training progress. */
export interface ProgressReporter {
  /** Shows `state`, replacing what was shown before. */
  update(state: ProgressState): void;
  /**
   * Ends the display, leaving the last state (and `summary`, when given) visible, marked as
   * `outcome` (default "done").
   */
  finish(summary?: string, outcome?: ProgressOutcome): void;
  /**
   * Resolves once everything shown so far has reached its destination (a Jupyter display is
   * sent asynchronously). Training loops await it after `finish`, so the final state is part of
   * the cell's output.
   */
  flush?(): Promise<void>;
}

/** A reporter that shows nothing (for tests and batch jobs). */
export const silentProgress: ProgressReporter = {
  update() {},
  finish() {},
};
