/**
 * Fault injection on `./lab report`: bad arguments and settings (caught before any kernel
 * starts), two runs on one results folder, and SIGINT / SIGTERM / SIGKILL of the runner while a
 * kernel runs. The kernel must never outlive the runner, and a run after a killed one must
 * remove what it left and succeed.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { join } from "node:path";
import { parseReportArgs, USAGE } from "../../lib/report/cli.ts";
import { LOCK_FILE, lockResultsFolder, runReport } from "../../lib/report/mod.ts";
import {
  processRunning,
  projectUrl,
  ROOT,
  runScript,
  tempDir,
  tempLeftovers,
  waitFor,
} from "./_support.ts";

const NOTEBOOKS = ["01_first", "02_second", "10_last"];

Deno.test("faults: the report's arguments and settings are checked before any kernel starts", async (t) => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ["--only ,", ["--only", ","], {}, "Cannot use --only ',' as it must list notebooks"],
    ["--only ''", ["--only", ""], {}, "Cannot use --only '' as it must list notebooks"],
    ["--only 01,", ["--only", "01,"], {}, "found an empty entry"],
    ["--only 03", ["--only", "03"], {}, "Cannot use --only '03' as it must be the number"],
    ["--cell-timeout abc", ["--cell-timeout", "abc"], {}, "Cannot use --cell-timeout 'abc'"],
    ["--cell-timeout 0", ["--cell-timeout", "0"], {}, "at least 1"],
    [
      "--profile nope",
      ["--profile", "nope"],
      {},
      "Cannot use --profile 'nope' as it must be one of",
    ],
    ["--seeds 21", ["--seeds", "21"], {}, "Cannot use --seeds '21' as it must be a whole number"],
    ["an unknown option", ["--fast"], {}, "Cannot use the option '--fast'"],
    ["a missing value", ["--only"], {}, "Cannot use --only as given: it needs a value"],
    ["NOTEBOOK_PROFILE", [], { NOTEBOOK_PROFILE: "nope" }, "Cannot use NOTEBOOK_PROFILE 'nope'"],
    [
      "NOTEBOOK_SEED beyond 32 bits",
      [],
      { NOTEBOOK_SEED: "4294967338" },
      "Cannot use NOTEBOOK_SEED '4294967338' as it must be a whole number from 0 to 4294967295",
    ],
    ["NOTEBOOK_SEED not a number", [], { NOTEBOOK_SEED: "abc" }, "Cannot use NOTEBOOK_SEED 'abc'"],
    [
      "seeds running past 32 bits",
      ["--seeds", "3"],
      { NOTEBOOK_SEED: "4294967295" },
      "the last, 4294967297, must be at most 4294967295",
    ],
    ["NOTEBOOK_SEEDS", [], { NOTEBOOK_SEEDS: "x" }, "Cannot use NOTEBOOK_SEEDS 'x'"],
    ["--max-steps 0", ["--max-steps", "0"], {}, "Cannot use --max-steps '0' as it must be a whole"],
    [
      "NOTEBOOK_MAX_STEPS",
      [],
      { NOTEBOOK_MAX_STEPS: "all" },
      "Cannot use NOTEBOOK_MAX_STEPS 'all'",
    ],
    [
      "TFJS_WASM_THREADS=999",
      [],
      { TFJS_WASM_THREADS: "999" },
      "Cannot use TFJS_WASM_THREADS '999' as a thread count: it must be a whole number from 1 to 8",
    ],
    ["TFJS_BACKEND", [], { TFJS_BACKEND: "gpu" }, "Cannot use TFJS_BACKEND 'gpu'"],
    [
      "TRIPLE_MNIST_IMAGES_PER_CLASS",
      [],
      { TRIPLE_MNIST_IMAGES_PER_CLASS: "lots" },
      "Cannot use TRIPLE_MNIST_IMAGES_PER_CLASS 'lots'",
    ],
  ];
  for (const [what, args, env, message] of cases) {
    await t.step(what, () => {
      const e = assertThrows(() =>
        parseReportArgs(args, { env: (n) => env[n], notebooks: NOTEBOOKS })
      );
      assert(e instanceof RangeError || e instanceof TypeError, `${e}`);
      assertStringIncludes(e.message, message);
      assert(!e.message.includes("\n"), "one line");
    });
  }
  await t.step("good values pass", () => {
    const env: Record<string, string> = { NOTEBOOK_SEED: "4294967294", TFJS_WASM_THREADS: "2" };
    const args = parseReportArgs(
      ["--profile", "quick", "--only", " 01, 10_last ", "--seeds", "2", "--cell-timeout", "90"],
      { env: (n) => env[n], notebooks: NOTEBOOKS },
    );
    assertEquals(args, {
      help: false,
      profile: "quick",
      only: ["01", "10_last"],
      seeds: 2,
      cellTimeoutSeconds: 90,
    });
    assertEquals(
      parseReportArgs([], { env: () => undefined, notebooks: NOTEBOOKS }).profile,
      "standard",
    );
    const capped = (args: string[], env: Record<string, string>) =>
      parseReportArgs(args, { env: (n) => env[n], notebooks: NOTEBOOKS }).maxSteps;
    assertEquals(capped(["--max-steps", "2"], {}), 2);
    assertEquals(capped([], { NOTEBOOK_MAX_STEPS: "3" }), 3);
    assertEquals(capped(["--max-steps", "2"], { NOTEBOOK_MAX_STEPS: "3" }), 2, "the option wins");
    assertEquals(capped([], {}), undefined);
  });
});

Deno.test("faults: a bad argument prints one line and the usage, no stack trace, exits 2, and leaves the index alone", async () => {
  const { dir: results, cleanup } = await tempDir();
  try {
    Deno.mkdirSync(join(results, "html"));
    Deno.writeTextFileSync(join(results, "html", "index.html"), "the last report");
    for (const args of [["--only", ","], ["--cell-timeout", "abc"], ["--profile", "nope"]]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", join(ROOT, "lib/report/cli.ts"), ...args],
        env: { DIGITS_RESULTS_DIR: results, NOTEBOOK_SEED: "" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 2, stderr);
      const lines = stderr.split("\n");
      assert(lines[0].startsWith("report: Cannot use "), lines[0]);
      assertEquals(lines[1], "");
      assertEquals(lines.slice(2).join("\n").trim(), USAGE);
      assert(!/^\s+at /m.test(stderr), "no stack trace");
    }
    assertEquals(Deno.readTextFileSync(join(results, "html", "index.html")), "the last report");
  } finally {
    await cleanup();
  }
});

/** A notebook that records its kernel's pid in `pidFile` and then runs for `seconds`. */
function notebook(pidFile: string, seconds: number): string {
  const source = `Deno.writeTextFileSync(${JSON.stringify(pidFile)}, String(Deno.pid));\n` +
    `await new Promise((r) => setTimeout(r, ${seconds * 1000}));\n"done"`;
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    cells: [
      { cell_type: "markdown", id: "t", metadata: {}, source: "# A fixture" },
      { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [], source },
    ],
  });
}

/** Fixture notebooks: 01 quick, 02 long; each records its kernel's pid. */
function fixtures(root: string): { dir: string; pid: (nb: string) => number | undefined } {
  const dir = join(root, "notebooks");
  Deno.mkdirSync(dir);
  Deno.writeTextFileSync(join(dir, "01_quick.ipynb"), notebook(join(root, "01.pid"), 0));
  Deno.writeTextFileSync(join(dir, "02_long.ipynb"), notebook(join(root, "02.pid"), 120));
  return {
    dir,
    pid: (nb) => {
      try {
        return Number(Deno.readTextFileSync(join(root, `${nb}.pid`)));
      } catch {
        return undefined;
      }
    },
  };
}

function reportScript(notebooksDir: string, only?: string[]): string {
  return `
    import { runReport } from ${JSON.stringify(projectUrl("lib/report/mod.ts"))};
    console.log("starting");
    const entries = await runReport({ profile: "quick", notebooksDir: ${
    JSON.stringify(notebooksDir)
  }, only: ${JSON.stringify(only)} });
    console.log("finished " + entries.map((e) => e.name + ":" + e.ok).join(" "));
  `;
}

Deno.test("faults: SIGINT or SIGTERM of the report runner stops the kernel and leaves no temp file or lock", async (t) => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const nbs = fixtures(root);
    const points: [
      string,
      Deno.Signal,
      string[] | undefined,
      (results: string) => Promise<void>,
      number,
    ][] = [
      ["SIGINT while a cell runs", "SIGINT", ["02"], async () => {
        await waitFor("the long notebook's kernel", () => nbs.pid("02") !== undefined, 120);
      }, 130],
      ["SIGTERM as the second notebook starts", "SIGTERM", undefined, async (results) => {
        await waitFor("the first notebook's page", () => {
          try {
            return Deno.statSync(join(results, "html", "01_quick.html")).isFile;
          } catch {
            return false;
          }
        }, 120);
      }, 143],
    ];
    for (const [what, signal, only, reach, code] of points) {
      await t.step(what, async () => {
        try {
          Deno.removeSync(join(root, "02.pid"));
        } catch { /* not there */ }
        const results = join(root, `results_${signal}`);
        const child = await runScript(reportScript(nbs.dir, only), {
          DIGITS_RESULTS_DIR: results,
        }, root);
        await reach(results);
        const kernel = nbs.pid("02");
        child.process.kill(signal);
        const end = await child.finished();
        assertEquals(end.code, code, end.output);
        if (kernel !== undefined) {
          await waitFor(`kernel ${kernel} to end`, () => !processRunning(kernel), 10);
        }
        assertEquals(tempLeftovers(results), [], "no partial notebook or page");
        assert(!Deno.readDirSync(results).some((e) => e.name === LOCK_FILE), "lock file removed");
      });
    }
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a SIGKILLed report runner's kernel does not survive, and the next report cleans up and runs", async () => {
  const { dir: root, cleanup } = await tempDir();
  const results = join(root, "results");
  try {
    const nbs = fixtures(root);
    const child = await runScript(reportScript(nbs.dir, ["02"]), {
      DIGITS_RESULTS_DIR: results,
    }, root);
    await waitFor("the long notebook's kernel", () => nbs.pid("02") !== undefined, 120);
    const kernel = nbs.pid("02")!;
    child.process.kill("SIGKILL");
    await child.finished();
    await waitFor(`orphaned kernel ${kernel} to end`, () => !processRunning(kernel), 10);

    // what a killed run can leave, beside what this one left: a partial notebook of a dead runner
    const stale = join(results, "html", ".02_long.partial-999999999-1-abc.ipynb");
    Deno.writeTextFileSync(stale, "{}");
    const before = Deno.env.get("DIGITS_RESULTS_DIR");
    Deno.env.set("DIGITS_RESULTS_DIR", results);
    try {
      const entries = await runReport({ profile: "quick", notebooksDir: nbs.dir, only: ["01"] });
      assertEquals(entries.map((e) => [e.name, e.ok]), [["01_quick", true]]);
    } finally {
      if (before === undefined) Deno.env.delete("DIGITS_RESULTS_DIR");
      else Deno.env.set("DIGITS_RESULTS_DIR", before);
    }
    assertEquals(tempLeftovers(results), []);
    assertEquals(
      [...Deno.readDirSync(join(results, "html"))].map((e) => e.name).sort(),
      ["01_quick.html", "index.html"],
    );
  } finally {
    await cleanup();
  }
});

Deno.test("faults: two runs cannot write one results folder at once", async () => {
  const { dir: root, cleanup } = await tempDir();
  const results = join(root, "results");
  try {
    const holder = await runScript(
      `
      import { lockResultsFolder } from ${JSON.stringify(projectUrl("lib/report/mod.ts"))};
      await lockResultsFolder(${JSON.stringify(results)}, "a report, profile standard");
      console.log("locked");
      await new Promise((r) => setTimeout(r, 120_000));
    `,
      {},
      root,
    );
    await holder.waitForOutput("locked");
    const e = await assertRejects(
      () => lockResultsFolder(results, "a report, profile quick"),
      Deno.errors.Busy,
    );
    assertStringIncludes(
      e.message,
      `Cannot write the report into '${results}' as another run is writing there (a report, profile standard, pid ${holder.process.pid}, started `,
    );
    assertStringIncludes(e.message, "wait for it to finish, or set DIGITS_RESULTS_DIR");
    // the operating system releases the lock of a killed run: the next run goes ahead
    holder.process.kill("SIGKILL");
    await holder.finished();
    const lock = await lockResultsFolder(results, "a report, profile quick");
    await lock.release();
    assertEquals([...Deno.readDirSync(results)].length, 0, "the lock file is removed on release");
  } finally {
    await cleanup();
  }
});
