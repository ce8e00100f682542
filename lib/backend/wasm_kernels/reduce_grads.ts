/**
 * The gradients of `Mean` and `Sum` on the wasm backend without a tensor of ones: TF.js builds
 * them as dy · ones(x.shape) (÷ n for the mean), which fills a full-size array of ones in
 * JavaScript, copies it to the heap and multiplies (and divides) over it; batch-norm layers
 * take two such means per step over their whole input. Ours scales the small dy first and
 * broadcasts it with one `Tile` (a block copy): dy / n broadcast to x's shape.
 * @module
 */
import {
  backend_util,
  broadcastTo,
  div,
  Mean,
  type MeanAttrs,
  type NamedAttrMap,
  reshape,
  scalar,
  Sum,
  type SumAttrs,
  type Tensor,
  util,
} from "@tensorflow/tfjs-core";
import { replaceGradientOnWasm } from "./_replace_gradient.ts";

function broadcastGrad(scale: boolean) {
  return (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const d = dy as Tensor;
    if (x === undefined || d.dtype !== "float32" || x.dtype !== "float32") return undefined;
    const { axis } = attrs as unknown as MeanAttrs | SumAttrs;
    const axes = util.parseAxisParam(axis, x.shape);
    const expanded = x.shape.slice();
    for (const a of axes) expanded[a] = 1;
    const count = util.sizeFromShape(backend_util.computeOutAndReduceShapes(x.shape, axes)[1]);
    return {
      x: () => {
        const small = reshape(d, expanded);
        return broadcastTo(scale ? div(small, scalar(count)) : small, x.shape);
      },
    };
  };
}

/** Replaces the gradients of `Mean` and `Sum` (once) by ones that broadcast dy on wasm. */
export function registerReductionGradients(): void {
  replaceGradientOnWasm(Mean, broadcastGrad(true));
  replaceGradientOnWasm(Sum, broadcastGrad(false));
}
