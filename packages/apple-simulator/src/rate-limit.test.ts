import { describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../test/support/client.js";
import { startWithLocation, useSimulators } from "../test/support/fixture.js";
import { SlidingWindowRateLimiter } from "./rate-limit.js";

const start = useSimulators();

describe("SlidingWindowRateLimiter", () => {
  it("allows `limit` requests in any one-second window, per key", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(
      () => 2,
      1000,
      () => now,
    );
    expect([limiter.tryAcquire("a"), limiter.tryAcquire("a"), limiter.tryAcquire("a")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.tryAcquire("b")).toBe(true);
    now = 999;
    expect(limiter.tryAcquire("a")).toBe(false);
    now = 1000;
    expect(limiter.tryAcquire("a")).toBe(true);
  });

  it("slides: a burst at the end of one second still limits the start of the next", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(
      () => 2,
      1000,
      () => now,
    );
    limiter.tryAcquire("a");
    now = 900;
    limiter.tryAcquire("a");
    now = 1100;
    expect(limiter.tryAcquire("a")).toBe(true);
    expect(limiter.tryAcquire("a")).toBe(false);
  });

  it("does not count refused requests, so backing off recovers", () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(
      () => 1,
      1000,
      () => now,
    );
    limiter.tryAcquire("a");
    for (let index = 0; index < 10; index += 1) limiter.tryAcquire("a");
    now = 1001;
    expect(limiter.tryAcquire("a")).toBe(true);
  });
});

describe("rate limiting over HTTP", () => {
  it("answers HTTP 429 with 9646 beyond maxRequestPerSecond for one sToken", async () => {
    const { sim, client } = await startWithLocation(start, { maxRequestPerSecond: 3 });
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.get("assets")));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = responses.find((response) => response.status === 429);
    expect(limited?.body.errorNumber).toBe(9646);
    expect(sim.requests.filter((entry) => entry.status === 429)).toHaveLength(2);
  });

  it("limits each token on its own", async () => {
    const { sim, client } = await startWithLocation(start, { maxRequestPerSecond: 1 });
    const other = clientFor(sim, sim.addLocation({ orgName: "OTHER", expiresAt: nextYear() }));
    expect((await client.get("assets")).status).toBe(200);
    expect((await other.get("assets")).status).toBe(200);
    expect((await client.get("assets")).status).toBe(429);
  });

  it("does not limit the token-free service config", async () => {
    const { sim } = await startWithLocation(start, { maxRequestPerSecond: 1 });
    const anonymous = clientFor(sim, null);
    const statuses = await Promise.all(
      [1, 2, 3].map(async () => (await anonymous.get("service/config")).status),
    );
    expect(statuses).toEqual([200, 200, 200]);
  });
});
