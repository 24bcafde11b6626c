import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock, ScaledClock } from "./clock.js";
import { SeededRandom } from "./random.js";

describe("ManualClock", () => {
  it("runs callbacks in time order, ties in scheduling order, and skips cancelled ones", async () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    clock.schedule(30, () => ran.push("c@30"));
    clock.schedule(10, () => ran.push("a@10"));
    const cancel = clock.schedule(20, () => ran.push("cancelled"));
    clock.schedule(10, () => ran.push("b@10"));
    cancel();
    await clock.advance(25);
    expect(ran).toEqual(["a@10", "b@10"]);
    expect(clock.elapsedMs()).toBe(25);
    await clock.advance(5);
    expect(ran).toEqual(["a@10", "b@10", "c@30"]);
  });

  it("runs work scheduled by a callback in the same advance when it falls due", async () => {
    const clock = new ManualClock();
    const ran: number[] = [];
    clock.schedule(10, () => {
      ran.push(clock.elapsedMs());
      clock.schedule(5, () => ran.push(clock.elapsedMs()));
    });
    await clock.advance(20);
    expect(ran).toEqual([10, 15]);
  });

  it("refuses a negative advance; a scaled clock refuses any", async () => {
    await expect(new ManualClock().advance(-1)).rejects.toMatchObject({ code: "SIM_CLOCK_NOT_MANUAL" });
    const scaled = new ScaledClock(1000);
    await expect(scaled.advance(1)).rejects.toMatchObject({ code: "SIM_CLOCK_NOT_MANUAL" });
    scaled.dispose();
  });
});

describe("SeededRandom", () => {
  it("repeats its sequence for a seed and stays within [min, max]", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(1_000), fc.nat(1_000), (seed, a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const first = new SeededRandom(seed);
        const second = new SeededRandom(seed);
        for (let draw = 0; draw < 20; draw += 1) {
          const value = first.between([min, max]);
          expect(value).toBe(second.between([min, max]));
          expect(value).toBeGreaterThanOrEqual(min);
          expect(value).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it("draws nothing for a zero rate, so turning one behaviour off does not shift the others", () => {
    const random = new SeededRandom(7);
    const reference = new SeededRandom(7);
    expect(random.chance(0)).toBe(false);
    expect(random.next()).toBe(reference.next());
  });
});
