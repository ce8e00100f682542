/**
 * The `webgpu` backend (`@tensorflow/tfjs-backend-webgpu`) on Deno's built-in WebGPU.
 *
 * It trains correctly on any adapter, but a software adapter (Mesa's llvmpipe/lavapipe,
 * SwiftShader, WARP) runs the shaders on the CPU, slower than `wasm`, so automatic selection
 * takes only a hardware adapter; forcing `TFJS_BACKEND=webgpu` accepts any.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What {@linkcode probeWebGpu} found. */
export interface WebGpuProbe {
  /** whether an adapter was returned */
  available: boolean;
  /** whether it is a software (CPU) adapter */
  software: boolean;
  /** the adapter's description, vendor and architecture, when there is one */
  adapter?: string;
  /** why no adapter is available */
  why?: string;
}

/** Adapter descriptions of known software renderers. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|softpipe|swiftshader|software|warp|basic render/i;

/**
 * Whether adapter info describes a software renderer: the adapter says it is a fallback, or its
 * description names a known CPU renderer.
 * @param info the adapter's `info` (description, vendor, architecture, isFallbackAdapter)
 * @returns true for a software adapter
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * assert(isSoftwareAdapter({ description: "llvmpipe (LLVM 15.0.6, 256 bits)" }));
 * assert(!isSoftwareAdapter({ description: "NVIDIA GeForce RTX 4090", vendor: "nvidia" }));
 * ```
 */
export function isSoftwareAdapter(
  info: {
    description?: string;
    vendor?: string;
    architecture?: string;
    isFallbackAdapter?: boolean;
  },
): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text = `${info.description ?? ""} ${info.vendor ?? ""} ${info.architecture ?? ""}`;
  return SOFTWARE_ADAPTER.test(text);
}

/**
 * The private runtime folder this user's processes share when `XDG_RUNTIME_DIR` is unset:
 * `<tmp>/digits-xdg-runtime-<uid>`, created once with mode 0700 and reused by every later
 * process (a fresh folder per probe left one behind in `/tmp` each time).
 *
 * @returns the folder, or `undefined` when it cannot be made private to this user
 */
export function sharedXdgRuntimeDir(): string | undefined {
  const uid = Deno.uid();
  if (uid === null) return undefined; // Windows: no Vulkan loader warning to silence
  const dir = join(tmpdir(), `digits-xdg-runtime-${uid}`);
  try {
    Deno.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) return undefined;
  }
  const stat = Deno.lstatSync(dir);
  // someone else's folder, or one others can write into, is not a runtime folder
  if (!stat.isDirectory || stat.uid !== uid || ((stat.mode ?? 0) & 0o077) !== 0) return undefined;
  return dir;
}

/**
 * Points `XDG_RUNTIME_DIR` at {@linkcode sharedXdgRuntimeDir} when it is unset, as the Vulkan
 * loader otherwise prints "XDG_RUNTIME_DIR is invalid or not set" on every adapter request.
 */
function ensureXdgRuntimeDir(): void {
  try {
    if (Deno.env.get("XDG_RUNTIME_DIR")) return;
    const dir = sharedXdgRuntimeDir();
    if (dir !== undefined) Deno.env.set("XDG_RUNTIME_DIR", dir);
  } catch { /* no env or write permission: the warning is harmless */ }
}

/**
 * Asks the runtime for a WebGPU adapter and describes it. Sets `XDG_RUNTIME_DIR` to this user's
 * shared private runtime folder first when it is unset (the Vulkan loader warns otherwise).
 * @returns whether there is one and whether it is software
 */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (gpu !== undefined) ensureXdgRuntimeDir();
  if (gpu === undefined) {
    return { available: false, software: false, why: "this runtime has no navigator.gpu" };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return {
      available: false,
      software: false,
      why: `requestAdapter failed: ${(e as Error).message}`,
    };
  }
  if (adapter === null) {
    return {
      available: false,
      software: false,
      why: "no WebGPU adapter (no GPU driver, e.g. Vulkan)",
    };
  }
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const fallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const described = {
    description: info.description,
    vendor: info.vendor,
    architecture: info.architecture,
    isFallbackAdapter: info.isFallbackAdapter ?? fallback,
  };
  const name = [info.description, info.vendor && `vendor ${info.vendor}`, info.architecture]
    .filter((s) => s).join(", ");
  return { available: true, software: isSoftwareAdapter(described), adapter: name || "unnamed" };
}

/**
 * Imports the webgpu backend and activates it.
 * @returns whether `tf.setBackend("webgpu")` succeeded
 */
export async function activateWebGpu(): Promise<boolean> {
  await import("@tensorflow/tfjs-backend-webgpu");
  return await tf.setBackend("webgpu");
}
