import type { AppleSimulator } from "@vpp-ledger/apple-simulator";
import { describe, expect, it } from "vitest";
import { RateLimiterRegistry, systemClock } from "../../src/index.js";
import { collect, harness } from "./support/setup.js";

/** The most requests carrying a token that Apple saw arrive within any one-second window. */
const peakPerSecond = (sim: AppleSimulator): number => {
  const arrivals = sim.requests
    .filter((r) => r.tokenFingerprint)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < arrivals.length; j++) {
    while ((arrivals[j] ?? 0) - (arrivals[i] ?? 0) >= 1_000) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
};

describe("rate limiting per sToken", () => {
  it("never exceeds Apple's live maxRequestPerSecond, even with 20 concurrent calls", async () => {
    const { sim, client } = await harness({ maxRequestPerSecond: 5 });
    const apple = client();
    const configs = await Promise.all(Array.from({ length: 20 }, () => apple.getClientConfig()));
    expect(configs).toHaveLength(20);
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(peakPerSecond(sim)).toBeLessThanOrEqual(5);
    expect(peakPerSecond(sim)).toBeGreaterThanOrEqual(4);
  }, 20_000);

  it("keeps paged reads and manage calls under the limit together", async () => {
    const { sim, location, client } = await harness({ maxRequestPerSecond: 4, pageSize: 2 });
    location.addAsset({ adamId: "1001", totalCount: 100, deviceAssignable: true });
    for (let i = 0; i < 20; i++) location.addForeignAssignment({ adamId: "1001", serialNumber: `SN${i}` });
    const apple = client();
    const [assignments] = await Promise.all([
      collect(apple.assignments()),
      apple.associateAssets({ assets: [{ adamId: "1001" }], serialNumbers: ["SN-A"] }),
      apple.getClientConfig(),
    ]);
    expect(assignments.length).toBeGreaterThanOrEqual(20);
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(peakPerSecond(sim)).toBeLessThanOrEqual(4);
  }, 20_000);

  it("clients sharing a registry share the token's budget", async () => {
    const { sim, client } = await harness({ maxRequestPerSecond: 4 });
    const rateLimiters = new RateLimiterRegistry(systemClock);
    const a = client({ rateLimiters });
    const b = client({ rateLimiters });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).getClientConfig()));
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(peakPerSecond(sim)).toBeLessThanOrEqual(4);
  }, 20_000);
});
