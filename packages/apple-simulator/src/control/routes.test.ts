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

describe("/_sim control endpoints", () => {
  it("creates a location, seeds it and plays Apple's side over HTTP", async () => {
    const sim = await start({ operationCompletion: "manual" });
    const created = await control(sim.origin, "POST", "locations", {
      orgName: "ORG.HTTP",
      expiresAt: nextYear(),
    });
    expect(created.status).toBe(200);
    const { fingerprint, vppTokenFile } = created.body;
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    const loc = `locations/${fingerprint}`;
    expect(
      (await control(sim.origin, "POST", `${loc}/assets`, { adamId: "1", totalCount: 2 })).body.totalCount,
    ).toBe(2);
    expect(
      (await control(sim.origin, "POST", `${loc}/assets/1/count`, { totalCount: 4 })).body.totalCount,
    ).toBe(4);
    await control(sim.origin, "POST", `${loc}/users`, { clientUserId: "u1" });
    await control(sim.origin, "POST", `${loc}/assignments`, { adamId: "1", serialNumber: "S1" });
    const accepted = await control(sim.origin, "POST", "users/u1/accept");
    expect(accepted.body.status).toBe("Associated");
    await control(sim.origin, "POST", `${loc}/mdm-info`, { id: "x", name: "Other", metadata: "" });
    expect(
      (
        await control(sim.origin, "POST", `${loc}/error-messages`, {
          errorNumber: 9708,
          errorMessage: "gone",
        })
      ).body,
    ).toEqual({ ok: true });
    expect(
      (await control(sim.origin, "POST", `${loc}/error-messages`, { errorNumber: "x", errorMessage: "y" }))
        .body.error.code,
    ).toBe("SIM_INVALID_ERROR_MESSAGE");

    const api = clientFor(sim, null, vppTokenFile);
    const associated = await api.post("assets/associate", {
      assets: [{ adamId: "1" }],
      clientUserIds: ["u1"],
    });
    expect((await control(sim.origin, "POST", "events/complete")).body.completed).toBe(1);
    expect((await api.get("status", { eventId: associated.body.eventId })).body.eventStatus).toBe("COMPLETE");
    expect((await api.get("status", { eventId: "unknown" })).body).toMatchObject({
      errorNumber: 9708,
      errorMessage: "gone",
    });

    const state = (await control(sim.origin, "GET", `${loc}/state`)).body;
    expect(state.assets[0]).toMatchObject({ assignedCount: 2, availableCount: 2 });
    expect(state.mdmInfo.name).toBe("Other");

    await control(sim.origin, "POST", "faults", { kind: "unavailable", path: "assets" });
    expect((await api.get("assets")).status).toBe(503);
    await control(sim.origin, "POST", `${loc}/revoke`);
    expect((await api.get("assets")).body.errorNumber).toBe(9625);

    const requests = (await control(sim.origin, "GET", "requests")).body.requests;
    expect(requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(requests)).not.toContain(vppTokenFile);
    expect((await control(sim.origin, "GET", "locations")).body.locations).toEqual([
      expect.objectContaining({ fingerprint, orgName: "ORG.HTTP" }),
    ]);
    expect((await control(sim.origin, "GET", "notifications")).body.notifications).toEqual([]);
  });

  it("answers setup mistakes with 400 and a stable code, unknown paths with 404", async () => {
    const sim = await start();
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    const bad = await control(sim.origin, "POST", `locations/${location.fingerprint}/assignments`, {
      adamId: "404",
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, "SIM_INVALID_ASSIGNMENT"]);
    const unknownAsset = await control(sim.origin, "POST", `locations/${location.fingerprint}/assignments`, {
      adamId: "404",
      serialNumber: "S",
    });
    expect(unknownAsset.body.error.code).toBe("SIM_UNKNOWN_ASSET");
    const noName = await control(sim.origin, "POST", "locations", { expiresAt: nextYear() });
    expect([noName.status, noName.body.error.code]).toEqual([400, "SIM_INVALID_LOCATION"]);
    expect((await control(sim.origin, "GET", "nothing-here")).status).toBe(404);
    expect((await control(sim.origin, "GET", "events/complete")).status).toBe(405);
    expect((await control(sim.origin, "POST", "users/ghost/accept")).body.error.code).toBe(
      "SIM_UNKNOWN_USER",
    );
  });
});
