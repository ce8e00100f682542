/**
 * Silent settings and litter: a thread count beyond what the wasm build can run, seeds beyond 32
 * bits, and a new `/tmp/xdg-runtime-*` folder for every WebGPU probe.
 */
import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "node:path";
import { cpuCores, defaultWasmThreads, wasmThreadsSetting } from "../../lib/backend/mod.ts";
import { sharedXdgRuntimeDir } from "../../lib/backend/webgpu.ts";
import { activeSeed, activeSeeds } from "../../lib/config/mod.ts";
import { projectUrl, runScript, tempDir } from "./_support.ts";

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const set = (k: string, v: string | undefined) =>
    v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  try {
    for (const [k, v] of Object.entries(vars)) set(k, v);
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) set(k, v);
  }
}

Deno.test("faults: TFJS_WASM_THREADS=999 is refused instead of silently running 8 threads", () => {
  const e = withEnv(
    { TFJS_WASM_THREADS: "999" },
    () => assertThrows(() => defaultWasmThreads(), RangeError),
  );
  assertStringIncludes(
    e.message,
    "Cannot use TFJS_WASM_THREADS '999' as a thread count: it must be a whole number from 1 to 8",
  );
  for (const bad of ["0", "-2", "2.5", "two", "9"]) {
    withEnv({ TFJS_WASM_THREADS: bad }, () => assertThrows(() => defaultWasmThreads(), RangeError));
  }
});

Deno.test("faults: the wasm thread count says where it comes from, and when it exceeds the cores", () => {
  const cores = cpuCores();
  assertEquals(wasmThreadsSetting(() => "1"), { threads: 1, why: "TFJS_WASM_THREADS=1" });
  const many = wasmThreadsSetting(() => String(Math.min(8, cores + 1)));
  if (cores < 8) {
    assertStringIncludes(many.why, `more than the ${cores} cores here: slower than ${cores}`);
  }
  const auto = wasmThreadsSetting(() => undefined);
  assertEquals(auto.threads, Math.min(4, cores));
  assertEquals(auto.why, `one per core: ${cores} cores, at most 4`);
});

Deno.test("faults: NOTEBOOK_SEED beyond 32 bits is refused where the notebooks read it, not wrapped", () => {
  withEnv({ NOTEBOOK_SEED: "4294967338", NOTEBOOK_SEEDS: undefined }, () => {
    const e = assertThrows(() => activeSeed(), RangeError);
    assertStringIncludes(e.message, "must be a whole number from 0 to 4294967295");
  });
  withEnv({ NOTEBOOK_SEED: "4294967295", NOTEBOOK_SEEDS: "2" }, () => {
    assertThrows(() => activeSeeds(), RangeError, "must be at most 4294967295");
  });
  withEnv({ NOTEBOOK_SEED: "4294967295", NOTEBOOK_SEEDS: undefined }, () => {
    assertEquals(activeSeeds(), [4294967295]);
  });
});

Deno.test("faults: WebGPU probes share one private runtime folder instead of leaving one each in /tmp", async () => {
  const { dir: tmp, cleanup } = await tempDir();
  const { dir: scripts, cleanup: cleanupScripts } = await tempDir();
  try {
    const a = withEnv({ TMPDIR: tmp }, () => sharedXdgRuntimeDir());
    const b = withEnv({ TMPDIR: tmp }, () => sharedXdgRuntimeDir());
    assertEquals(a, join(tmp, `digits-xdg-runtime-${Deno.uid()}`));
    assertEquals(b, a);
    assertEquals((Deno.statSync(a!).mode ?? 0) & 0o777, 0o700);

    // two processes that probe WebGPU without XDG_RUNTIME_DIR: still one folder
    const env = Object.fromEntries(
      Object.entries(Deno.env.toObject()).filter(([k]) => k !== "XDG_RUNTIME_DIR"),
    );
    for (let i = 0; i < 2; i++) {
      const child = await runScript(
        `
        import { probeWebGpu } from ${JSON.stringify(projectUrl("lib/backend/webgpu.ts"))};
        await probeWebGpu();
        console.log("runtime " + Deno.env.get("XDG_RUNTIME_DIR"));
      `,
        { ...env, TMPDIR: tmp },
        scripts,
        true,
      );
      const end = await child.finished();
      assertEquals(end.code, 0, end.output);
      if (!end.output.includes("runtime undefined")) {
        assertStringIncludes(end.output, `runtime ${a}`);
      }
    }
    const names = [...Deno.readDirSync(tmp)].map((e) => e.name);
    assertEquals(names, [`digits-xdg-runtime-${Deno.uid()}`]);
    assert(!names.some((n) => n.startsWith("xdg-runtime-")));
  } finally {
    await cleanup();
    await cleanupScripts();
  }
});
