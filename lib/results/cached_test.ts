import { assert, assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { type ArtifactKey, cachedArtifact, canonicalJson, keyDifference } from "./cached.ts";

interface Rec {
  value: number;
  key?: unknown;
}

/** A cached number saved as `record.json` (plus `data.txt`), counting how often it is made. */
function counter(root: string, options: { failSave?: boolean } = {}) {
  let made = 0;
  const lines: string[] = [];
  const run = (key: ArtifactKey, remake = false) =>
    cachedArtifact<number, Rec>({
      what: "the number",
      dir: join(root, "number"),
      key,
      remake,
      load: async (dir, accept) => {
        let text: string;
        try {
          text = await Deno.readTextFile(join(dir, "record.json"));
        } catch (e) {
          if (e instanceof Deno.errors.NotFound) return undefined;
          throw e;
        }
        const record = JSON.parse(text) as Rec;
        if (!accept(record)) return undefined;
        const data = Number(await Deno.readTextFile(join(dir, "data.txt")));
        return { value: data, record };
      },
      make: () => {
        made++;
        return Promise.resolve({ value: 100 + made, record: { value: 100 + made } });
      },
      save: async (dir, value, record) => {
        await Deno.writeTextFile(join(dir, "data.txt"), String(value));
        if (options.failSave) throw new Error("disk full");
        await Deno.writeTextFile(join(dir, "record.json"), JSON.stringify(record));
      },
      describe: (r) => `value ${r.value}`,
      log: (l) => lines.push(l),
    });
  return { run, lines, made: () => made };
}

Deno.test("canonicalJson() ignores key order; keyDifference() names the first differing field", () => {
  assertEquals(
    canonicalJson({ b: 1, a: { d: 2, c: 3 } }),
    canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
  );
  assertEquals(keyDifference({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 }), undefined);
  assertEquals(
    keyDifference({ seed: 1, budget: { epochs: 4 } }, { seed: 1, budget: { epochs: 2 } }),
    "budget.epochs: saved 4, wanted 2",
  );
  assertEquals(
    keyDifference({ seed: 1 }, { seed: 1, pool: "disjoint" }),
    'pool: saved nothing, wanted "disjoint"',
  );
});

Deno.test("cachedArtifact() makes, saves, then reuses a result with the same key", async () => {
  const root = await Deno.makeTempDir();
  try {
    const c = counter(root);
    const first = await c.run({ seed: 1, budget: { epochs: 2, batch: 32 } });
    assertEquals([first.value, first.reused, c.made()], [101, false, 1]);
    assert(first.reason!.startsWith("nothing is saved in"));
    // the same key written in another order is the same key
    const second = await c.run({ budget: { batch: 32, epochs: 2 }, seed: 1 });
    assertEquals([second.value, second.reused, c.made()], [101, true, 1]);
    assertEquals(second.record.key, { budget: { batch: 32, epochs: 2 }, seed: 1 });
    assert(c.lines[0].startsWith("Making the number: nothing is saved in"));
    assertEquals(c.lines[1], `Saved the number to ${join(root, "number")} (value 101)`);
    assertEquals(c.lines[2], `Reused the number from ${join(root, "number")} (value 101)`);
    // asked to make it again
    const third = await c.run({ seed: 1, budget: { epochs: 2, batch: 32 } }, true);
    assertEquals([third.value, third.reused, third.reason], [102, false, "asked to make it again"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cachedArtifact() remakes on a key mismatch and says which field differed", async () => {
  const root = await Deno.makeTempDir();
  try {
    const c = counter(root);
    await c.run({ seed: 1, budget: { epochs: 2 } });
    const other = await c.run({ seed: 1, budget: { epochs: 3 } });
    assertEquals([other.value, other.reused], [102, false]);
    assertEquals(other.reason, "the saved key differs at budget.epochs: saved 2, wanted 3");
    assertEquals(
      c.lines.at(-2),
      "Making the number: the saved key differs at budget.epochs: saved 2, wanted 3",
    );
    // a record without a key (an earlier version's) is never reused
    await Deno.writeTextFile(join(root, "number", "record.json"), JSON.stringify({ value: 7 }));
    const old = await c.run({ seed: 1, budget: { epochs: 3 } });
    assertEquals(old.reused, false);
    assertEquals(old.reason, "its saved record has no key (saved by an earlier version)");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cachedArtifact() remakes a damaged result and says so", async () => {
  const root = await Deno.makeTempDir();
  try {
    const c = counter(root);
    await c.run({ seed: 1 });
    await Deno.writeTextFile(join(root, "number", "record.json"), '{"value": 1, "key": ');
    const again = await c.run({ seed: 1 });
    assertEquals([again.value, again.reused], [102, false]);
    assert(again.reason!.startsWith(`the saved copy in ${join(root, "number")} is damaged (`));
    assertEquals((await c.run({ seed: 1 })).reused, true);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cachedArtifact(): an interrupted write leaves the old result, or nothing", async () => {
  const root = await Deno.makeTempDir();
  try {
    const failing = counter(root, { failSave: true });
    await assertRejects(() => failing.run({ seed: 1 }), Error, "disk full");
    // nothing at all: no folder, no temp folder beside it
    assertEquals([...Deno.readDirSync(root)].map((e) => e.name), []);
    const good = counter(root);
    await good.run({ seed: 1 });
    await assertRejects(() => failing.run({ seed: 2 }), Error, "disk full");
    assertEquals([...Deno.readDirSync(root)].map((e) => e.name), ["number"]);
    assertEquals(await Deno.readTextFile(join(root, "number", "data.txt")), "101");
    const reused = await good.run({ seed: 1 });
    assertEquals([reused.value, reused.reused], [101, true]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
