import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from "./retry-policy.js";

describe("retry policy", () => {
  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("backs off exponentially with equal jitter, capped", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, () => 0.999_999)).toBeCloseTo(1_000, 0);
    expect(backoffDelay(policy, 3, () => 0)).toBe(2_000);
    expect(backoffDelay(policy, 10, () => 0.999_999)).toBeCloseTo(8_000, 0);
  });

  it("always waits at least Retry-After; on throttling, the longer of it and the backoff", () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelay(policy, "unavailable", 1, 120_000, () => 0.5)).toBeGreaterThanOrEqual(120_000);
    expect(retryDelay(policy, "throttled", 1, 100, () => 0)).toBe(500);
    expect(retryDelay(policy, "throttled", 1, 5_000, () => 0)).toBe(5_000);
  });
});
