import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const seeded = async () => {
  const setup = await startWithLocation(start, {
    limits: { maxAssets: 3, maxClientUserIds: 3, maxSerialNumbers: 3 },
  });
  const { location } = setup;
  location.addAsset({ adamId: "100", totalCount: 2 });
  location.addAsset({ adamId: "200", totalCount: 10 });
  location.addAsset({ adamId: "300", totalCount: 10, productType: "Book" });
  location.addAsset({ adamId: "400", totalCount: 10, revocable: false });
  for (const clientUserId of ["u1", "u2", "u3"])
    location.addForeignUser({ clientUserId, status: "Associated" });
  return setup;
};

const statusOf = async (client: Awaited<ReturnType<typeof seeded>>["client"], eventId: string) =>
  (await client.get("status", { eventId })).body;

describe("POST assets/associate", () => {
  it("answers an eventId and assigns once the response is sent", async () => {
    const { client, location } = await seeded();
    const { status, body } = await client.post("assets/associate", {
      assets: [{ adamId: "200", pricingParam: "STDQ" }],
      clientUserIds: ["u1"],
      serialNumbers: ["SER1"],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      eventId: expect.any(String),
      tokenExpirationDate: expect.any(String),
      uId: location.uId,
    });
    expect(await statusOf(client, body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "ASSOCIATE",
      numCompleted: 2,
      numRequested: 2,
    });
    const asset = location.state().assets.find((a) => a.adamId === "200");
    expect(asset).toMatchObject({ assignedCount: 2, availableCount: 8, totalCount: 10 });
  });

  it("R13: associating a user who already holds the asset is a no-op success that takes no license", async () => {
    const { client, location } = await seeded();
    await client.post("assets/associate", { assets: [{ adamId: "100" }], clientUserIds: ["u1"] });
    const again = await client.post("assets/associate", {
      assets: [{ adamId: "100" }],
      clientUserIds: ["u1"],
    });
    expect((await statusOf(client, again.body.eventId)).eventStatus).toBe("COMPLETE");
    expect(location.state().assets[0]).toMatchObject({ assignedCount: 1, availableCount: 1 });
  });

  it("R16: fails the operation with 9709 and assigns nothing when too few licenses are left", async () => {
    const { client, location } = await seeded();
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "100" }],
      clientUserIds: ["u1", "u2", "u3"],
    });
    const status = await statusOf(client, body.eventId);
    expect(status).toMatchObject({ eventStatus: "FAILED", numCompleted: 0, numRequested: 3 });
    expect(status.failures).toEqual([
      {
        errorNumber: 9709,
        errorMessage: expect.stringContaining("enough"),
        errorInfo: { assets: [{ adamId: "100", pricingParam: "STDQ" }], clientUserIds: ["u1", "u2", "u3"] },
      },
    ]);
    expect(location.state().assignments).toEqual([]);
  });

  it("R16: checks availability when the operation completes, not when it is accepted", async () => {
    const { sim, client, location } = await startWithLocation(start, { operationCompletion: "manual" });
    location.addAsset({ adamId: "100", totalCount: 1 });
    const first = await client.post("assets/associate", {
      assets: [{ adamId: "100" }],
      serialNumbers: ["A"],
    });
    const second = await client.post("assets/associate", {
      assets: [{ adamId: "100" }],
      serialNumbers: ["B"],
    });
    expect((await statusOf(client, first.body.eventId)).eventStatus).toBe("PENDING");
    expect(sim.completePendingOperations()).toBe(2);
    expect((await statusOf(client, first.body.eventId)).eventStatus).toBe("COMPLETE");
    expect((await statusOf(client, second.body.eventId)).failures[0].errorNumber).toBe(9709);
    expect(location.state().assets[0]).toMatchObject({ assignedCount: 1, availableCount: 0 });
  });

  it("reports unknown clientUserIds as an async 9609 failure", async () => {
    const { client } = await seeded();
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "200" }],
      clientUserIds: ["u1", "ghost"],
    });
    const status = await statusOf(client, body.eventId);
    expect(status).toMatchObject({ eventStatus: "FAILED", numCompleted: 1, numRequested: 2 });
    expect(status.failures[0]).toMatchObject({ errorNumber: 9609, errorInfo: { clientUserIds: ["ghost"] } });
  });

  it.each([
    [{}, 9718],
    [{ assets: [], clientUserIds: ["u1"] }, 9718],
    [{ assets: [{ adamId: "200" }] }, 9719],
    [{ assets: [{ adamId: "200" }], clientUserIds: [], serialNumbers: [] }, 9719],
    [
      {
        assets: [{ adamId: "100" }, { adamId: "200" }, { adamId: "300" }, { adamId: "400" }],
        clientUserIds: ["u1"],
      },
      9700,
    ],
    [{ assets: [{ adamId: "200" }], clientUserIds: ["a", "b", "c", "d"] }, 9701],
    [{ assets: [{ adamId: "200" }], serialNumbers: ["a", "b", "c", "d"] }, 9702],
    [{ assets: [{ adamId: "200" }, { adamId: "200" }], clientUserIds: ["u1"] }, 9703],
    [{ assets: [{ adamId: "200" }], clientUserIds: ["u1", "u1"] }, 9704],
    [{ assets: [{ adamId: "200" }], serialNumbers: ["S", "S"] }, 9705],
    [{ assets: [{ adamId: "300" }], serialNumbers: ["S"] }, 9707],
    [{ assets: [{ adamId: "999" }], serialNumbers: ["S"] }, 9602],
    [{ assets: [{ adamId: "200", pricingParam: "PLUS" }], serialNumbers: ["S"] }, 9602],
    [{ assets: "200", serialNumbers: ["S"] }, 9602],
    [{ assets: [{ adamId: "200" }], clientUserIds: "u1" }, 9602],
  ])("rejects %j synchronously with %i and starts no operation", async (request, errorNumber) => {
    const { sim, client } = await seeded();
    const { status, body } = await client.post("assets/associate", request);
    expect([status, body.errorNumber]).toEqual([400, errorNumber]);
    expect(body.eventId).toBeUndefined();
    expect(sim.pendingOperationCount()).toBe(0);
    expect(sim.notifications).toEqual([]);
  });

  it("names the offending assets in errorInfo", async () => {
    const { client } = await seeded();
    const { body } = await client.post("assets/associate", {
      assets: [{ adamId: "300" }],
      serialNumbers: ["S"],
    });
    expect(body.errorInfo).toEqual({ assets: [{ adamId: "300", pricingParam: "STDQ" }] });
  });
});

describe("POST assets/disassociate", () => {
  it("frees the licenses; targets without one are a no-op success", async () => {
    const { client, location } = await seeded();
    await client.post("assets/associate", {
      assets: [{ adamId: "200" }],
      clientUserIds: ["u1"],
      serialNumbers: ["S1"],
    });
    const { body } = await client.post("assets/disassociate", {
      assets: [{ adamId: "200" }],
      clientUserIds: ["u1", "u2"],
      serialNumbers: ["S1"],
    });
    expect(await statusOf(client, body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "DISASSOCIATE",
      numCompleted: 3,
      numRequested: 3,
    });
    expect(location.state().assets[1]).toMatchObject({ assignedCount: 0, availableCount: 10 });
  });

  it("refuses irrevocable assets with 9706", async () => {
    const { client } = await seeded();
    const { status, body } = await client.post("assets/disassociate", {
      assets: [{ adamId: "400" }],
      clientUserIds: ["u1"],
    });
    expect([status, body.errorNumber]).toEqual([400, 9706]);
  });
});

describe("POST assets/revoke", () => {
  it("takes back every revocable license of the targets and leaves irrevocable ones", async () => {
    const { client, location } = await seeded();
    await client.post("assets/associate", {
      assets: [{ adamId: "200" }, { adamId: "300" }, { adamId: "400" }],
      clientUserIds: ["u1"],
    });
    await client.post("assets/associate", { assets: [{ adamId: "200" }], serialNumbers: ["S1"] });
    const { body } = await client.post("assets/revoke", { clientUserIds: ["u1"], serialNumbers: ["S1"] });
    expect(await statusOf(client, body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "REVOKE",
      numRequested: 2,
    });
    expect(
      location
        .state()
        .assignments.map((a) => a.adamId)
        .sort(),
    ).toEqual(["300", "400"]);
  });

  it("validates revoke limits (maxRevokeClientUserIds, 9701) and needs targets (9719)", async () => {
    const { client } = await startWithLocation(start, { limits: { maxRevokeClientUserIds: 1 } });
    expect((await client.post("assets/revoke", { clientUserIds: ["a", "b"] })).body.errorNumber).toBe(9701);
    expect((await client.post("assets/revoke", {})).body.errorNumber).toBe(9719);
  });
});
