/**
 * Opens an HTML file in headless Chromium and reports what rendered: the Plotly figures, the
 * `svg.main-svg` elements in each, and every console error. Driven through the DevTools
 * protocol over `--remote-debugging-port` with Deno's WebSocket; works offline.
 *
 * @example
 * ```ts ignore
 * import { renderHtml } from "./chromium.ts";
 * const report = await renderHtml("results/html/01_mnist_mlp_vs_cnn.html");
 * // every figure drew: report.svgPerFigure.every((n) => n > 0)
 * // nothing went wrong: report.consoleErrors.length === 0
 * ```
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** What {@linkcode renderHtml} found on the page. */
export interface RenderReport {
  /** the file URL opened */
  url: string;
  /** Plotly figure containers (`.plotly-graph-div`, or `.js-plotly-plot`) */
  figures: number;
  /** `svg.main-svg` elements inside each container, in document order */
  svgPerFigure: number[];
  /** console errors, uncaught exceptions and failed loads, one line each */
  consoleErrors: string[];
  /** console warnings (informational) */
  consoleWarnings: string[];
  /** the page title */
  title: string;
  /** milliseconds from navigation to the end of waiting */
  milliseconds: number;
  /** whether every figure had at least one `svg.main-svg` before the timeout */
  allRendered: boolean;
}

/** Options of {@linkcode renderHtml}. */
export interface RenderOptions {
  /** the Chromium binary (default `CHROMIUM_PATH`, or `CHROMIUM` from the environment) */
  chromium?: string;
  /** the longest wait for the page and its figures, in milliseconds (default 60 000) */
  timeoutMs?: number;
  /** how long the figure count must stay unchanged once all have drawn (default 500 ms) */
  settleMs?: number;
  /** browser window size (default 1280×2000) */
  windowSize?: [number, number];
  /** write a PNG screenshot of the whole page here after waiting */
  screenshotPath?: string;
}

/** Whether Chromium exists at `path` (tests skip themselves when it does not). */
export function hasChromium(path: string = defaultChromium()): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function defaultChromium(): string {
  try {
    return Deno.env.get("CHROMIUM") || CHROMIUM_PATH;
  } catch {
    return CHROMIUM_PATH;
  }
}

/** A minimal DevTools-protocol client over one WebSocket. */
class Cdp {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  #listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (typeof msg.id === "number") {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (!p) return;
        if (msg.error) p.fail(new Error(`${msg.error.message} (${msg.error.code})`));
        else p.ok(msg.result);
      } else if (msg.method) {
        for (const l of this.#listeners) l(msg.method, msg.params ?? {});
      }
    };
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.fail(new Error("DevTools connection closed"));
      this.#pending.clear();
    };
  }

  static open(url: string): Promise<Cdp> {
    return new Promise((ok, fail) => {
      const ws = new WebSocket(url);
      ws.onopen = () => ok(new Cdp(ws));
      ws.onerror = (e) => fail(new Error(`Cannot open DevTools socket ${url}: ${String(e)}`));
    });
  }

  on(listener: (method: string, params: Record<string, unknown>) => void): void {
    this.#listeners.push(listener);
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((ok, fail) => {
      this.#pending.set(id, { ok: ok as (v: unknown) => void, fail });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): Promise<void> {
    return new Promise((ok) => {
      if (this.#ws.readyState === WebSocket.CLOSED) return ok();
      this.#ws.addEventListener("close", () => ok(), { once: true });
      this.#ws.close();
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}

/** Reads `DevToolsActivePort` (port, then browser path) that Chromium writes at start. */
async function waitForDevToolsPort(profile: string, deadline: number): Promise<number> {
  const file = join(profile, "DevToolsActivePort");
  while (performance.now() < deadline) {
    try {
      const [port] = (await Deno.readTextFile(file)).split("\n");
      if (/^\d+$/.test(port)) return Number(port);
    } catch {
      // not written yet
    }
    await delay(100);
  }
  throw new Error(
    `Cannot start Chromium as a DevTools server: ${file} did not appear in time — ` +
      `check that ${CHROMIUM_PATH} runs headless on this machine`,
  );
}

function remoteObjectText(o: Record<string, unknown>): string {
  if (o.value !== undefined) return typeof o.value === "string" ? o.value : JSON.stringify(o.value);
  return String(o.description ?? o.type ?? "");
}

/** What the page reports about its figures (evaluated in the page). */
const FIGURE_PROBE = `(() => {
  const nodes = Array.from(document.querySelectorAll('.plotly-graph-div, .js-plotly-plot'))
    .filter((el, i, all) => !all.some((other) => other !== el && other.contains(el)));
  return JSON.stringify({
    svg: nodes.map((el) => el.querySelectorAll('svg.main-svg').length),
    ready: document.readyState,
    title: document.title,
  });
})()`;

/**
 * Opens `htmlPath` in headless Chromium (`--headless --no-sandbox --disable-gpu
 * --disable-background-networking`, a temporary profile), waits for the load event and then
 * until every Plotly figure has drawn (or the timeout), and reports the figures and console
 * errors. Chromium is closed and its profile removed before returning.
 *
 * @param htmlPath the HTML file (absolute, or relative to the working directory)
 * @param options Chromium binary, timeouts, window size
 * @returns what rendered and what went wrong
 * @throws {Error} when Chromium cannot be started or the page cannot be opened
 */
export async function renderHtml(
  htmlPath: string,
  options: RenderOptions = {},
): Promise<RenderReport> {
  const path = isAbsolute(htmlPath) ? htmlPath : resolve(htmlPath);
  await Deno.stat(path); // a missing file fails here, with its name
  const url = pathToFileURL(path).href;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const settleMs = options.settleMs ?? 500;
  const [w, h] = options.windowSize ?? [1280, 2000];
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  const start = performance.now();
  const deadline = start + timeoutMs;
  const child = new Deno.Command(options.chromium ?? defaultChromium(), {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--no-default-browser-check",
      "--remote-debugging-port=0",
      "--remote-allow-origins=*",
      `--user-data-dir=${profile}`,
      `--window-size=${w},${h}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let browser: Cdp | undefined;
  let page: Cdp | undefined;
  try {
    const port = await waitForDevToolsPort(profile, deadline);
    const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
    browser = await Cdp.open(version.webSocketDebuggerUrl);
    const { targetId } = await browser.send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
    });
    page = await Cdp.open(`ws://127.0.0.1:${port}/devtools/page/${targetId}`);
    const consoleErrors: string[] = [];
    const consoleWarnings: string[] = [];
    let loaded = false;
    page.on((method, params) => {
      if (method === "Runtime.consoleAPICalled") {
        const args = (params.args as Record<string, unknown>[] ?? []).map(remoteObjectText);
        const line = `console.${params.type}: ${args.join(" ")}`;
        if (params.type === "error" || params.type === "assert") consoleErrors.push(line);
        else if (params.type === "warning") consoleWarnings.push(line);
      } else if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails as Record<string, unknown>;
        const ex = d.exception as Record<string, unknown> | undefined;
        consoleErrors.push(
          `uncaught: ${ex ? remoteObjectText(ex) : d.text} (line ${d.lineNumber ?? "?"})`,
        );
      } else if (method === "Log.entryAdded") {
        const e = params.entry as Record<string, unknown>;
        const line = `${e.source}: ${e.text}${e.url ? ` ${e.url}` : ""}`;
        if (e.level === "error") consoleErrors.push(line);
        else if (e.level === "warning") consoleWarnings.push(line);
      } else if (method === "Page.loadEventFired") {
        loaded = true;
      }
    });
    await page.send("Runtime.enable");
    await page.send("Log.enable");
    await page.send("Page.enable");
    const nav = await page.send<{ errorText?: string }>("Page.navigate", { url });
    if (nav.errorText) {
      throw new Error(`Cannot open ${url} in Chromium as a page: ${nav.errorText}`);
    }
    while (!loaded && performance.now() < deadline) await delay(50);
    let svg: number[] = [];
    let title = "";
    let stableSince = -1;
    let lastKey = "";
    while (performance.now() < deadline) {
      const r = await page.send<{ result: { value?: string } }>("Runtime.evaluate", {
        expression: FIGURE_PROBE,
        returnByValue: true,
      });
      const probe = JSON.parse(r.result.value ?? "{}");
      svg = probe.svg ?? [];
      title = probe.title ?? "";
      const key = JSON.stringify(svg);
      const now = performance.now();
      if (key !== lastKey) {
        lastKey = key;
        stableSince = now;
      }
      const done = loaded && probe.ready === "complete" && svg.every((n: number) => n > 0);
      if (done && now - stableSince >= settleMs) break;
      await delay(100);
    }
    if (options.screenshotPath) {
      const shot = await page.send<{ data: string }>("Page.captureScreenshot", {
        format: "png",
        captureBeyondViewport: true,
      });
      const bin = atob(shot.data);
      await Deno.writeFile(options.screenshotPath, Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    }
    return {
      url,
      figures: svg.length,
      svgPerFigure: svg,
      consoleErrors,
      consoleWarnings,
      title,
      milliseconds: Math.round(performance.now() - start),
      allRendered: loaded && svg.every((n) => n > 0),
    };
  } finally {
    await page?.close().catch(() => {});
    await browser?.send("Browser.close").catch(() => {});
    await browser?.close().catch(() => {});
    const exited = await Promise.race([
      child.status.then(() => true),
      delay(5000).then(() => false),
    ]);
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await child.status;
    }
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** The CLI: `deno run -A tests/support/chromium.ts FILE.html…` prints one report per file. */
if (import.meta.main) {
  let failed = false;
  for (const file of Deno.args) {
    const r = await renderHtml(file);
    const ok = r.allRendered && r.consoleErrors.length === 0;
    failed ||= !ok;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${file}: ${r.figures} figures, svg.main-svg per figure ` +
        `[${
          r.svgPerFigure.join(", ")
        }], ${r.consoleErrors.length} console errors, ${r.milliseconds} ms`,
    );
    for (const e of r.consoleErrors) console.log(`     ${e}`);
  }
  if (failed) Deno.exit(1);
}
