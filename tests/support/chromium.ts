/**
 * Headless Chromium driven over the DevTools protocol with Deno's WebSocket, offline: open
 * pages (files or http), evaluate script in them, wait for conditions, and report what
 * rendered — the Plotly figures, the `svg.main-svg` elements in each, console errors, and every
 * request the page made. Nothing here downloads a browser: it runs Debian's `/usr/bin/chromium`.
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

/** What {@linkcode renderHtml} and {@linkcode Page.render} found on the page. */
export interface RenderReport {
  /** the URL opened */
  url: string;
  /** Plotly figure containers (`.plotly-graph-div`, or `.js-plotly-plot`) */
  figures: number;
  /** `svg.main-svg` elements inside each container, in document order */
  svgPerFigure: number[];
  /** console errors, uncaught exceptions and failed loads, one line each */
  consoleErrors: string[];
  /** console warnings (informational) */
  consoleWarnings: string[];
  /** every URL the page requested (the page itself included), in order */
  requests: string[];
  /** the page title */
  title: string;
  /** milliseconds from navigation to the end of waiting */
  milliseconds: number;
  /** whether every figure had at least one `svg.main-svg` before the timeout */
  allRendered: boolean;
}

/** Options of {@linkcode Chromium.launch}. */
export interface LaunchOptions {
  /** the Chromium binary (default `CHROMIUM_PATH`, or `CHROMIUM` from the environment) */
  chromium?: string;
  /** browser window size (default 1280×2000) */
  windowSize?: [number, number];
  /** the longest wait for the browser to start, in milliseconds (default 60 000) */
  startTimeoutMs?: number;
}

/** Options of {@linkcode renderHtml} and {@linkcode Page.render}. */
export interface RenderOptions extends LaunchOptions {
  /** the longest wait for the page and its figures, in milliseconds (default 60 000) */
  timeoutMs?: number;
  /** how long the figure count must stay unchanged once all have drawn (default 500 ms) */
  settleMs?: number;
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

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
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
  return {
    svg: nodes.map((el) => el.querySelectorAll('svg.main-svg').length),
    ready: document.readyState,
    title: document.title,
  };
})()`;

/** One browser tab. */
export class Page {
  #cdp: Cdp;
  #loaded = false;
  /** console errors, uncaught exceptions and failed loads since the page was opened */
  readonly consoleErrors: string[] = [];
  /** console warnings */
  readonly consoleWarnings: string[] = [];
  /** every URL requested since the page was opened */
  readonly requests: string[] = [];

  #closeTarget: () => Promise<unknown>;

  constructor(cdp: Cdp, closeTarget: () => Promise<unknown> = () => Promise.resolve()) {
    this.#cdp = cdp;
    this.#closeTarget = closeTarget;
    cdp.on((method, params) => {
      if (method === "Runtime.consoleAPICalled") {
        const args = (params.args as Record<string, unknown>[] ?? []).map(remoteObjectText);
        const line = `console.${params.type}: ${args.join(" ")}`;
        if (params.type === "error" || params.type === "assert") this.consoleErrors.push(line);
        else if (params.type === "warning") this.consoleWarnings.push(line);
      } else if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails as Record<string, unknown>;
        const ex = d.exception as Record<string, unknown> | undefined;
        this.consoleErrors.push(
          `uncaught: ${ex ? remoteObjectText(ex) : d.text} (line ${d.lineNumber ?? "?"})`,
        );
      } else if (method === "Log.entryAdded") {
        const e = params.entry as Record<string, unknown>;
        const line = `${e.source}: ${e.text}${e.url ? ` ${e.url}` : ""}`;
        if (e.level === "error") this.consoleErrors.push(line);
        else if (e.level === "warning") this.consoleWarnings.push(line);
      } else if (method === "Network.requestWillBeSent") {
        const r = params.request as Record<string, unknown>;
        this.requests.push(String(r.url));
      } else if (method === "Page.loadEventFired") {
        this.#loaded = true;
      }
    });
  }

  /** Enables the events this class listens to. */
  async init(): Promise<void> {
    await this.#cdp.send("Runtime.enable");
    await this.#cdp.send("Log.enable");
    await this.#cdp.send("Page.enable");
    await this.#cdp.send("Network.enable");
  }

  /**
   * Opens `url` and waits for its load event.
   *
   * @param url the address
   * @param timeoutMs the longest wait (default 60 s)
   * @throws {Error} when the page cannot be opened or does not load in time
   */
  async navigate(url: string, timeoutMs = 60_000): Promise<void> {
    this.#loaded = false;
    const nav = await this.#cdp.send<{ errorText?: string }>("Page.navigate", { url });
    if (nav.errorText) throw new Error(`Cannot open ${url} in Chromium: ${nav.errorText}`);
    await this.#waitLoaded(url, timeoutMs);
  }

  /** Reloads the page and waits for its load event. */
  async reload(timeoutMs = 60_000): Promise<void> {
    this.#loaded = false;
    await this.#cdp.send("Page.reload", { ignoreCache: true });
    await this.#waitLoaded("the reloaded page", timeoutMs);
  }

  async #waitLoaded(what: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.#loaded) {
      if (performance.now() > deadline) {
        throw new Error(`Cannot load ${what} in Chromium within ${timeoutMs} ms`);
      }
      await delay(50);
    }
  }

  /**
   * Evaluates `expression` in the page (awaiting a Promise) and returns its value as JSON.
   *
   * @param expression JavaScript
   * @returns the value
   * @throws {Error} when the expression throws
   */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.#cdp.send<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: Record<string, unknown> };
    }>("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) {
      const ex = r.exceptionDetails.exception;
      throw new Error(
        `Script failed in the page: ${ex ? remoteObjectText(ex) : r.exceptionDetails.text}`,
      );
    }
    return r.result.value as T;
  }

  /**
   * Waits until `expression` is truthy in the page.
   *
   * @param expression JavaScript
   * @param what a description for the error
   * @param timeoutMs the longest wait (default 60 s)
   * @param intervalMs how often to ask (default 250 ms)
   * @returns the truthy value
   * @throws {Error} when it stays falsy
   */
  async waitFor<T = unknown>(
    expression: string,
    what: string,
    timeoutMs = 60_000,
    intervalMs = 250,
  ): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    let last: unknown;
    while (performance.now() < deadline) {
      try {
        last = await this.evaluate<T>(expression);
        if (last) return last as T;
      } catch (e) {
        last = e;
      }
      await delay(intervalMs);
    }
    throw new Error(
      `Timed out after ${timeoutMs} ms waiting for ${what} (last: ${
        last instanceof Error ? last.message : JSON.stringify(last)
      })`,
    );
  }

  /**
   * Waits until every Plotly figure on the page has drawn (or the timeout) and reports.
   *
   * @param options timeout, settle time, screenshot
   * @returns what rendered, and the errors and requests since the page was opened
   */
  async render(options: RenderOptions = {}): Promise<RenderReport> {
    const start = performance.now();
    const deadline = start + (options.timeoutMs ?? 60_000);
    const settleMs = options.settleMs ?? 500;
    let svg: number[] = [];
    let title = "";
    let stableSince = -1;
    let lastKey = "";
    let ready = false;
    while (performance.now() < deadline) {
      const probe = await this.evaluate<{ svg: number[]; ready: string; title: string }>(
        FIGURE_PROBE,
      );
      svg = probe.svg;
      title = probe.title;
      ready = this.#loaded && probe.ready === "complete";
      const key = JSON.stringify(svg);
      const now = performance.now();
      if (key !== lastKey) {
        lastKey = key;
        stableSince = now;
      }
      if (ready && svg.every((n) => n > 0) && now - stableSince >= settleMs) break;
      await delay(100);
    }
    if (options.screenshotPath) await this.screenshot(options.screenshotPath);
    return {
      url: await this.evaluate<string>("location.href"),
      figures: svg.length,
      svgPerFigure: svg,
      consoleErrors: [...this.consoleErrors],
      consoleWarnings: [...this.consoleWarnings],
      requests: [...this.requests],
      title,
      milliseconds: Math.round(performance.now() - start),
      allRendered: ready && svg.every((n) => n > 0),
    };
  }

  /** Writes a PNG screenshot of the whole page. */
  async screenshot(path: string): Promise<void> {
    const shot = await this.#cdp.send<{ data: string }>("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
    });
    await Deno.writeFile(path, Uint8Array.from(atob(shot.data), (c) => c.charCodeAt(0)));
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    await this.#cdp.close().catch(() => {});
    await this.#closeTarget().catch(() => {});
  }
}

/** A headless Chromium process with a temporary profile. */
export class Chromium {
  #child: Deno.ChildProcess;
  #profile: string;
  #port: number;
  #browser: Cdp;
  #pages: Page[] = [];

  private constructor(child: Deno.ChildProcess, profile: string, port: number, browser: Cdp) {
    this.#child = child;
    this.#profile = profile;
    this.#port = port;
    this.#browser = browser;
  }

  /**
   * Starts Chromium (`--headless --no-sandbox --disable-gpu --disable-background-networking`,
   * a temporary profile) as a DevTools server.
   *
   * @param options binary, window size, start timeout
   * @returns the browser; {@linkcode Chromium.close} it
   * @throws {Error} when Chromium cannot be started
   */
  static async launch(options: LaunchOptions = {}): Promise<Chromium> {
    const [w, h] = options.windowSize ?? [1280, 2000];
    const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
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
    try {
      const deadline = performance.now() + (options.startTimeoutMs ?? 60_000);
      const port = await waitForDevToolsPort(profile, deadline);
      const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
      const browser = await Cdp.open(version.webSocketDebuggerUrl);
      return new Chromium(child, profile, port, browser);
    } catch (e) {
      await stop(child);
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      throw e;
    }
  }

  /** Opens a new tab, with console, log, page and network events enabled. */
  async newPage(): Promise<Page> {
    const { targetId } = await this.#browser.send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
    });
    const page = new Page(
      await Cdp.open(`ws://127.0.0.1:${this.#port}/devtools/page/${targetId}`),
      () => this.#browser.send("Target.closeTarget", { targetId }),
    );
    await page.init();
    this.#pages.push(page);
    return page;
  }

  /** Closes every tab and the browser, and removes its profile. */
  async close(): Promise<void> {
    for (const p of this.#pages) await p.close();
    await this.#browser.send("Browser.close").catch(() => {});
    await this.#browser.close().catch(() => {});
    await stop(this.#child);
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  const exited = await Promise.race([child.status.then(() => true), delay(5000).then(() => false)]);
  if (!exited) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await child.status;
  }
}

/** `path` as a `file:` URL, or `url` unchanged when it already is one (http:, file:). */
export function pageUrl(pathOrUrl: string): string {
  if (/^(https?|file):/.test(pathOrUrl)) return pathOrUrl;
  return pathToFileURL(isAbsolute(pathOrUrl) ? pathOrUrl : resolve(pathOrUrl)).href;
}

/**
 * Opens a page in a fresh headless Chromium, waits for its load event and then until every
 * Plotly figure has drawn (or the timeout, counted from navigation), and reports the figures,
 * console errors and requests. Chromium is closed and its profile removed before returning.
 *
 * @param pathOrUrl an HTML file (absolute, or relative to the working directory) or a URL
 * @param options timeouts, window size, screenshot
 * @returns what rendered and what went wrong
 * @throws {Error} when Chromium cannot be started or the page cannot be opened
 */
export async function renderHtml(
  pathOrUrl: string,
  options: RenderOptions = {},
): Promise<RenderReport> {
  const url = pageUrl(pathOrUrl);
  if (url.startsWith("file:")) await Deno.stat(new URL(url)); // a missing file fails here
  const browser = await Chromium.launch(options);
  try {
    const page = await browser.newPage();
    const start = performance.now();
    const timeoutMs = options.timeoutMs ?? 60_000;
    await page.navigate(url, timeoutMs);
    return await page.render({
      ...options,
      timeoutMs: Math.max(1000, timeoutMs - (performance.now() - start)),
    });
  } finally {
    await browser.close();
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
