/**
 * The native `tensorflow` backend (`@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`,
 * libtensorflow 2.9.1), used only when its compiled binding is installed.
 *
 * Neither package can be installed without internet access (their install script downloads
 * libtensorflow), so this project never imports them statically: `lib/backend/install_native.sh`
 * installs one, and {@linkcode loadNativeBackend} imports it dynamically only when the binding
 * file exists where Deno looks for it: `lib/napi-vN/tfjs_binding.node` inside the package, N the
 * highest N-API version the package was built for that Deno supports (tfjs issue 8581: the
 * install script may put it in another `napi-v*` folder).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { PROJECT_ROOT } from "../paths/mod.ts";

/** The native packages, GPU first. */
export const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;

/** One of {@linkcode NATIVE_PACKAGES}. */
export type NativePackage = typeof NATIVE_PACKAGES[number];

/** The version this project pins, matching `@tensorflow/tfjs`. */
export const NATIVE_VERSION = "4.22.0";

/** Where a native package is installed and where its binding must be. */
export interface NativeInstall {
  /** the package */
  pkg: NativePackage;
  /** the package folder, or undefined when it is not installed */
  dir?: string;
  /** the binding path Deno will load (whether or not it exists) */
  binding?: string;
  /** whether that binding file exists */
  ready: boolean;
}

/**
 * The package folders Deno may use for `pkg` (`nodeModulesDir: "auto"` keeps npm packages
 * under `node_modules/.deno/<name>@<version>/node_modules/<name>`).
 * @param pkg the package
 * @param root the project root
 * @returns candidate folders, most specific first
 */
export function nativePackageDirs(pkg: NativePackage, root: string = PROJECT_ROOT): string[] {
  const flat = pkg.replace("/", "+");
  return [
    join(root, "node_modules", ".deno", `${flat}@${NATIVE_VERSION}`, "node_modules", pkg),
    join(root, "node_modules", pkg),
  ];
}

/**
 * The N-API version node-pre-gyp picks for a package: the highest of its `binary.napi_versions`
 * not above the runtime's (Deno reports `process.versions.napi`).
 * @param napiVersions the versions the package was built for
 * @param runtimeNapi the runtime's N-API version
 * @returns the version, or undefined when none fits
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(pickNapiVersion([3, 4, 5, 6, 7, 8], 10), 8);
 * ```
 */
export function pickNapiVersion(napiVersions: number[], runtimeNapi: number): number | undefined {
  const fits = napiVersions.filter((v) => v <= runtimeNapi);
  return fits.length === 0 ? undefined : Math.max(...fits);
}

/**
 * Finds `pkg` and the binding file Deno would load for it.
 * @param pkg the package
 * @param root the project root
 * @returns where it is, and whether the binding exists
 */
export function findNativeInstall(pkg: NativePackage, root: string = PROJECT_ROOT): NativeInstall {
  for (const dir of nativePackageDirs(pkg, root)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    let versions: number[] = [8];
    try {
      const json = JSON.parse(readFileSync(manifest, "utf8"));
      if (Array.isArray(json?.binary?.napi_versions)) versions = json.binary.napi_versions;
    } catch { /* keep the default */ }
    const napi = pickNapiVersion(versions, Number(process.versions.napi ?? 8));
    if (napi === undefined) return { pkg, dir, ready: false };
    const binding = join(dir, "lib", `napi-v${napi}`, "tfjs_binding.node");
    return { pkg, dir, binding, ready: existsSync(binding) };
  }
  return { pkg, ready: false };
}

/** The outcome of {@linkcode loadNativeBackend}. */
export interface NativeLoad {
  /** whether the `tensorflow` backend is now active */
  ok: boolean;
  /** the package that was loaded or tried */
  pkg?: NativePackage;
  /** whether TensorFlow found a GPU (tfjs-node-gpu falls back to the CPU silently) */
  gpu?: boolean;
  /** why it is not active, or what it runs on */
  detail: string;
}

/**
 * Imports the first installed native package (GPU first) and activates its `tensorflow` backend.
 * @param root the project root
 * @returns whether it worked, and why not
 */
export async function loadNativeBackend(root: string = PROJECT_ROOT): Promise<NativeLoad> {
  const installs = NATIVE_PACKAGES.map((pkg) => findNativeInstall(pkg, root));
  const ready = installs.find((i) => i.ready);
  if (ready === undefined) {
    const partial = installs.find((i) => i.dir !== undefined);
    return {
      ok: false,
      detail: partial
        ? `${partial.pkg} is installed but its binding ${
          partial.binding ?? "lib/napi-v*"
        } is missing — run ./lab install-native`
        : "tfjs-node is not installed (./lab install-native, with internet access)",
    };
  }
  try {
    // A computed specifier: `deno check` must not try to fetch a package that is not installed.
    const specifier = `npm:${ready.pkg}@${NATIVE_VERSION}`;
    await import(specifier);
    if (!(await tf.setBackend("tensorflow"))) {
      return { ok: false, pkg: ready.pkg, detail: `${ready.pkg} loaded but failed to initialise` };
    }
    const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    const gpu = backend.isUsingGpuDevice === true;
    return {
      ok: true,
      pkg: ready.pkg,
      gpu,
      detail: `${ready.pkg} (libtensorflow, ${gpu ? "GPU" : "CPU"})`,
    };
  } catch (e) {
    return {
      ok: false,
      pkg: ready.pkg,
      detail: `${ready.pkg} failed to load: ${(e as Error).message.split("\n")[0]}`,
    };
  }
}
