import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

describe("realistic mode: outages (opt-in)", () => {
  it("answers a share of requests 503 + 9729 with Retry-After, before any work is done", async () => {
    const { sim, client, location } = await startWithLocation(start, {
      maxRequestPerSecond: 1000,
      realism: { preset: "instant", seed: 4, unavailableRate: 0.5, unavailableRetryAfterSeconds: 7 },
    });
    location.addAsset({ adamId: "1", totalCount: 100 });
    const answers = [];
    for (let index = 0; index < 20; index += 1) {
      answers.push(
        await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: [`S${index}`] }),
      );
    }
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(2);
    expect(refused.length).toBeLessThan(18);
    for (const answer of refused) {
      expect([answer.body.errorNumber, answer.headers.get("retry-after")]).toEqual([9729, "7"]);
    }
    expect(location.state().assignments).toHaveLength(20 - refused.length);
    expect(sim.requestCounts()["POST assets/associate"]).toBe(20);
  });

  it("is off in both presets unless asked", async () => {
    const { client } = await startWithLocation(start, {
      maxRequestPerSecond: 1000,
      realism: { clock: "manual" },
    });
    for (let index = 0; index < 30; index += 1) expect((await client.get("client/config")).status).toBe(200);
    await expect(start({ realism: { unavailableRetryAfterSeconds: 1.5 } })).rejects.toMatchObject({
      message: expect.stringContaining("unavailableRetryAfterSeconds"),
    });
  });
});
