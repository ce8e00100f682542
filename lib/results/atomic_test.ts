import { assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "./atomic.ts";

Deno.test("writeJsonAtomic() creates folders and leaves no temp file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "a", "b", "metrics.json");
  await writeJsonAtomic(path, { accuracy: 0.98 });
  assertEquals(JSON.parse(await Deno.readTextFile(path)), { accuracy: 0.98 });
  const names = [...Deno.readDirSync(join(dir, "a", "b"))].map((e) => e.name);
  assertEquals(names, ["metrics.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic() replaces an existing file whole", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "x.bin");
  await writeFileAtomic(path, new Uint8Array([1, 2, 3, 4]));
  await writeFileAtomic(path, new Uint8Array([9]));
  assertEquals(await Deno.readFile(path), new Uint8Array([9]));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeFileAtomic() removes its temp file when the rename fails", async () => {
  const dir = await Deno.makeTempDir();
  const target = join(dir, "taken");
  await Deno.mkdir(join(target, "inside"), { recursive: true }); // a non-empty folder: rename fails
  await assertRejects(() => writeFileAtomic(target, "text"));
  const names = [...Deno.readDirSync(dir)].map((e) => e.name);
  assertEquals(names, ["taken"]);
  await Deno.remove(dir, { recursive: true });
});
