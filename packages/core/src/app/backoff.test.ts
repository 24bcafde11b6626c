import { describe, expect, it } from "vitest";
import { jitteredBackoff } from "./backoff.js";

describe("jitteredBackoff", () => {
  it("waits a random part of a ceiling that doubles per conflict up to maxMs (full jitter)", async () => {
    const waits: number[] = [];
    const backoff = jitteredBackoff({
      baseMs: 2,
      maxMs: 20,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    });
    for (const conflicts of [1, 2, 3, 4, 5, 6]) await backoff(conflicts);
    expect(waits).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it("never waits as long as the ceiling, and at least 0", async () => {
    const waits: number[] = [];
    const low = jitteredBackoff({ random: () => 0, sleep: async (ms) => void waits.push(ms) });
    const high = jitteredBackoff({ random: () => 0.999, sleep: async (ms) => void waits.push(ms) });
    await low(1);
    await high(1);
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeLessThan(2);
  });

  it("refuses bounds that make no sense", () => {
    expect(() => jitteredBackoff({ baseMs: -1 })).toThrow(RangeError);
    expect(() => jitteredBackoff({ baseMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => jitteredBackoff({ baseMs: Number.NaN })).toThrow(RangeError);
  });
});
