import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { encodeIdx } from "./idx.ts";
import {
  type DatasetName,
  DATASETS,
  FILE_ROLES,
  type FileRole,
  loadDatasetFiles,
  mirrorRootFromEnv,
  sha256Hex,
  type SourceOptions,
} from "./sources.ts";
import { PROJECT_ROOT } from "../paths/mod.ts";

const SPEC = DATASETS["fashion-mnist"];

/** The four gzip files of a tiny data set whose first pixel is `marker`. */
function tinyFiles(marker: number, count = 3): Record<FileRole, Uint8Array> {
  const images = new Uint8Array(count * 4).fill(marker);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const test = new Uint8Array(2 * 4).fill(marker);
  return {
    trainImages: new Uint8Array(gzipSync(encodeIdx([count, 2, 2], images))),
    trainLabels: new Uint8Array(gzipSync(encodeIdx([count], labels))),
    testImages: new Uint8Array(gzipSync(encodeIdx([2, 2, 2], test))),
    testLabels: new Uint8Array(gzipSync(encodeIdx([2], new Uint8Array([1, 2])))),
  };
}

/** Writes the files (but `skip`) and, unless `sums` is false, a SHA256SUMS listing them all. */
async function writeFolder(
  dir: string,
  files: Record<FileRole, Uint8Array>,
  skip: FileRole[] = [],
  sums = true,
) {
  await Deno.mkdir(dir, { recursive: true });
  let list = "";
  for (const role of FILE_ROLES) {
    const name = SPEC.files[role].fileName;
    if (!skip.includes(role)) await Deno.writeFile(join(dir, name), files[role]);
    list += `${await sha256Hex(files[role])}  ${name}\n`;
  }
  if (sums) await Deno.writeTextFile(join(dir, "SHA256SUMS"), list);
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}

/** A fake fetch serving `files` under `base`, recording the URLs asked for. */
function fakeFetch(base: string, files: Record<FileRole, Uint8Array>, asked: string[]) {
  const byName = new Map(FILE_ROLES.map((r) => [base + SPEC.files[r].fileName, files[r]]));
  return ((input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    const body = byName.get(url);
    return Promise.resolve(
      body
        ? new Response(body as Uint8Array<ArrayBuffer>)
        : new Response("nope", { status: 404, statusText: "Not Found" }),
    );
  }) as typeof fetch;
}

async function withTemp(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir();
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Options pointing every place into `root`, with downloads disabled unless overridden. */
function places(root: string, extra: SourceOptions = {}): SourceOptions {
  return {
    cacheDir: join(root, "cache", "fashion-mnist"),
    mirrorRoot: join(root, "mirror"),
    systemDirs: [join(root, "system")],
    fetch: null,
    warn: () => {},
    ...extra,
  };
}

Deno.test("loadDatasetFiles() prefers cache, then mirror, then system", async () => {
  await withTemp(async (root) => {
    const opts = places(root);
    await writeFolder(join(root, "system"), tinyFiles(3));
    let got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["system", 3]);
    assertEquals(got.dir, join(root, "system"));

    await writeFolder(join(root, "mirror", "fashion-mnist"), tinyFiles(2, 5));
    got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["mirror", 2]);
    assertEquals(got.arrays.trainImages.dims, [5, 2, 2], "counts come from the header");
    assertEquals(await listNames(opts.cacheDir!), [], "mirror files are used in place");

    await writeFolder(opts.cacheDir!, tinyFiles(1));
    got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["cache", 1]);
    assertEquals(got.attempts, []);
  });
});

Deno.test("loadDatasetFiles() skips an incomplete or corrupt place and says why", async () => {
  await withTemp(async (root) => {
    const opts = places(root);
    const mirror = join(root, "mirror", "fashion-mnist");
    await writeFolder(mirror, tinyFiles(2), ["testLabels"]);
    const broken = tinyFiles(3);
    broken.trainLabels = broken.trainLabels.subarray(0, 20); // a cut gzip stream
    await writeFolder(join(root, "system"), broken);
    await writeFolder(opts.cacheDir!, tinyFiles(1), ["trainImages"]);
    const e = await assertRejects(() => loadDatasetFiles("fashion-mnist", opts), Error);
    assertStringIncludes(e.message, `cache ${opts.cacheDir}: missing train-images-idx3-ubyte.gz`);
    assertStringIncludes(e.message, `mirror ${mirror}: missing t10k-labels-idx1-ubyte.gz`);
    assertStringIncludes(
      e.message,
      "invalid: Cannot read IDX file 'train-labels-idx1-ubyte.gz' as gzip data",
    );
    // a complete mirror is then used
    await Deno.writeFile(join(mirror, "t10k-labels-idx1-ubyte.gz"), tinyFiles(2).testLabels);
    const got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals(got.kind, "mirror");
    assertEquals(got.attempts.length, 1);
  });
});

Deno.test("loadDatasetFiles() fails with one message listing every place and what to do", async () => {
  await withTemp(async (root) => {
    const opts = places(root, { mirrorRoot: null });
    const e = await assertRejects(() => loadDatasetFiles("fashion-mnist", opts), Error);
    const lines = e.message.split("\n");
    assertEquals(
      lines[0],
      "Cannot load data set 'fashion-mnist' as no source holds its four IDX files " +
        "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, " +
        "t10k-labels-idx1-ubyte.gz) intact: tried",
    );
    assertEquals(lines.slice(1, 5), [
      `  - cache ${opts.cacheDir}: folder not found`,
      "  - mirror: DIGITS_DATA_MIRROR is not set",
      `  - system ${join(root, "system")}: folder not found`,
      "  - download: disabled",
    ]);
    assertStringIncludes(lines[5], "set DIGITS_DATA_MIRROR");
    assertStringIncludes(lines[5], "apt-get install dataset-fashion-mnist");
    assertStringIncludes(lines[5], "network access");
  });
});

Deno.test("loadDatasetFiles() downloads missing files into the cache after a checksum check", async () => {
  await withTemp(async (root) => {
    const files = tinyFiles(9);
    const sha256: Partial<Record<FileRole, string>> = {};
    for (const r of FILE_ROLES) sha256[r] = await sha256Hex(files[r]);
    const asked: string[] = [];
    const opts = places(root, {
      baseUrls: ["https://dead.example/", "https://ok.example/"],
      fetch: fakeFetch("https://ok.example/", files, asked),
      sha256,
    });
    const got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals([got.kind, got.arrays.trainImages.data[0]], ["download", 9]);
    assertEquals(asked.length, 8, "each file tried at the dead mirror, then the good one");
    assertStringIncludes(got.attempts.join("\n"), "system");
    assertEquals(
      await listNames(opts.cacheDir!),
      FILE_ROLES.map((r) => SPEC.files[r].fileName).sort(),
      "the four files and no temp files",
    );
    const again = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals(again.kind, "cache");
  });
});

Deno.test("loadDatasetFiles() deletes a download whose checksum does not match", async () => {
  await withTemp(async (root) => {
    const asked: string[] = [];
    const opts = places(root, {
      baseUrls: ["https://mirror.example/"],
      fetch: fakeFetch("https://mirror.example/", tinyFiles(9), asked), // official checksums
    });
    const e = await assertRejects(() => loadDatasetFiles("fashion-mnist", opts), Error);
    assertStringIncludes(
      e.message,
      `checksum mismatch for train-images-idx3-ubyte.gz: expected SHA-256 ${SPEC.files.trainImages.sha256}`,
    );
    assertStringIncludes(e.message, "nothing was saved");
    assertEquals(await listNames(opts.cacheDir!), [], "no temp file and no bad file left");
  });
});

Deno.test("loadDatasetFiles() copies mirror files into the cache when asked", async () => {
  await withTemp(async (root) => {
    const opts = places(root, { copyToCache: true });
    await writeFolder(join(root, "mirror", "fashion-mnist"), tinyFiles(4));
    const got = await loadDatasetFiles("fashion-mnist", opts);
    assertEquals(got.kind, "cache");
    assertStringIncludes(got.origin, "(copied to cache)");
    assertEquals((await listNames(opts.cacheDir!)).length, 5, "the four files and SHA256SUMS");
    const again = await loadDatasetFiles("fashion-mnist", { ...opts, mirrorRoot: null });
    assertEquals(again.kind, "cache", "the copies stay verifiable in the cache");
  });
});

Deno.test("loadDatasetFiles() rejects an unknown data set", async () => {
  await assertRejects(
    () => loadDatasetFiles("cifar" as DatasetName),
    RangeError,
    "'mnist', 'fashion-mnist'",
  );
});

Deno.test("mirrorRootFromEnv() resolves relative paths against the project root", () => {
  const before = Deno.env.get("DIGITS_DATA_MIRROR");
  try {
    Deno.env.set("DIGITS_DATA_MIRROR", "../shared/datasets");
    assertEquals(mirrorRootFromEnv(), join(PROJECT_ROOT, "..", "shared", "datasets"));
    Deno.env.set("DIGITS_DATA_MIRROR", "/abs/path");
    assertEquals(mirrorRootFromEnv(), "/abs/path");
    Deno.env.set("DIGITS_DATA_MIRROR", "");
    assertEquals(mirrorRootFromEnv(), null);
  } finally {
    if (before === undefined) Deno.env.delete("DIGITS_DATA_MIRROR");
    else Deno.env.set("DIGITS_DATA_MIRROR", before);
  }
});

Deno.test("sha256Hex() matches a known digest", async () => {
  assertEquals(
    await sha256Hex(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
