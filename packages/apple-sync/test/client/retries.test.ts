import { describe, expect, it } from "vitest";
import { type ClientObservation, isAppleApiError } from "../../src/index.js";
import { harness, rejectionOf, requestsTo } from "./support/setup.js";

describe("retries, backoff and deadlines", () => {
  it("honours Retry-After on 503 (9729) and succeeds once Apple is back", async () => {
    const { sim, clock, virtualClient } = await harness();
    sim.injectFault({ kind: "unavailable", path: "client/config", times: 2, retryAfterSeconds: 7 });
    const config = await virtualClient().getClientConfig();
    expect(config.uId).toEqual(expect.any(String));
    expect(requestsTo(sim, "client/config").map((r) => r.status)).toEqual([503, 503, 200]);
    const waits = clock.sleeps.filter((ms) => ms >= 1_000);
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(7_000);
  });

  it("honours Retry-After on 500 (9603)", async () => {
    const { sim, clock, virtualClient } = await harness();
    sim.injectFault({ kind: "server-error", path: "client/config", retryAfterSeconds: 3 });
    await virtualClient().getClientConfig();
    expect(requestsTo(sim, "client/config").map((r) => r.status)).toEqual([500, 200]);
    expect(clock.sleeps.some((ms) => ms >= 3_000)).toBe(true);
  });

  it("backs off exponentially with jitter on 429 (9646)", async () => {
    const { sim, clock, virtualClient } = await harness();
    sim.injectFault({ kind: "rate-limit", path: "client/config", times: 3 });
    const retries: number[] = [];
    const observer = (observation: ClientObservation) => {
      if (observation.type === "retry") retries.push(observation.delayMs);
    };
    await virtualClient({ random: () => 0.5, observer, retry: { baseDelayMs: 1_000 } }).getClientConfig();
    expect(requestsTo(sim, "client/config").map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(retries).toEqual([750, 1_500, 3_000]);
    expect(clock.sleeps).toEqual(expect.arrayContaining(retries));
  });

  it("gives up after the bounded attempts with the last error, attempts counted", async () => {
    const { sim, virtualClient } = await harness();
    sim.injectFault({ kind: "rate-limit", path: "client/config", times: 50 });
    const error = await rejectionOf(virtualClient({ retry: { maxAttempts: 4 } }).getClientConfig());
    expect(isAppleApiError(error, "throttled")).toBe(true);
    expect(error).toMatchObject({ attempts: 4, errorNumber: 9646, httpStatus: 429, retryable: true });
    expect(requestsTo(sim, "client/config")).toHaveLength(4);
  });

  it("does not wait into its deadline when Apple's Retry-After outlasts it: Apple's error at once, saying when", async () => {
    const { sim, clock, virtualClient } = await harness();
    sim.injectFault({ kind: "unavailable", path: "client/config", times: 5, retryAfterSeconds: 120 });
    const observations: ClientObservation[] = [];
    const error = await rejectionOf(
      virtualClient({ deadlineMs: 120_000, observer: (e) => observations.push(e) }).getClientConfig(),
    );
    expect(isAppleApiError(error, "unavailable")).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 120_000, attempts: 1, retryable: true });
    expect((error as Error).message).toMatch(/retry after \d{4}-\d{2}-\d{2}T/);
    expect(isAppleApiError((error as Error).cause, "unavailable")).toBe(true);
    expect(clock.sleeps.filter((ms) => ms >= 1_000)).toEqual([]);
    expect(observations.find((e) => e.type === "retry-deferred")).toMatchObject({ retryAfterMs: 120_000 });
    expect(requestsTo(sim, "client/config")).toHaveLength(1);
  });

  it("waits out a Retry-After that fits in what is left of the deadline", async () => {
    const { sim, clock, virtualClient } = await harness();
    sim.injectFault({ kind: "unavailable", path: "client/config", times: 1, retryAfterSeconds: 30 });
    await virtualClient({ deadlineMs: 120_000 }).getClientConfig();
    expect(clock.sleeps.some((ms) => ms >= 30_000 && ms < 31_000)).toBe(true);
  });

  it("bounds a call by its overall deadline even when Apple hangs", async () => {
    const { sim, client } = await harness();
    sim.setLatency(2_000);
    const started = Date.now();
    const error = await rejectionOf(client({ deadlineMs: 300, attemptTimeoutMs: 5_000 }).getClientConfig());
    expect(isAppleApiError(error, "deadline-exceeded")).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("retries an attempt that timed out, within the deadline", async () => {
    const { sim, client } = await harness();
    sim.setLatency(400);
    let calls = 0;
    const fetchOnce: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 2) sim.setLatency(0);
      return fetch(input, init);
    };
    const apple = client({ fetch: fetchOnce, attemptTimeoutMs: 150, retry: { baseDelayMs: 10 } });
    await apple.serviceConfig();
    expect(calls).toBe(2);
  });

  it("retries a transport failure (connection reset) and succeeds", async () => {
    const { virtualClient } = await harness();
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed", { cause: new Error("read ECONNRESET") });
      return fetch(input, init);
    };
    await virtualClient({ fetch: flaky }).serviceConfig();
    expect(calls).toBe(2);
  });

  it("re-reads a rejected token from the vault once: a renewed token is used without a restart", async () => {
    const { sim, location, vault, virtualClient } = await harness();
    const renewed = sim.addLocation({ orgName: "Example School", expiresAt: "2031-01-01T00:00:00Z" });
    const observations: ClientObservation[] = [];
    const apple = virtualClient({ observer: (observation) => observations.push(observation) });
    await apple.getClientConfig();
    location.revokeToken();
    await vault.put("acct-1", renewed.vppTokenFile());
    const config = await apple.getClientConfig();
    expect(config.uId).toBe(renewed.uId);
    expect(observations.filter((e) => e.type === "token-reloaded")).toHaveLength(1);
    expect(requestsTo(sim, "client/config").map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it("does not retry an auth failure when the vault still holds the same token", async () => {
    const { sim, location, virtualClient } = await harness();
    location.revokeToken();
    const error = await rejectionOf(virtualClient().getClientConfig());
    expect(isAppleApiError(error, "token-revoked")).toBe(true);
    expect(requestsTo(sim, "client/config")).toHaveLength(1);
  });

  it("cancels a call through its AbortSignal", async () => {
    const { sim, client } = await harness();
    sim.setLatency(2_000);
    const controller = new AbortController();
    const pending = client().getClientConfig({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("host shutting down")), 50);
    const error = await rejectionOf(pending);
    expect((error as Error).message).toBe("host shutting down");
  });
});
