import { assertEquals, assertThrows } from "@std/assert";
import pngjs from "pngjs";
import { decodeGreyPng, encodeGreyPng } from "./png.ts";
import { Rng } from "../random/mod.ts";

Deno.test("encodeGreyPng() and decodeGreyPng() round-trip every byte value", () => {
  const rng = new Rng(1);
  const pixels = Uint8Array.from({ length: 84 * 84 }, (_, i) => i < 256 ? i : rng.int(256));
  const png = encodeGreyPng(pixels, 84, 84);
  assertEquals([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  assertEquals(png[25], 0); // IHDR colour type: grey
  const image = decodeGreyPng(png, "x.png");
  assertEquals([image.width, image.height], [84, 84]);
  assertEquals(image.pixels, pixels);
});

Deno.test("encodeGreyPng() rejects a wrong pixel count", () => {
  assertThrows(() => encodeGreyPng(new Uint8Array(10), 84, 84), RangeError, "needs 7056");
});

Deno.test("decodeGreyPng() names the file when it is not an 8-bit grey PNG", async (t) => {
  await t.step("RGB", () => {
    const PNG = (pngjs as unknown as {
      PNG: { sync: { write(p: unknown, o: unknown): Uint8Array } };
    }).PNG;
    const rgb = PNG.sync.write(
      { width: 2, height: 2, data: new Uint8Array(16).fill(200) },
      { colorType: 2 },
    );
    assertThrows(
      () => decodeGreyPng(rgb, "train/123/0_123.png"),
      TypeError,
      "Cannot read PNG 'train/123/0_123.png' as an 8-bit grey image: it is 8-bit RGB",
    );
  });
  await t.step("not a PNG", () => {
    assertThrows(
      () => decodeGreyPng(new TextEncoder().encode("hello"), "val/001/3_001.png"),
      SyntaxError,
      "Cannot read PNG 'val/001/3_001.png' as a PNG file",
    );
  });
  await t.step("truncated", () => {
    const png = encodeGreyPng(new Uint8Array(84 * 84).fill(9), 84, 84);
    assertThrows(() => decodeGreyPng(png.subarray(0, 40), "cut.png"), SyntaxError, "'cut.png'");
  });
});
