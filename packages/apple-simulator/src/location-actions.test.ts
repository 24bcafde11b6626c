import { afterEach, describe, expect, it } from "vitest";
import { clientFor } from "../test/support/client.js";
import { startWithLocation, useSimulators } from "../test/support/fixture.js";
import { type Receiver, startReceiver } from "../test/support/receiver.js";

const start = useSimulators();
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

describe("renewToken: a new token for the same location", () => {
  it("reaches the same library: same uId, data, operations and client config, a new sToken", async () => {
    const { sim, client, location } = await startWithLocation(start, { operationCompletion: "manual" });
    location.addAsset({ adamId: "100", totalCount: 3 });
    await client.post("client/config", { mdmInfo: { id: "m1", name: "Ledger", metadata: "x" } });
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "100" }],
      serialNumbers: ["S1"],
    });
    const renewed = location.renewToken({ expiresAt: "2099-01-01T00:00:00Z" });
    const next = clientFor(sim, renewed);
    expect(renewed.sToken).not.toBe(location.sToken);
    expect(renewed.uId).toBe(location.uId);
    sim.completePendingOperations();
    expect((await next.get("status", { eventId: body.eventId })).body.eventStatus).toBe("COMPLETE");
    const assets = (await next.get("assets")).body;
    expect([assets.uId, assets.assets[0].assignedCount, assets.mdmInfo.id]).toEqual([location.uId, 1, "m1"]);
    expect((await next.get("client/config")).body.tokenExpirationDate).toBe("2099-01-01T00:00:00+0000");
    expect(sim.locations()).toHaveLength(2);
  });

  it("keeps the old token working until its own expiry, or revokes it (9625) with revokePrevious", async () => {
    const { sim, client, location } = await startWithLocation(start);
    location.renewToken({ expiresAt: "2099-01-01T00:00:00Z" });
    expect((await client.get("assets")).status).toBe(200);
    const third = location.renewToken({ expiresAt: "2099-06-01T00:00:00Z", revokePrevious: true });
    expect((await client.get("assets")).body.errorNumber).toBe(9625);
    expect((await clientFor(sim, third).get("assets")).status).toBe(200);
    expect(() => location.renewToken({} as { expiresAt: string })).toThrow(
      expect.objectContaining({ code: "SIM_INVALID_DATE" }),
    );
  });

  it("logs each token by its own fingerprint, so requests can be told apart", async () => {
    const { sim, client, location } = await startWithLocation(start);
    const renewed = location.renewToken({ expiresAt: "2099-01-01T00:00:00Z" });
    await client.get("assets");
    await clientFor(sim, renewed).get("assets");
    expect(sim.requests.map((entry) => entry.tokenFingerprint)).toEqual([
      location.fingerprint,
      renewed.fingerprint,
    ]);
  });
});

describe("unlimited assets", () => {
  it("sends UNLIMITED_ASSET to subscribers when an asset turns unlimited or limited again", async () => {
    const { sim, client, location } = await startWithLocation(start);
    const receiver = await startReceiver();
    receivers.push(receiver);
    const config = await client.post("client/config", {
      notificationUrl: receiver.url,
      notificationAuthToken: "hook",
      notificationTypes: ["UNLIMITED_ASSET"],
    });
    expect(config.status).toBe(200);
    expect((await client.get("client/config")).body.subscribedNotificationTypes).toEqual(["UNLIMITED_ASSET"]);
    location.addAsset({ adamId: "7", totalCount: 10 });
    location.setUnlimited("7", true);
    location.setUnlimited("7", true);
    location.setUnlimited("7", false, 25);
    await sim.settle();
    const sent = receiver.received
      .map((received) => received.envelope)
      .filter((envelope) => envelope.notificationType === "UNLIMITED_ASSET")
      .map((envelope) => envelope.notification);
    expect(sent).toEqual([
      { adamId: "7", pricingParam: "STDQ", unlimited: true },
      { adamId: "7", pricingParam: "STDQ", unlimited: false },
    ]);
    expect((await client.get("assets")).body.assets[0].totalCount).toBe(25);
  });

  it("lists UNLIMITED_ASSET among the notification types of service/config", async () => {
    const { sim } = await startWithLocation(start);
    const body = (await (await fetch(`${sim.baseUrl}/service/config`)).json()) as {
      notificationTypes: string[];
    };
    expect(body.notificationTypes).toContain("UNLIMITED_ASSET");
  });
});

describe("requestCounts", () => {
  it("counts requests per endpoint, rejected ones too, until clearLogs", async () => {
    const { sim, client, location } = await startWithLocation(start);
    location.addAsset({ adamId: "1", totalCount: 2 });
    await client.get("assets");
    await client.get("assets", { pageIndex: 0 });
    await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: ["S"] });
    await clientFor(sim, null).get("assignments");
    expect(sim.requestCounts()).toEqual({
      "GET assets": 2,
      "POST assets/associate": 1,
      "GET assignments": 1,
    });
    sim.clearLogs();
    expect(sim.requestCounts()).toEqual({});
  });
});
