/**
 * `Conv2D` and `FusedConv2D` for the wasm backend, replacing its XNNPACK convolutions for
 * float32 NHWC data:
 * - 3×3, stride 1, no dilation: Winograd F(2×2, 3×3) (winograd.c), 2.25 times fewer
 *   multiply-adds;
 * - fewer than 4 input channels (a first layer on grey images): an implicit-GEMM SIMD kernel
 *   (kernels.c) whose tiles run over output pixels, as a GEMM's would be mostly empty;
 * - otherwise: one implicit GEMM (gemm.c) whose A operand is read from the image's patches.
 * Each fuses the bias and a linear, relu or leaky relu activation; other activations and data
 * types go to the wasm backend's own kernels.
 * @module
 */
import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import {
  addressOf,
  free,
  type KernelArgs,
  makeOutput,
  runWasm,
  sizeOf,
  type WasmBackend,
} from "./_kernel_utils.ts";
import { nativeKernels } from "./_native.ts";
import { kernelPool, splitRange } from "./_pool.ts";
import { runGemm } from "./_gemm.ts";
import { winogradConv } from "./_winograd.ts";

/**
 * conv2d(x, filter) + bias, then an activation: by Winograd for a 3×3 stride-1 filter, else as
 * one implicit GEMM on gemm.c: out[pixel, co] = Σ over taps of patches(x)[pixel, tap] ·
 * filter[tap, co].
 * @param backend the wasm backend
 * @param x the input `[N, H, W, CI]` float32
 * @param filter `[KH, KW, CI, CO]` float32
 * @param bias `[CO]` or undefined
 * @param attrs strides, pad, dilations, dimRoundingMode (NHWC)
 * @param activation linear, relu or leaky relu (slope `alpha`)
 * @param alpha the leaky relu's slope
 * @returns a new `TensorInfo` `[N, OH, OW, CO]`
 */
export function conv2dGemm(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  attrs: Pick<Conv2DAttrs, "strides" | "pad" | "dilations" | "dimRoundingMode">,
  activation: "linear" | "relu" | "leakyrelu" = "linear",
  alpha = 0.2,
): TensorInfo {
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [n, h, w, ci] = x.shape;
  const { outHeight: oh, outWidth: ow, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  if (
    kh === 3 && kw === 3 && info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1
  ) {
    return winogradConv(backend, {
      x,
      filter,
      flip: false,
      oh,
      ow,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
      bias,
      activation,
      alpha,
    });
  }
  const out = makeOutput(backend, [n, oh, ow, co]);
  runGemm(backend, {
    m: n * oh * ow,
    n: co,
    k: kh * kw * ci,
    a: {
      kind: "im2col",
      ptr: addressOf(backend, x),
      h,
      w,
      c: ci,
      oh,
      ow,
      kw,
      sh: info.strideHeight,
      sw: info.strideWidth,
      dh: info.dilationHeight,
      dw: info.dilationWidth,
      pt: info.padInfo.top,
      pl: info.padInfo.left,
    },
    b: { kind: "mat", ptr: addressOf(backend, filter), rs: co, cs: 1 },
    c: { kind: "mat", ptr: addressOf(backend, out), ld: co },
    bias: bias === undefined ? undefined : addressOf(backend, bias),
    activation,
    alpha,
  });
  return out;
}

/**
 * Runs conv2d(x, filter) + bias, then relu when `relu` is set, with kernels.c.
 * @param backend the wasm backend
 * @param x the input `[N, H, W, CI]` float32
 * @param filter `[KH, KW, CI, CO]` float32
 * @param bias `[CO]` or undefined
 * @param attrs strides, pad, dilations, dimRoundingMode (NHWC)
 * @param relu whether to apply relu
 * @returns a new `TensorInfo` `[N, OH, OW, CO]`
 */
export function conv2dNative(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  attrs: Pick<Conv2DAttrs, "strides" | "pad" | "dilations" | "dimRoundingMode">,
  relu: boolean,
): TensorInfo {
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [n, h, w, ci] = x.shape;
  const { outHeight: oh, outWidth: ow, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const pt = info.padInfo.top, pl = info.padInfo.left;
  const hp = (oh - 1) * sh + (kh - 1) * dh + 1, wp = (ow - 1) * sw + (kw - 1) * dw + 1;
  const usePad = pt > 0 || pl > 0 || hp > h || wp > w;
  const out = makeOutput(backend, [n, oh, ow, co]);
  const pool = kernelPool(backend);
  const slices = pool === undefined ? [[0, n]] : splitRange(n, pool.threads);
  const pads = slices.map(() => makeOutput(backend, [usePad ? hp * wp * ci : 1]));
  const args = slices.map(([a, b], i) => [
    addressOf(backend, x) + 4 * a * h * w * ci,
    addressOf(backend, filter),
    addressOf(backend, bias),
    addressOf(backend, out) + 4 * a * oh * ow * co,
    addressOf(backend, pads[i]),
    b - a,
    h,
    w,
    ci,
    oh,
    ow,
    co,
    kh,
    kw,
    sh,
    sw,
    dh,
    dw,
    pt,
    pl,
    usePad ? 1 : 0,
    relu ? 1 : 0,
  ]);
  if (pool === undefined || args.length === 1) {
    (nativeKernels(backend).conv2d_fwd as (...a: number[]) => void)(...args[0]);
  } else {
    pool.run("conv2d_fwd", args);
  }
  free(backend, ...pads);
  return out;
}

type Activation = "linear" | "relu" | "leakyrelu";

/**
 * conv2d(x, filter) + bias, then an activation, on our kernels; undefined when they do not
 * handle it (another data type, NCHW, another activation, a bias that is not per channel).
 */
function conv2dOurs(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  attrs: Conv2DAttrs,
  activation: string,
  alpha: number,
): TensorInfo | undefined {
  if (
    x.dtype !== "float32" || filter.dtype !== "float32" || x.shape.length !== 4 ||
    attrs.dataFormat === "NCHW" || !["linear", "relu", "leakyrelu"].includes(activation) ||
    (bias !== undefined && (bias.dtype !== "float32" || sizeOf(bias.shape) !== filter.shape[3]))
  ) return undefined;
  if (x.shape[3] < 4 && activation !== "leakyrelu") {
    return conv2dNative(backend, x, filter, bias, attrs, activation === "relu");
  }
  return conv2dGemm(backend, x, filter, bias, attrs, activation as Activation, alpha);
}

function conv2dKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, filter } = inputs;
  return conv2dOurs(
    backend,
    x!,
    filter!,
    undefined,
    attrs as unknown as Conv2DAttrs,
    "linear",
    0,
  ) ??
    runWasm(backend, Conv2D, inputs, attrs);
}

function fusedConv2dKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const a = attrs as unknown as FusedConv2DAttrs;
  const out = preluActivationWeights === undefined
    ? conv2dOurs(backend, x!, filter!, bias, a, a.activation ?? "linear", a.leakyreluAlpha ?? 0.2)
    : undefined;
  return out ?? runWasm(backend, FusedConv2D, inputs, attrs);
}

/** The `Conv2D` config registered for backend `wasm` (wrapping its own). */
export const conv2dConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: "wasm",
  kernelFunc: conv2dKernel as unknown as KernelFunc,
};

/** The `FusedConv2D` config registered for backend `wasm` (wrapping its own). */
export const fusedConv2dConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: "wasm",
  kernelFunc: fusedConv2dKernel as unknown as KernelFunc,
};
