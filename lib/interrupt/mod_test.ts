import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  InterruptedError,
  interruptedSince,
  interruptMark,
  simulateInterrupt,
  throwIfInterrupted,
} from "./mod.ts";

Deno.test("interruptedSince() counts only interrupts after the mark", () => {
  const before = interruptMark();
  simulateInterrupt();
  const after = interruptMark();
  assert(interruptedSince(before));
  assert(!interruptedSince(after));
  assertThrows(() => throwIfInterrupted(before, "testing"), InterruptedError, "while testing");
  throwIfInterrupted(after, "testing");
});

Deno.test("a script interrupted by SIGINT runs its cleanups and exits with 130", async () => {
  const dir = await Deno.makeTempDir();
  const script = `
    import { onInterruptCleanup } from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
    const tmp = ${JSON.stringify(dir)} + "/work.tmp";
    await Deno.mkdir(tmp);
    onInterruptCleanup(() => Deno.remove(tmp, { recursive: true }));
    console.log("ready");
    setInterval(() => {}, 1000);
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(script));
  await w.close();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  child.kill("SIGINT");
  const status = await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  assertEquals(status.code, 130);
  assertEquals([...Deno.readDirSync(dir)].length, 0, "the temp folder was removed");
  await Deno.remove(dir, { recursive: true });
});
