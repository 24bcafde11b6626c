import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock.js";
import { RateLimiterRegistry, RequestRateLimiter } from "./rate-limiter.js";

const maxInAnyWindow = (starts: ReadonlyArray<number>, windowMs: number): number => {
  let max = 0;
  for (let i = 0; i < starts.length; i++) {
    let count = 0;
    for (let j = i; j < starts.length && (starts[j] ?? 0) < (starts[i] ?? 0) + windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
};

describe("RequestRateLimiter", () => {
  it("never starts more than the limit in any one-second window, even with concurrent callers", async () => {
    const clock = createVirtualClock();
    const limiter = new RequestRateLimiter(clock);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        await limiter.acquire(15, Number.POSITIVE_INFINITY);
        starts.push(clock.now());
      }),
    );
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(60);
    expect(maxInAnyWindow(starts, 1_000)).toBeLessThanOrEqual(15);
  });

  it("admits a full window at once, then waits, and refuses a slot that opens after the deadline", async () => {
    const clock = createVirtualClock();
    const limiter = new RequestRateLimiter(clock, 1_000);
    for (let i = 0; i < 3; i++) expect(await limiter.acquire(3, clock.now())).toBe(true);
    expect(clock.sleeps).toEqual([]);
    expect(await limiter.acquire(3, clock.now() + 500)).toBe(false);
    expect(await limiter.acquire(3, clock.now() + 1_000)).toBe(true);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it("keeps one limiter per token fingerprint", () => {
    const registry = new RateLimiterRegistry(createVirtualClock());
    expect(registry.forToken("sha256:a")).toBe(registry.forToken("sha256:a"));
    expect(registry.forToken("sha256:a")).not.toBe(registry.forToken("sha256:b"));
  });
});
