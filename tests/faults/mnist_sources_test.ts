/**
 * Fault injection on the MNIST / Fashion-MNIST sources: files copied over others, damaged files
 * of the right length, files that do not belong together, and a download whose body stalls.
 * Every case must end in a clear message naming the folder and the file, and fall back to the
 * next source where there is one.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { encodeIdx } from "../../lib/data/idx.ts";
import {
  DATASETS,
  FILE_ROLES,
  type FileRole,
  loadDatasetFiles,
  sha256Hex,
  type SourceOptions,
} from "../../lib/data/sources.ts";
import { loadImageSets } from "../../lib/data/image_set.ts";
import { tempDir, tempLeftovers } from "./_support.ts";

const SPEC = DATASETS.mnist;
const name = (role: FileRole) => SPEC.files[role].fileName;

/** Four tiny MNIST-like files; train and test both hold `count` images, like the mirror's 10,000. */
function tinySet(marker: number, count = 4): Record<FileRole, Uint8Array> {
  const gz = (dims: number[], data: Uint8Array) => new Uint8Array(gzipSync(encodeIdx(dims, data)));
  return {
    trainImages: gz([count, 2, 2], new Uint8Array(count * 4).fill(marker)),
    trainLabels: gz([count], Uint8Array.from({ length: count }, (_, i) => i % 10)),
    testImages: gz([count, 2, 2], new Uint8Array(count * 4).fill(marker + 1)),
    testLabels: gz([count], Uint8Array.from({ length: count }, (_, i) => (i + 5) % 10)),
  };
}

/** Writes the files and a SHA256SUMS listing them, as the shared mirror does. */
async function writeMirror(dir: string, files: Record<FileRole, Uint8Array>): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  let sums = "";
  for (const role of FILE_ROLES) {
    await Deno.writeFile(join(dir, name(role)), files[role]);
    sums += `${await sha256Hex(files[role])}  ${name(role)}\n`;
  }
  await Deno.writeTextFile(join(dir, "SHA256SUMS"), sums);
}

function places(root: string, warnings: string[], extra: SourceOptions = {}): SourceOptions {
  return {
    cacheDir: join(root, "cache", "mnist"),
    mirrorRoot: join(root, "mirror"),
    systemDirs: [join(root, "system")],
    fetch: null,
    warn: (w) => warnings.push(w),
    ...extra,
  };
}

Deno.test("faults: test labels copied over the mirror's train labels are refused, naming the folder and the file; the next source is used", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const mirror = join(root, "mirror", "mnist");
    await writeMirror(mirror, tinySet(1));
    // both label files hold 4 labels, so the IDX headers alone cannot tell them apart
    await Deno.copyFile(join(mirror, name("testLabels")), join(mirror, name("trainLabels")));
    const warnings: string[] = [];
    await writeMirror(join(root, "system"), tinySet(7));
    const got = await loadDatasetFiles("mnist", places(root, warnings));
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["system", 7]);
    assertEquals(warnings.length, 1);
    assertStringIncludes(warnings[0], `Cannot use mnist from mirror ${mirror}`);
    assertStringIncludes(
      warnings[0],
      "train-labels-idx1-ubyte.gz must have the SHA-256 ",
    );
    assertStringIncludes(warnings[0], "that SHA256SUMS lists: found ");
    assertStringIncludes(warnings[0], ", the contents of t10k-labels-idx1-ubyte.gz");
    assertStringIncludes(warnings[0], `— using system ${join(root, "system")} instead`);

    // with no other source, the same check ends the load with every place listed
    await Deno.remove(join(root, "system"), { recursive: true });
    const e = await assertRejects(() => loadDatasetFiles("mnist", places(root, [])), Error);
    assertStringIncludes(e.message, `mirror ${mirror}: invalid: train-labels-idx1-ubyte.gz`);
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a cache file damaged at the same length is refused by its checksum and the mirror is used", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const warnings: string[] = [];
    const opts = places(root, warnings);
    await writeMirror(join(root, "mirror", "mnist"), tinySet(2));
    const cache = opts.cacheDir!;
    await writeMirror(cache, tinySet(1));
    const bytes = await Deno.readFile(join(cache, name("trainImages")));
    bytes.set(new Uint8Array(8).fill(0x55), bytes.length - 12); // same length, other bytes
    await Deno.writeFile(join(cache, name("trainImages")), bytes);
    const got = await loadDatasetFiles("mnist", opts);
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["mirror", 2]);
    assertStringIncludes(warnings[0], `Cannot use mnist from cache ${cache}`);
    assertStringIncludes(warnings[0], "train-images-idx3-ubyte.gz must have the SHA-256");
    assertStringIncludes(warnings[0], `delete '${cache}'`);
  } finally {
    await cleanup();
  }
});

Deno.test("faults: files that do not belong together are found before a source is chosen, naming its folder", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const mirror = join(root, "mirror", "mnist");
    const files = tinySet(3);
    // a labels file of another size, listed in SHA256SUMS as if it were meant
    files.trainLabels = new Uint8Array(gzipSync(encodeIdx([3], new Uint8Array([1, 2, 3]))));
    await writeMirror(mirror, files);
    const warnings: string[] = [];
    await writeMirror(join(root, "system"), tinySet(8));
    const got = await loadImageSets("mnist", places(root, warnings));
    assertEquals([got.kind, got.train.images[0]], ["system", 8]);
    assertStringIncludes(warnings[0], `Cannot use mnist from mirror ${mirror}`);
    assertStringIncludes(
      warnings[0],
      "train-labels-idx1-ubyte.gz must hold one label per image of train-images-idx3-ubyte.gz (4): found 3",
    );
    // labels beyond the class count: the labels file of another data set
    const other = tinySet(4);
    other.testLabels = new Uint8Array(gzipSync(encodeIdx([4], new Uint8Array([0, 1, 12, 3]))));
    await writeMirror(mirror, other);
    const w2: string[] = [];
    await loadImageSets("mnist", places(root, w2));
    assertStringIncludes(
      w2[0],
      "t10k-labels-idx1-ubyte.gz must hold labels below 10: label 2 is 12",
    );
  } finally {
    await cleanup();
  }
});

Deno.test("faults: a missing file and a file not listed anywhere are named", async () => {
  const { dir: root, cleanup } = await tempDir();
  try {
    const mirror = join(root, "mirror", "mnist");
    await writeMirror(mirror, tinySet(3));
    await Deno.remove(join(mirror, name("testImages")));
    await Deno.remove(join(mirror, "SHA256SUMS"));
    const e = await assertRejects(() => loadDatasetFiles("mnist", places(root, [])), Error);
    assertStringIncludes(e.message, "missing t10k-images-idx3-ubyte.gz");
    assertStringIncludes(
      e.message,
      `train-images-idx3-ubyte.gz must have the SHA-256 ${SPEC.files.trainImages.sha256} of the official file (no SHA256SUMS beside it lists it)`,
    );
  } finally {
    await cleanup();
  }
});

/** A local server whose answers are stalled as `mode` says; returns its base URL. */
function stalledServer(mode: "body" | "headers"): { base: string; close: () => Promise<void> } {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async () => {
      if (mode === "headers") {
        await new Promise((r) => timers.add(setTimeout(r, 5000)));
        return new Response("late");
      }
      // headers and the first bytes at once, then nothing: the body stalls
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array(100));
        },
      });
      return new Response(body, { headers: { "content-length": "9912422" } });
    },
  );
  return {
    base: `http://127.0.0.1:${server.addr.port}/`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      controller.abort();
      await server.finished;
    },
  };
}

Deno.test("faults: a download whose body stalls after the headers times out, and nothing is saved", async () => {
  const { dir: root, cleanup } = await tempDir();
  const server = stalledServer("body");
  try {
    const opts = places(root, [], {
      mirrorRoot: null,
      systemDirs: [],
      baseUrls: [server.base],
      fetch: globalThis.fetch,
      idleTimeoutSeconds: 1,
    });
    const started = performance.now();
    const e = await assertRejects(() => loadDatasetFiles("mnist", opts), Error);
    const seconds = (performance.now() - started) / 1000;
    assert(seconds < 10, `gave up after ${seconds.toFixed(1)} s`);
    assertStringIncludes(
      e.message,
      `${server.base}train-images-idx3-ubyte.gz: the download stalled: no data for 1 s after 100 bytes of 9912422`,
    );
    assertEquals(tempLeftovers(root), []);
    const saved = (() => {
      try {
        return [...Deno.readDirSync(opts.cacheDir!)].length;
      } catch {
        return 0;
      }
    })();
    assertEquals(saved, 0, "no file saved");
  } finally {
    await server.close();
    await cleanup();
  }
});

Deno.test("faults: a server that never answers times out on the headers", async () => {
  const { dir: root, cleanup } = await tempDir();
  const server = stalledServer("headers");
  try {
    const opts = places(root, [], {
      mirrorRoot: null,
      systemDirs: [],
      baseUrls: [server.base],
      fetch: globalThis.fetch,
      connectTimeoutSeconds: 1,
    });
    const e = await assertRejects(() => loadDatasetFiles("mnist", opts), Error);
    assertStringIncludes(e.message, "train-images-idx3-ubyte.gz: no answer within 1 s");
  } finally {
    await server.close();
    await cleanup();
  }
});
