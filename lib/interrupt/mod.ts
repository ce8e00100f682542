/**
 * Interrupts: Ctrl-C in a terminal and Kernel › Interrupt in Jupyter (both SIGINT), and SIGTERM.
 *
 * One listener per process, installed by {@linkcode watchInterrupts}, serves two kinds of code:
 *
 * - **Long loops** (training, generation) take a {@linkcode interruptMark} when they start and
 *   ask {@linkcode interruptedSince} after each step; they stop cleanly (training keeps the
 *   weights trained so far) or throw {@linkcode InterruptedError} and clean up in `finally`.
 *   Only interrupts that arrive after the mark count, so a Ctrl-C sent to an idle kernel never
 *   stops the next cell's training.
 * - **Cleanups** ({@linkcode onInterruptCleanup}) remove temp files when the process is about to
 *   end. Outside a Jupyter kernel (scripts, `./lab report`, tests) an interrupt runs them and
 *   exits with 130 (SIGINT) or 143 (SIGTERM), as an unhandled signal would (a second signal
 *   exits at once). Inside a kernel an interrupt never ends the process: the kernel stays usable
 *   and the loops stop themselves. While a script is ending, {@linkcode exitingOnInterrupt} is
 *   true (work that would need a cleanup must not start), and an {@linkcode InterruptedError}
 *   that reaches the top of the script ends it quietly with the signal's exit code.
 *
 * @example
 * ```ts
 * import { interruptedSince, interruptMark, watchInterrupts } from "./mod.ts";
 * watchInterrupts();
 * const mark = interruptMark();
 * for (let step = 0; step < 3 && !interruptedSince(mark); step++) {
 *   // … one training step …
 * }
 * ```
 * @module
 */

/** The signals watched. */
export type InterruptSignal = "SIGINT" | "SIGTERM";

let installed = false;
let count = 0;
let lastSignal: InterruptSignal | undefined;
const cleanups = new Set<() => void | Promise<void>>();

/** Thrown by {@linkcode throwIfInterrupted}: the user asked the run to stop. */
export class InterruptedError extends Error {
  /**
   * @param what what was interrupted, e.g. "generating Triple-MNIST"
   */
  constructor(what: string) {
    super(`Interrupted while ${what}: stopped at the user's request (SIGINT or SIGTERM)`);
    this.name = "InterruptedError";
  }
}

function inKernel(): boolean {
  try {
    return typeof Deno.jupyter?.display === "function";
  } catch {
    return false;
  }
}

async function runCleanups(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    try {
      await fn();
    } catch {
      // a cleanup that fails must not keep the others from running
    }
  }
}

let exiting = false;

function handle(signal: InterruptSignal): void {
  count++;
  lastSignal = signal;
  if (inKernel()) return;
  const code = signal === "SIGINT" ? 130 : 143;
  if (exiting) Deno.exit(code); // a second Ctrl-C while cleaning up: stop at once
  exiting = true;
  // A loop that stops with InterruptedError and reaches the top of the script is the expected
  // end, not a crash: no stack trace, and the exit code stays 130/143.
  globalThis.addEventListener("unhandledrejection", (e) => {
    if (e.reason instanceof InterruptedError) e.preventDefault();
  });
  void runCleanups().finally(() => Deno.exit(code));
}

/**
 * Whether this process is ending on an interrupt (outside a kernel): its cleanups are running.
 * Work that would need a cleanup of its own (a temp file, a child process) must not start then.
 *
 * @returns true once a SIGINT or SIGTERM has started the cleanups
 */
export function exitingOnInterrupt(): boolean {
  return exiting;
}

/**
 * Installs the process's SIGINT and SIGTERM listener (once; later calls do nothing). Safe where
 * signals cannot be listened to (e.g. Windows' SIGTERM): those are skipped.
 *
 * @returns nothing
 */
export function watchInterrupts(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, () => handle(signal));
    } catch {
      // not supported here (or no permission): interrupts keep their default behaviour
    }
  }
}

/**
 * A mark of "now" for {@linkcode interruptedSince}. Installs the listener if needed.
 *
 * @returns an opaque mark
 */
export function interruptMark(): number {
  watchInterrupts();
  return count;
}

/**
 * Whether an interrupt arrived after `mark` was taken.
 *
 * @param mark from {@linkcode interruptMark}
 * @returns true when the user asked to stop since then
 */
export function interruptedSince(mark: number): boolean {
  return count > mark;
}

/**
 * Throws {@linkcode InterruptedError} when an interrupt arrived after `mark`.
 *
 * @param mark from {@linkcode interruptMark}
 * @param what what is running, for the message
 * @throws {InterruptedError} when interrupted
 */
export function throwIfInterrupted(mark: number, what: string): void {
  if (interruptedSince(mark)) throw new InterruptedError(what);
}

/** The last signal received, if any (for messages). */
export function lastInterruptSignal(): InterruptSignal | undefined {
  return lastSignal;
}

/**
 * Registers a cleanup to run before the process ends on an interrupt (outside a kernel), e.g.
 * removing a temp folder. Unregister it when the work is done.
 *
 * @param cleanup what to run; errors are ignored
 * @returns a function that unregisters it
 * @example
 * ```ts
 * import { onInterruptCleanup } from "./mod.ts";
 * const tmp = await Deno.makeTempDir();
 * const forget = onInterruptCleanup(() => Deno.remove(tmp, { recursive: true }));
 * try {
 *   // … write into tmp, then rename it into place …
 * } finally {
 *   forget();
 *   await Deno.remove(tmp, { recursive: true }).catch(() => {});
 * }
 * ```
 */
export function onInterruptCleanup(cleanup: () => void | Promise<void>): () => void {
  watchInterrupts();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * For tests: behave as if a signal had arrived (counts it; outside a kernel it does **not** run
 * cleanups or exit).
 *
 * @param signal the signal to simulate
 */
export function simulateInterrupt(signal: InterruptSignal = "SIGINT"): void {
  count++;
  lastSignal = signal;
}
