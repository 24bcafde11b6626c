import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../clock.js";
import { RateLimiterRegistry, RequestRateLimiter } from "./rate-limiter.js";

const maxInAnyWindow = (times: ReadonlyArray<number>, windowMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i++) {
    let count = 0;
    for (let j = i; j < sorted.length && (sorted[j] ?? 0) < (sorted[i] ?? 0) + windowMs; j++) count++;
    max = Math.max(max, count);
  }
  return max;
};

describe("RequestRateLimiter", () => {
  it("keeps any one-second window under the limit wherever latency puts each arrival", async () => {
    const clock = createVirtualClock();
    const limiter = new RequestRateLimiter(clock, 1_000);
    const arrivals: number[] = [];
    await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        const release = await limiter.acquire(15, Number.POSITIVE_INFINITY);
        const latency = (i * 37) % 200;
        // Worst case for the server: this request arrives just before its response leaves.
        await clock.sleep(latency);
        arrivals.push(clock.now());
        release?.();
      }),
    );
    expect(arrivals).toHaveLength(80);
    expect(maxInAnyWindow(arrivals, 1_000)).toBeLessThanOrEqual(15);
  });

  it("admits a full window at once, then waits for a finished request's slot to expire", async () => {
    const clock = createVirtualClock();
    const limiter = new RequestRateLimiter(clock, 1_000);
    const releases = [];
    for (let i = 0; i < 3; i++) releases.push(await limiter.acquire(3, clock.now()));
    expect(clock.sleeps).toEqual([]);
    clock.advance(100);
    for (const release of releases) release?.();
    expect(await limiter.acquire(3, clock.now() + 500)).toBeUndefined();
    expect(await limiter.acquire(3, clock.now() + 1_000)).toBeTypeOf("function");
    expect(clock.sleeps).toEqual([1_000]);
  });

  it("holds the slot of a request still in flight until it is released", async () => {
    const clock = createVirtualClock();
    const limiter = new RequestRateLimiter(clock, 1_000);
    const first = await limiter.acquire(1, Number.POSITIVE_INFINITY);
    let admitted = false;
    const second = limiter.acquire(1, Number.POSITIVE_INFINITY).then((release) => {
      admitted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toBe(false);
    first?.();
    (await second)?.();
    expect(admitted).toBe(true);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it("keeps one limiter per token fingerprint", () => {
    const registry = new RateLimiterRegistry(createVirtualClock());
    expect(registry.forToken("sha256:a")).toBe(registry.forToken("sha256:a"));
    expect(registry.forToken("sha256:a")).not.toBe(registry.forToken("sha256:b"));
  });
});
