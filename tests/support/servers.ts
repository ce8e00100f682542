/**
 * Servers for front-end tests: Debian's classic Jupyter Notebook with this checkout's Deno
 * kernel, in a throw-away Jupyter home, and a static file server for exported pages. Both
 * listen on 127.0.0.1 only.
 * @module
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/paths/mod.ts";
import { delay } from "./chromium.ts";

/**
 * Whether the classic Jupyter Notebook (6.x, Debian 12's `jupyter-notebook`) can run here: the
 * front-end test drives its page through its `Jupyter.notebook` object, which Notebook 7
 * (JupyterLab's UI) does not have.
 */
export function hasJupyterNotebook(): boolean {
  try {
    const out = new Deno.Command("jupyter", {
      args: ["notebook", "--version"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success && /^6\./.test(new TextDecoder().decode(out.stdout).trim());
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running Jupyter Notebook server. */
export interface NotebookServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** the access token */
  token: string;
  /** the folder it serves */
  root: string;
  /** the URL that opens `name` (a file in `root`) with the token */
  notebookUrl(name: string): string;
  /** calls the REST API (`/api/…`) with the token */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** the server's log so far (for failure messages) */
  log(): string;
  /** stops the server and its kernels, and removes its Jupyter home */
  stop(): Promise<void>;
}

/** Options of {@linkcode startNotebookServer}. */
export interface NotebookServerOptions {
  /** environment for the server and its kernels (e.g. `NOTEBOOK_PROFILE`) */
  env?: Record<string, string>;
  /** the longest wait for the server to answer, in milliseconds (default 60 000) */
  timeoutMs?: number;
}

/**
 * Starts `jupyter notebook` on a free port of 127.0.0.1 with a random token, serving `root`,
 * with the project's Jupyter configuration (`lib/notebook/jupyter_config.py`, as `./lab notebook`).
 * Its Jupyter home (config, data, runtime) is a temp folder holding one kernel spec, `deno`,
 * that runs this process's Deno in the project root, so the kernel finds `deno.json` (its import
 * map and `node_modules`) wherever `root` is, and notebooks import the library by absolute URL.
 *
 * @param root the folder to serve
 * @param options environment and timeout
 * @returns the server
 * @throws {Error} when it does not answer in time (with its log)
 */
export async function startNotebookServer(
  root: string,
  options: NotebookServerOptions = {},
): Promise<NotebookServer> {
  const home = await Deno.makeTempDir({ prefix: "jupyter-home-" });
  const kernelDir = join(home, "data", "kernels", "deno");
  await Deno.mkdir(kernelDir, { recursive: true });
  await Deno.writeTextFile(
    join(kernelDir, "kernel.json"),
    JSON.stringify({
      argv: [
        "/bin/sh",
        "-c",
        'cd "$1" && exec "$2" jupyter --kernel --conn "$3"',
        "deno-kernel",
        PROJECT_ROOT,
        Deno.execPath(),
        "{connection_file}",
      ],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  const token = crypto.randomUUID().replaceAll("-", "");
  const port = freePort();
  const args = [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${root}`,
    "--NotebookApp.open_browser=False",
    `--config=${join(PROJECT_ROOT, "lib", "notebook", "jupyter_config.py")}`,
  ];
  if (Deno.uid() === 0) args.push("--allow-root");
  const child = new Deno.Command("jupyter", {
    args,
    cwd: root,
    env: {
      ...options.env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_PATH: join(home, "data"),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Jupyter's log, kept (the last 200 kB) for failure messages
  let logText = "";
  const keep = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      logText = (logText + decoder.decode(chunk, { stream: true })).slice(-200_000);
    }
  };
  const logging = Promise.all([keep(child.stdout), keep(child.stderr)]).catch(() => {});
  const base = `http://127.0.0.1:${port}`;
  const readLog = () => logText;
  const server: NotebookServer = {
    base,
    token,
    root,
    notebookUrl: (name) => `${base}/notebooks/${encodeURIComponent(name)}?token=${token}`,
    api: (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { ...init.headers, Authorization: `token ${token}` },
      }),
    log: readLog,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      const exited = await Promise.race([
        child.status.then(() => true),
        delay(10_000).then(() => false),
      ]);
      if (!exited) {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
        await child.status;
      }
      await logging;
      await Deno.remove(home, { recursive: true }).catch(() => {});
    },
  };
  const deadline = performance.now() + (options.timeoutMs ?? 60_000);
  while (true) {
    try {
      const r = await server.api("/api/status");
      await r.body?.cancel();
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    const done = await Promise.race([child.status.then(() => true), delay(250).then(() => false)]);
    if (done || performance.now() > deadline) {
      const text = readLog();
      await server.stop();
      throw new Error(
        `Cannot start 'jupyter notebook' on port ${port}: ${
          done ? "it exited" : "it did not answer in time"
        }. Its log:\n${text.slice(-3000)}`,
      );
    }
  }
}

/** A static file server. */
export interface FileServer {
  /** `http://127.0.0.1:<port>/` */
  base: string;
  /** stops it */
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  json: "application/json",
  js: "text/javascript",
  css: "text/css",
  png: "image/png",
};

/**
 * Serves the files of `root` over http on a free port of 127.0.0.1 (GET only, no listings).
 *
 * @param root the folder
 * @returns the server
 */
export function serveFolder(root: string): FileServer {
  const controller = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: () => {},
  }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (req.method !== "GET" || path.includes("..")) return new Response("no", { status: 400 });
    try {
      const body = await Deno.readFile(join(root, path));
      const ext = path.split(".").pop() ?? "";
      return new Response(body, {
        headers: { "content-type": TYPES[ext] ?? "application/octet-stream" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return {
    base: `http://127.0.0.1:${server.addr.port}/`,
    async stop() {
      controller.abort();
      await server.finished;
    },
  };
}
