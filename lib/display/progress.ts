/**
 * Live training progress: one display updated in place in Jupyter, one line redrawn in a
 * terminal, one line per epoch in a log.
 * @module
 */
import { formatDuration } from "./format.ts";
import type { ProgressOutcome, ProgressReporter, ProgressState } from "../train/progress.ts";
import { silentProgress } from "../train/progress.ts";
import { displayBundle, flushOutputs, isKernel } from "./kernel.ts";
import { escapeHtml } from "./_html.ts";

/** Where a reporter writes. `"auto"`: the kernel, else a terminal, else a log. */
export type ProgressMode = "auto" | "kernel" | "terminal" | "log" | "silent";

/** Options of {@linkcode createProgress}. */
export interface ProgressOptions {
  /** where to write (default "auto") */
  mode?: ProgressMode;
  /** least milliseconds between two redraws; epoch ends always redraw (default 250, log: 0) */
  minIntervalMs?: number;
}

/**
 * The fraction of the whole run done at `state`.
 *
 * @param state the progress
 * @returns a number in [0, 1]
 */
export function progressFraction(state: ProgressState): number {
  const total = state.epochs * state.batches;
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, ((state.epoch - 1) * state.batches + state.batch) / total));
}

/** The figures of a state as "label value" pairs, in display order. */
function figures(state: ProgressState): [string, string][] {
  const out: [string, string][] = [["loss", state.loss.toFixed(4)]];
  if (state.accuracy !== undefined) out.push(["accuracy", `${(state.accuracy * 100).toFixed(1)}%`]);
  for (const [k, v] of Object.entries(state.extra ?? {})) {
    out.push([k, Math.abs(v) <= 1 && /acc/i.test(k) ? `${(v * 100).toFixed(1)}%` : v.toFixed(4)]);
  }
  out.push(["images/s", Math.round(state.imagesPerSecond).toLocaleString("en-US")]);
  out.push(["ETA", formatDuration(state.etaSeconds)]);
  return out;
}

/**
 * One line of progress text: title, bar, epoch, batch and figures.
 *
 * @param title what is training
 * @param state the progress
 * @param barWidth characters of the bar (default 20)
 * @returns the line, without a line break
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * progressLine("CNN", { epoch: 1, epochs: 2, batch: 5, batches: 10, loss: 0.5,
 *   imagesPerSecond: 800, etaSeconds: 12 }, 4);
 * // "CNN [#...] 25% epoch 1/2 batch 5/10 loss 0.5000 images/s 800 ETA 12s"
 * ```
 */
export function progressLine(title: string, state: ProgressState, barWidth = 20): string {
  const f = progressFraction(state);
  const filled = Math.round(f * barWidth);
  const bar = `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]`;
  return `${title} ${bar} ${Math.round(f * 100)}% epoch ${state.epoch}/${state.epochs} ` +
    `batch ${state.batch}/${state.batches} ` +
    figures(state).map(([k, v]) => `${k} ${v}`).join(" ");
}

/**
 * A small HTML progress board: title, bar, epoch and batch, figures; plain HTML and CSS (no
 * script), so it survives export to HTML. A finished run shows a full green bar and its
 * summary; an interrupted one keeps the bar where it stopped, orange, marked "interrupted".
 *
 * @param title what is training
 * @param state the progress, or undefined before the first batch
 * @param summary a closing line (shown when the run has ended)
 * @param outcome how the run ended (default "done"; used only with a summary)
 * @returns HTML
 * @example
 * ```ts
 * import { progressHtml } from "./progress.ts";
 * progressHtml("CNN", undefined).includes("starting"); // true
 * progressHtml("CNN", undefined, "stopped", "interrupted").includes("interrupted"); // true
 * ```
 */
export function progressHtml(
  title: string,
  state: ProgressState | undefined,
  summary?: string,
  outcome: ProgressOutcome = "done",
): string {
  const f = state ? progressFraction(state) : 0;
  const ended = summary !== undefined;
  const interrupted = ended && outcome === "interrupted";
  const done = ended && !interrupted;
  const pct = Math.round((done ? 1 : f) * 100);
  const color = interrupted ? "#d95f02" : done ? "#2ca02c" : "#1f77b4";
  const head = state
    ? `epoch ${state.epoch}/${state.epochs} · batch ${state.batch}/${state.batches}`
    : "starting…";
  const figs = state
    ? figures(state).filter(([k]) => !(ended && k === "ETA")).map(([k, v]) =>
      `<span style="margin-right:14px">${escapeHtml(k)} <b>${escapeHtml(v)}</b></span>`
    ).join("")
    : "";
  const tag = interrupted
    ? ` <b class="digits-progress-interrupted" style="color:${color}">interrupted</b>`
    : "";
  return `<div class="digits-progress${interrupted ? " interrupted" : ""}" ` +
    `style="font-family:ui-monospace,monospace;font-size:12px;line-height:1.6;margin:4px 0">` +
    `<div><b>${escapeHtml(title)}</b>${tag} <span style="color:#666">${head}</span></div>` +
    `<div style="background:#e8e8e8;width:320px;max-width:100%;height:8px;border-radius:4px;` +
    `overflow:hidden"><div style="width:${pct}%;height:8px;background:${color}"></div></div>` +
    `<div>${figs}</div>` +
    (ended && summary ? `<div style="color:${color}">${escapeHtml(summary)}</div>` : "") +
    `</div>`;
}

/** A reporter that updates one Jupyter display in place. */
class KernelProgress implements ProgressReporter {
  #title: string;
  #id = `progress-${crypto.randomUUID()}`;
  #created = false;
  #last = -Infinity;
  #interval: number;
  #state?: ProgressState;
  #chain: Promise<void> = Promise.resolve();

  constructor(title: string, interval: number) {
    this.#title = title;
    this.#interval = interval;
  }

  #send(summary?: string, outcome?: ProgressOutcome) {
    const html = progressHtml(this.#title, this.#state, summary, outcome);
    const text = (this.#state ? progressLine(this.#title, this.#state) : this.#title) +
      (summary ? `\n${outcome === "interrupted" ? "interrupted: " : ""}${summary}` : "");
    const update = this.#created;
    this.#created = true;
    this.#chain = this.#chain.then(() =>
      displayBundle({ "text/html": html, "text/plain": text }, {
        displayId: this.#id,
        update,
        flush: false,
      })
    ).catch(() => {});
  }

  update(state: ProgressState): void {
    this.#state = state;
    const now = performance.now();
    if (now - this.#last >= this.#interval || state.batch === state.batches) {
      this.#last = now;
      this.#send();
    }
  }

  finish(summary?: string, outcome?: ProgressOutcome): void {
    this.#send(summary ?? (outcome === "interrupted" ? "interrupted" : "done"), outcome);
  }

  async flush(): Promise<void> {
    await this.#chain;
    await flushOutputs();
  }
}

/** A reporter that redraws one terminal line. */
class TerminalProgress implements ProgressReporter {
  #title: string;
  #last = -Infinity;
  #interval: number;
  #state?: ProgressState;
  #encoder = new TextEncoder();

  constructor(title: string, interval: number) {
    this.#title = title;
    this.#interval = interval;
  }

  #write(s: string) {
    try {
      Deno.stdout.writeSync(this.#encoder.encode(s));
    } catch {
      // stdout closed: progress is not worth failing a run
    }
  }

  update(state: ProgressState): void {
    this.#state = state;
    const now = performance.now();
    if (now - this.#last >= this.#interval || state.batch === state.batches) {
      this.#last = now;
      this.#write(`\r${progressLine(this.#title, state)}\x1b[K`);
    }
  }

  finish(summary?: string, outcome?: ProgressOutcome): void {
    if (this.#state) this.#write(`\r${progressLine(this.#title, this.#state)}\x1b[K`);
    const line = outcome === "interrupted"
      ? `interrupted${summary ? `: ${summary}` : ""}`
      : summary;
    this.#write(`\n${line ? `${line}\n` : ""}`);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A reporter that logs one line per finished epoch. */
class LogProgress implements ProgressReporter {
  #title: string;
  constructor(title: string) {
    this.#title = title;
  }
  update(state: ProgressState): void {
    if (state.batch === state.batches) console.log(progressLine(this.#title, state));
  }
  finish(summary?: string, outcome?: ProgressOutcome): void {
    if (outcome === "interrupted") {
      console.log(`${this.#title}: interrupted${summary ? `: ${summary}` : ""}`);
    } else if (summary) console.log(`${this.#title}: ${summary}`);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
}

function isTerminal(): boolean {
  try {
    return Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

/**
 * A progress reporter for a training run. `"auto"` picks the Jupyter display when in the
 * kernel, else a one-line bar when stdout is a terminal, else one log line per epoch.
 *
 * @param title what is training, e.g. "CNN"
 * @param options where to write and how often
 * @returns the reporter (pass it as `progress` to `lib/train`'s `fit`)
 * @example
 * ```ts
 * import { createProgress } from "./progress.ts";
 * const progress = createProgress("CNN", { mode: "silent" });
 * progress.finish();
 * ```
 */
export function createProgress(title: string, options: ProgressOptions = {}): ProgressReporter {
  let mode = options.mode ?? "auto";
  if (mode === "auto") mode = isKernel() ? "kernel" : isTerminal() ? "terminal" : "log";
  switch (mode) {
    case "kernel":
      return new KernelProgress(title, options.minIntervalMs ?? 250);
    case "terminal":
      return new TerminalProgress(title, options.minIntervalMs ?? 100);
    case "log":
      return new LogProgress(title);
    case "silent":
      return silentProgress;
    default:
      throw new RangeError(
        `Cannot create progress in mode '${mode}' as it must be one of auto, kernel, terminal, ` +
          `log, silent — pick one of those`,
      );
  }
}
