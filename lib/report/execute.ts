/**
 * Executing notebooks with Jupyter's nbconvert and the Deno kernel.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProfileName } from "../config/mod.ts";
import { exitingOnInterrupt, InterruptedError, onInterruptCleanup } from "../interrupt/mod.ts";
import { tempPathFor } from "../results/mod.ts";
import { cellTimes, findCellErrors, parseNotebook } from "./notebook_file.ts";
import type { CellError, CellTime } from "./notebook_file.ts";
import { makePageSelfContained } from "./export_html.ts";

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteOptions {
  /** `html` exports the executed notebook; `notebook` writes the executed `.ipynb` */
  to: "html" | "notebook";
  /** where the output file goes */
  outputDir: string;
  /** the profile the notebook runs under (sets `NOTEBOOK_PROFILE`) */
  profile: ProfileName;
  /** seconds a single cell may run; -1 for no limit
   * @default -1 */
  cellTimeoutSeconds?: number;
  /** extra environment variables for the kernel */
  env?: Record<string, string>;
  /** record how long each cell ran (in the executed notebook's metadata and in
   * {@linkcode ExecuteResult.cellTimes})
   * @default false */
  recordTiming?: boolean;
}

/** What {@linkcode executeNotebook} found. */
export interface ExecuteResult {
  /** the notebook's name without `.ipynb` */
  name: string;
  /** true when nbconvert succeeded and no cell produced an error */
  ok: boolean;
  /** the file written (absent when nbconvert wrote nothing) */
  outputPath?: string;
  /** wall-clock seconds */
  seconds: number;
  /** error outputs (from the executed notebook), or nbconvert's own failure */
  errors: CellError[];
  /** the last lines nbconvert printed, for diagnosis */
  log: string;
  /** each code cell's running time, slowest first (only with `recordTiming`) */
  cellTimes: CellTime[];
}

/**
 * Executes one notebook with nbclient in its own folder (so its relative imports resolve), allowing
 * errors so that every failing cell is reported, then exports it with `jupyter nbconvert`.
 *
 * The kernel never outlives the run: it is shut down when the notebook ends, when this process
 * is interrupted (SIGINT/SIGTERM: the temp files are removed, then the process exits 130/143),
 * and when this process is killed (the runner script's watchdog notices within half a second).
 * Temp files that a killed run left in `outputDir` are removed by the next report.
 *
 * @param path the `.ipynb` file
 * @param options output format and folder, profile, timeout
 * @returns what happened; never throws for a failing notebook
 */
export async function executeNotebook(
  path: string,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const name = basename(path, ".ipynb");
  await Deno.mkdir(options.outputDir, { recursive: true });
  // Everything is written under temp names of this process and renamed at the end: no
  // half-written file is left, and what a killed run left is recognised as stale and removed.
  const executedPath = tempPathFor(join(options.outputDir, name), {
    kind: "partial",
    ext: ".ipynb",
  });
  const tmp = basename(executedPath, ".ipynb");
  const htmlTmp = join(options.outputDir, `${tmp}.html`);
  const removeTemps = async () => {
    await Deno.remove(executedPath).catch(() => {});
    await Deno.remove(htmlTmp).catch(() => {});
  };
  const env = { ...options.env, NOTEBOOK_PROFILE: options.profile };
  const started = performance.now();
  const errors: CellError[] = [];
  let outputPath: string | undefined;
  let times: CellTime[] = [];
  // 1. Execute to .ipynb, allowing errors so that every failing cell is reported, not only the
  // first. On SIGINT/SIGTERM the runner (below) stops the kernel and removes the temp files.
  const exec = await run(
    await jupyterPython(),
    [
      EXECUTE_SCRIPT,
      path,
      executedPath,
      `--timeout=${options.cellTimeoutSeconds ?? -1}`,
      "--kernel=deno",
      ...(options.recordTiming ? ["--record-timing"] : []),
    ],
    dirname(path),
    env,
    removeTemps,
  );
  let log = exec.log;
  try {
    const executed = await Deno.readTextFile(executedPath).catch(() => undefined);
    if (exec.code !== 0 || executed === undefined) {
      errors.push(
        nbconvertError(`executing the notebook failed (exit code ${exec.code})`, exec.log),
      );
    } else {
      const nb = parseNotebook(executed, executedPath);
      errors.push(...findCellErrors(nb));
      times = cellTimes(nb);
      const target = join(options.outputDir, `${name}.${options.to === "html" ? "html" : "ipynb"}`);
      if (options.to === "notebook") {
        await Deno.rename(executedPath, target);
        outputPath = target;
      } else {
        // 2. Convert the executed notebook to HTML without running it again.
        const conv = await run(
          "jupyter",
          [
            "nbconvert",
            "--to=html",
            "--HTMLExporter.exclude_input_prompt=True",
            "--HTMLExporter.exclude_output_prompt=True",
            `--output-dir=${options.outputDir}`,
            `--output=${tmp}`,
            executedPath,
          ],
          dirname(path),
          env,
        );
        log += conv.log;
        if (conv.code === 0) {
          await makePageSelfContained(htmlTmp); // no file:// or network loads; math typeset
          await Deno.rename(htmlTmp, target);
          outputPath = target;
        } else {
          errors.push(nbconvertError("the HTML export failed", conv.log));
        }
      }
    }
  } finally {
    await removeTemps();
  }
  return {
    name,
    ok: errors.length === 0,
    outputPath,
    seconds: (performance.now() - started) / 1000,
    errors,
    log: lastLines(log, 20),
    cellTimes: times,
  };
}

function nbconvertError(what: string, log: string): CellError {
  return {
    cell: 0,
    ename: "NbconvertError",
    evalue: `${what}: ${lastLines(log, 6)}`,
    firstLine: "",
  };
}

/** Our nbclient runner (see its docstring for why nbconvert's own --execute is not used). */
const EXECUTE_SCRIPT = fileURLToPath(new URL("./execute_notebook.py", import.meta.url));

let pythonCache: Promise<string> | undefined;

/** The Python that runs `jupyter` (it has nbclient): the interpreter named in its shebang line. */
function jupyterPython(): Promise<string> {
  pythonCache ??= (async () => {
    const which = await run("sh", ["-c", "command -v jupyter"], ".", {}).catch(() => undefined);
    const jupyter = which?.code === 0 ? which.log.trim() : "";
    if (jupyter) {
      const head = (await Deno.readTextFile(jupyter).catch(() => "")).split("\n")[0];
      const m = head.match(/^#!\s*(\S+python3?[\d.]*)\s*$/);
      if (m) return m[1];
    }
    return "python3";
  })();
  return pythonCache;
}

/** Seconds a child gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs a command to its end and returns its exit code and output. Should this process be
 * interrupted (SIGINT/SIGTERM) meanwhile, the child is stopped (SIGTERM, then SIGKILL after
 * {@linkcode STOP_GRACE_MS}) and `cleanup` runs, before this process exits.
 */
async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  cleanup?: () => Promise<void>,
): Promise<{ code: number; log: string }> {
  if (exitingOnInterrupt()) throw new InterruptedError(`starting '${cmd}'`);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `Cannot execute notebooks as '${cmd}' is not installed: run './lab setup' (or apt-get install jupyter-nbconvert jupyter-client python3-nbclient)`,
      );
    }
    throw e;
  }
  const forget = onInterruptCleanup(async () => {
    await stopChild(child);
    await cleanup?.();
  });
  try {
    const out = await child.output();
    const dec = new TextDecoder();
    return { code: out.code, log: dec.decode(out.stdout) + dec.decode(out.stderr) };
  } finally {
    forget();
  }
}

/** Asks a child to stop (SIGTERM) and kills it (SIGKILL) when it has not within the grace time. */
async function stopChild(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    return; // already ended
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([
    child.status.then(() => true),
    new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), STOP_GRACE_MS)),
  ]);
  clearTimeout(timer);
  if (!ended) {
    try {
      child.kill("SIGKILL");
    } catch { /* ended meanwhile */ }
    await child.status;
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").filter((l) => !l.includes('"deno jupyter" is unstable')).slice(-n)
    .join("\n");
}
