/**
 * PyTorch's training throughput on this CPU for the same bench models, from
 * `../shared/bench/torch_reference.py` (beside the repository's root) run by `/usr/bin/python3`,
 * so that `deno task bench --against-torch` can print our figure, PyTorch's and their ratio.
 * @module
 */
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../paths/mod.ts";

/** Where the reference script is: `../shared/bench/torch_reference.py` from the repository root. */
export const TORCH_REFERENCE: string = resolve(
  join(PROJECT_ROOT, "..", "shared", "bench", "torch_reference.py"),
);

/** The Python that has Debian's PyTorch. */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** Whether PyTorch can run here, and if not, why. */
export interface TorchAvailability {
  /** true when the script exists and `import torch` works */
  ok: boolean;
  /** torch's version, when ok */
  version?: string;
  /** what is missing and how to get it, when not ok */
  why?: string;
}

/**
 * Checks for the reference script and for PyTorch under `/usr/bin/python3`.
 * @param script the reference script
 * @returns whether it can run
 */
export async function torchAvailable(script = TORCH_REFERENCE): Promise<TorchAvailability> {
  try {
    await Deno.stat(script);
  } catch {
    return { ok: false, why: `${script} is missing (the shared folder beside the repository)` };
  }
  try {
    const out = await new Deno.Command(SYSTEM_PYTHON, {
      args: ["-c", "import torch; print(torch.__version__)"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      return {
        ok: false,
        why:
          `${SYSTEM_PYTHON} cannot import torch — apt-get install python3-torch libopenblas0-pthread`,
      };
    }
    return { ok: true, version: new TextDecoder().decode(out.stdout).trim() };
  } catch (e) {
    return { ok: false, why: `cannot run ${SYSTEM_PYTHON}: ${(e as Error).message}` };
  }
}

/** PyTorch's figure for one model. */
export interface TorchResult {
  /** the bench model */
  model: string;
  /** training images per second (median step) */
  imagesPerSecond: number;
}

/**
 * Runs the reference script for some models.
 * @param models bench model names
 * @param options threads and timed steps (the script times half as many for `cdcgan-step`)
 * @returns PyTorch's figures
 * @throws {Error} with the script's own message when it fails (e.g. it refuses the reference
 * BLAS)
 */
export async function runTorchReference(
  models: readonly string[],
  options: { threads: number; steps: number; script?: string },
): Promise<TorchResult[]> {
  const tmp = await Deno.makeTempFile({ prefix: "digits-torch-", suffix: ".json" });
  try {
    const out = await new Deno.Command(SYSTEM_PYTHON, {
      args: [
        options.script ?? TORCH_REFERENCE,
        "--threads",
        String(options.threads),
        "--steps",
        String(options.steps),
        "--models",
        models.join(","),
        "--out",
        tmp,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const text = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1) ?? "";
      throw new Error(`torch_reference.py failed: ${text}`);
    }
    const rows = JSON.parse(await Deno.readTextFile(tmp)) as TorchResult[];
    return rows.map((r) => ({ model: r.model, imagesPerSecond: r.imagesPerSecond }));
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}
