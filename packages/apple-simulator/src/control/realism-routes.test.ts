import { describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../../test/support/client.js";
import { useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const control = async (origin: string, method: "GET" | "POST", path: string, body?: unknown) => {
  const response = await fetch(`${origin}/_sim/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: control answers are checked field by field.
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe("/_sim control endpoints for realism and location actions", () => {
  it("renews a token, turns an asset unlimited, churns, advances the clock and counts requests", async () => {
    const sim = await start({
      realism: { preset: "instant", clock: "manual", operationPendingMs: [10_000, 10_000] },
    });
    const location = sim.addLocation({ orgName: "ORG", expiresAt: nextYear() });
    location.addAsset({ adamId: "1", totalCount: 3 });
    const loc = `locations/${location.fingerprint}`;
    const renewed = await control(sim.origin, "POST", `${loc}/renew`, { expiresAt: "2099-01-01T00:00:00Z" });
    expect(renewed.body.uId).toBe(location.uId);
    const client = clientFor(sim, null, renewed.body.vppTokenFile);
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "1" }],
      serialNumbers: ["S"],
    });
    expect((await client.get("status", { eventId: body.eventId })).body.eventStatus).toBe("PENDING");
    expect((await control(sim.origin, "POST", "time/advance", { ms: 10_000 })).body.elapsedMs).toBe(10_000);
    expect((await client.get("status", { eventId: body.eventId })).body.eventStatus).toBe("COMPLETE");
    await control(sim.origin, "POST", `${loc}/churn`, { kind: "users" });
    expect(location.state().users.map((user) => user.clientUserId)).toEqual(["churn-user-1"]);
    await control(sim.origin, "POST", `${loc}/assets/1/unlimited`, { unlimited: true });
    expect((await client.get("assets", { unlimited: true })).body.unlimitedAssets).toHaveLength(1);
    expect((await control(sim.origin, "GET", "request-counts")).body.counts).toEqual({
      "POST assets/associate": 1,
      "GET status": 2,
      "GET assets": 1,
    });
  });

  it("refuses to advance a scaled clock with the clock error's code", async () => {
    const sim = await start();
    const { status, body } = await control(sim.origin, "POST", "time/advance", { ms: 5 });
    expect([status, body.error.code]).toEqual([400, "SIM_CLOCK_NOT_MANUAL"]);
  });
});
