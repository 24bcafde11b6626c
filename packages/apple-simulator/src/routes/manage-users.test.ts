import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const statusOf = async (client: Awaited<ReturnType<typeof startWithLocation>>["client"], eventId: string) =>
  (await client.get("status", { eventId })).body;

describe("POST users/create", () => {
  it("creates Registered users with an inviteCode, or Associated ones with a Managed Apple Account", async () => {
    const { client } = await startWithLocation(start);
    const { status, body } = await client.post("users/create", {
      users: [
        { clientUserId: "c-1", email: "one@example.com" },
        { clientUserId: "c-2", managedAppleId: "two@corp.example" },
      ],
    });
    expect(status).toBe(200);
    expect(await statusOf(client, body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "CREATE",
      numCompleted: 2,
      numRequested: 2,
    });
    const users = (await client.get("users")).body.users;
    expect(users[0]).toMatchObject({
      clientUserId: "c-1",
      status: "Registered",
      inviteCode: expect.any(String),
    });
    expect(users[0]).not.toHaveProperty("idHash");
    expect(users[1]).toMatchObject({ clientUserId: "c-2", status: "Associated", idHash: expect.any(String) });
  });

  it("fails with 9716 (async) for a clientUserId that already has an active user", async () => {
    const { client, location } = await startWithLocation(start);
    location.addForeignUser({ clientUserId: "taken" });
    const { body } = await client.post("users/create", {
      users: [{ clientUserId: "taken" }, { clientUserId: "new" }],
    });
    const status = await statusOf(client, body.eventId);
    expect(status).toMatchObject({ eventStatus: "FAILED", numCompleted: 1, numRequested: 2 });
    expect(status.failures).toEqual([
      expect.objectContaining({ errorNumber: 9716, errorInfo: { clientUserIds: ["taken"] } }),
    ]);
  });

  it.each([
    [{}, 9720],
    [{ users: [] }, 9720],
    [{ users: [{ clientUserId: "a" }, { clientUserId: "b" }, { clientUserId: "c" }] }, 9714],
    [{ users: [{ clientUserId: "a" }, { clientUserId: "a" }] }, 9715],
    [{ users: [{ clientUserId: "a", email: "not-an-email" }] }, 9717],
    [{ users: [{ email: "a@b.example" }] }, 9602],
    [{ users: "a" }, 9602],
  ])("rejects %j synchronously with %i", async (request, errorNumber) => {
    const { sim, client } = await startWithLocation(start, { limits: { maxUsers: 2 } });
    const { status, body } = await client.post("users/create", request);
    expect([status, body.errorNumber]).toEqual([400, errorNumber]);
    expect(sim.pendingOperationCount()).toBe(0);
  });
});

describe("POST users/update", () => {
  it("updates the email; a Managed Apple Account associates a Registered user", async () => {
    const { client, location } = await startWithLocation(start);
    location.addForeignUser({ clientUserId: "u" });
    const { body } = await client.post("users/update", {
      users: [{ clientUserId: "u", email: "new@example.com", managedAppleId: "u@corp.example" }],
    });
    expect((await statusOf(client, body.eventId)).eventType).toBe("UPDATE");
    expect(location.state().users[0]).toMatchObject({ email: "new@example.com", status: "Associated" });
  });

  it("fails with 9609 for an unknown user", async () => {
    const { client } = await startWithLocation(start);
    const { body } = await client.post("users/update", {
      users: [{ clientUserId: "ghost", email: "g@example.com" }],
    });
    expect((await statusOf(client, body.eventId)).failures[0].errorNumber).toBe(9609);
  });
});

describe("POST users/retire", () => {
  it("retires the user and frees its revocable licenses; a new create makes a second row", async () => {
    const { client, location } = await startWithLocation(start);
    location.addAsset({ adamId: "1", totalCount: 1 });
    location.addForeignUser({ clientUserId: "u", status: "Associated" });
    location.addForeignAssignment({ adamId: "1", clientUserId: "u" });
    const { body } = await client.post("users/retire", { users: [{ clientUserId: "u" }] });
    expect(await statusOf(client, body.eventId)).toMatchObject({
      eventStatus: "COMPLETE",
      eventType: "RETIRE",
    });
    expect(location.state().assets[0]).toMatchObject({
      assignedCount: 0,
      availableCount: 1,
      retiredCount: 0,
    });
    await client.post("users/create", { users: [{ clientUserId: "u" }] });
    const rows = (await client.get("users", { clientUserId: "u" })).body.users;
    expect(rows.map((row: { status: string }) => row.status)).toEqual(["Retired", "Registered"]);
  });

  it("fails with 9609 for a user that is not active", async () => {
    const { client } = await startWithLocation(start);
    const { body } = await client.post("users/retire", { users: [{ clientUserId: "ghost" }] });
    expect((await statusOf(client, body.eventId)).failures[0]).toMatchObject({ errorNumber: 9609 });
  });
});
