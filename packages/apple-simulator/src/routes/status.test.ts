import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../../test/support/client.js";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const associate = async (client: Awaited<ReturnType<typeof startWithLocation>>["client"]) =>
  (await client.post("assets/associate", { assets: [{ adamId: "1" }], serialNumbers: ["S1"] })).body
    .eventId as string;

describe("GET status", () => {
  it("is COMPLETE at once in the default immediate mode", async () => {
    const { client, location } = await startWithLocation(start);
    location.addAsset({ adamId: "1", totalCount: 1 });
    const eventId = await associate(client);
    const { body } = await client.get("status", { eventId });
    expect(body).toEqual({
      eventStatus: "COMPLETE",
      eventType: "ASSOCIATE",
      numCompleted: 1,
      numRequested: 1,
      tokenExpirationDate: expect.any(String),
      uId: location.uId,
    });
  });

  it("stays PENDING in manual mode until completePendingOperations", async () => {
    const { sim, client, location } = await startWithLocation(start, { operationCompletion: "manual" });
    location.addAsset({ adamId: "1", totalCount: 1 });
    const eventId = await associate(client);
    expect((await client.get("status", { eventId })).body).toMatchObject({
      eventStatus: "PENDING",
      numCompleted: 0,
    });
    expect(location.state().assignments).toEqual([]);
    expect(sim.pendingOperationCount()).toBe(1);
    sim.completePendingOperations();
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("COMPLETE");
  });

  it("completes after the configured delay in afterMs mode", async () => {
    const { client, location } = await startWithLocation(start, { operationCompletion: { afterMs: 400 } });
    location.addAsset({ adamId: "1", totalCount: 1 });
    const eventId = await associate(client);
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("PENDING");
    await sleep(800);
    expect((await client.get("status", { eventId })).body.eventStatus).toBe("COMPLETE");
  });

  it("answers 9708 for an unknown eventId and for another location's operation", async () => {
    const { sim, client, location } = await startWithLocation(start);
    location.addAsset({ adamId: "1", totalCount: 1 });
    const eventId = await associate(client);
    expect((await client.get("status", { eventId: "nope" })).body.errorNumber).toBe(9708);
    const other = clientFor(sim, sim.addLocation({ orgName: "OTHER", expiresAt: nextYear() }));
    const { status, body } = await other.get("status", { eventId });
    expect([status, body.errorNumber]).toEqual([400, 9708]);
  });

  it("answers 9602 without an eventId", async () => {
    const { client } = await startWithLocation(start);
    expect((await client.get("status")).body.errorNumber).toBe(9602);
  });
});
