/**
 * Helpers of the fault-injection tests: temp folders, child Deno scripts that can be signalled at
 * chosen points, and checks that nothing temporary is left.
 * @module
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTempName } from "../../lib/results/mod.ts";

/** The project's root folder. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** The URL of a project file, for imports in child scripts. */
export function projectUrl(path: string): string {
  return new URL(`../../${path}`, import.meta.url).href;
}

/** A temp folder, removed by `cleanup`. */
export async function tempDir(
  prefix = "faults_",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix });
  return { dir, cleanup: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

/**
 * The temp files and folders of this project under `dir` (any depth), relative to it: what an
 * interrupted run would have left behind.
 */
export function tempLeftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(at)];
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(at, e.name);
      if (parseTempName(e.name)) found.push(relative(dir, path));
      else if (e.isDirectory) walk(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** Whether a process is running (a zombie, dead but not yet reaped, counts as ended). */
export function processRunning(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Waits until `check` is true, polling every 50 ms; throws after `seconds`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  seconds = 60,
): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A child Deno process running a script, with its output collected. */
export interface Child {
  /** the process */
  process: Deno.ChildProcess;
  /** everything it printed so far (stdout and stderr) */
  output(): string;
  /** waits until its output contains `text` */
  waitForOutput(text: string, seconds?: number): Promise<void>;
  /** waits for it to end; returns the exit code and all output */
  finished(): Promise<{ code: number; signal: Deno.Signal | null; output: string }>;
}

/**
 * Runs a TypeScript script (its text) in a child Deno with all permissions, from the project
 * root, with `env` added to the environment.
 *
 * @param source the script; it can import project files with {@linkcode projectUrl}
 * @param env environment variables to set
 * @param dir a folder to write the script into
 * @param clearEnv start from an empty environment (then `env` is all there is)
 */
export async function runScript(
  source: string,
  env: Record<string, string>,
  dir: string,
  clearEnv = false,
): Promise<Child> {
  const file = join(dir, `script_${crypto.randomUUID().slice(0, 8)}.ts`);
  await Deno.writeTextFile(file, source);
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `--config=${join(ROOT, "deno.json")}`, file],
    cwd: ROOT,
    env,
    clearEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  };
  const pumped = Promise.all([pump(process.stdout), pump(process.stderr)]);
  return {
    process,
    output: () => text,
    waitForOutput: (wanted, seconds = 120) =>
      waitFor(
        `'${wanted}' in the output of ${file}:\n${text}`,
        () => text.includes(wanted),
        seconds,
      ),
    finished: async () => {
      const status = await process.status;
      await pumped;
      return { code: status.code, signal: status.signal, output: text };
    },
  };
}
