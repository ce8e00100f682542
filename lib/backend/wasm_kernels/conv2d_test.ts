import { Rng } from "../../random/mod.ts";
import { assertMatchesCpu, randomHost, useWasm } from "./_test_utils.ts";
import { CONV_CASES, labelOf } from "./_conv_cases.ts";

await useWasm();

Deno.test("Conv2D on wasm matches cpu to 1e-4", async (t) => {
  const rng = new Rng(19);
  for (const c of CONV_CASES) {
    await t.step(labelOf(c), async () => {
      await assertMatchesCpu(
        "Conv2D",
        { x: randomHost(rng, c.x), filter: randomHost(rng, c.filter) },
        { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dilations: 1 },
        labelOf(c),
      );
    });
  }
  await t.step("dilation 2, 1 channel", async () => {
    await assertMatchesCpu(
      "Conv2D",
      { x: randomHost(rng, [2, 11, 10, 1]), filter: randomHost(rng, [3, 3, 1, 5]) },
      { strides: 1, pad: "same", dataFormat: "NHWC", dilations: 2 },
      "dilated",
    );
  });
});

Deno.test("FusedConv2D on wasm matches cpu with bias and a linear, relu or leaky relu activation", async (t) => {
  const rng = new Rng(20);
  for (const c of CONV_CASES) {
    for (const activation of ["linear", "relu", "leakyrelu"]) {
      await t.step(`${labelOf(c)} ${activation}`, async () => {
        await assertMatchesCpu(
          "FusedConv2D",
          {
            x: randomHost(rng, c.x),
            filter: randomHost(rng, c.filter),
            bias: randomHost(rng, [c.filter[3]]),
          },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: "NHWC",
            dilations: 1,
            activation,
            leakyreluAlpha: 0.1,
          },
          labelOf(c),
        );
      });
    }
  }
});
