import { assertEquals, assertThrows } from "@std/assert";
import {
  formatCount,
  formatNumber,
  formatPercent,
  formatPercentSpread,
  formatPoints,
  formatRate,
  NBSP,
} from "./format.ts";
import { renderProse } from "./prose.ts";
import { meanSd } from "../metrics/spread.ts";

Deno.test("formatPercent() writes shares as percentages, n/a when missing", () => {
  assertEquals(formatPercent(0.98234), "98.2%");
  assertEquals(formatPercent(0.98234, { digits: 2 }), "98.23%");
  assertEquals(formatPercent(0.021, { sign: true }), "+2.1%");
  assertEquals(formatPercent(NaN), "n/a");
  assertEquals(formatPercent(undefined), "n/a");
});

Deno.test("formatPoints() signs differences and keeps the unit on the same line", () => {
  assertEquals(formatPoints(0.021), `+2.1${NBSP}points`);
  assertEquals(formatPoints(-0.0465, { digits: 2 }), `−4.65${NBSP}points`);
  assertEquals(formatPoints(0.01), `+1.0${NBSP}point`);
  assertEquals(formatPoints(0.00001), `±0.0${NBSP}points`);
});

Deno.test("formatCount(), formatNumber() and formatRate() round for people", () => {
  assertEquals(formatCount(1199882), "1,199,882");
  assertEquals(formatNumber(574.7474), "575");
  assertEquals(formatNumber(0.8947), "0.895");
  assertEquals(formatNumber(2.1437), "2.14");
  assertEquals(formatRate(2141.4), `2,141${NBSP}images/s`);
});

Deno.test("meanSd() is the sample standard deviation; formatPercentSpread() marks one run", () => {
  const { mean, sd, n } = meanSd([0.9, 0.92, 0.94]);
  assertEquals([Number(mean.toFixed(10)), Number(sd.toFixed(10)), n], [0.92, 0.02, 3]);
  assertEquals(formatPercentSpread([0.9, 0.92, 0.94]), `92.0${NBSP}±${NBSP}2.0%`);
  assertEquals(formatPercentSpread([0.9136, 0.9132, 0.9133]), `91.34${NBSP}±${NBSP}0.02%`);
  assertEquals(formatPercentSpread([0.9, 0.9]), `90.0${NBSP}±${NBSP}0.0%`);
  assertEquals(formatPercentSpread([0.9823]), `98.2% (1${NBSP}run)`);
  assertThrows(() => meanSd([]), RangeError, "at least one");
});

Deno.test("renderProse() fills placeholders and names what is missing", () => {
  assertEquals(
    renderProse("{name} reads {acc:pct2} ({d:pts}) at {r:rate}", {
      name: "CNN",
      acc: 0.9823,
      d: 0.021,
      r: 1000,
    }),
    `CNN reads 98.23% (+2.1${NBSP}points) at 1,000${NBSP}images/s`,
  );
  assertEquals(renderProse("{s:spread}", { s: [0.9, 0.92, 0.94] }), `92.0${NBSP}±${NBSP}2.0%`);
  assertThrows(() => renderProse("{missing:pct}", { acc: 1 }), RangeError, "found acc");
  assertThrows(() => renderProse("{acc:percent}", { acc: 1 }), RangeError, "not a format");
  assertThrows(() => renderProse("{acc:pct}", { acc: "x" }), TypeError, "expected a number");
});
