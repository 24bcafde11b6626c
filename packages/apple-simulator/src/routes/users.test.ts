import { describe, expect, it } from "vitest";
import type { ApiResponse } from "../../test/support/client.js";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const withUsers = async (count: number, pageSize = 200) => {
  const setup = await startWithLocation(start, { pageSize });
  for (let index = 1; index <= count; index += 1)
    setup.location.addForeignUser({ clientUserId: `user-${index}` });
  return setup;
};

const clientUserIds = (body: ApiResponse["body"]) =>
  (body.users as { clientUserId: string }[]).map((user) => user.clientUserId);

describe("GET users", () => {
  it("lists users with Apple's fields: Registered users have an inviteCode and no idHash", async () => {
    const { client, location } = await withUsers(0);
    location.addForeignUser({ clientUserId: "a", email: "a@example.com" });
    location.addForeignUser({ clientUserId: "b", status: "Associated" });
    const { body } = await client.get("users");
    expect(body.users[0]).toEqual({
      clientUserId: "a",
      email: "a@example.com",
      inviteCode: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: "Registered",
    });
    expect(body.users[0]).not.toHaveProperty("userId");
    expect(body.users[1]).toMatchObject({
      clientUserId: "b",
      idHash: expect.any(String),
      status: "Associated",
    });
  });

  it("walks pages by nextPageIndex until it disappears", async () => {
    const { client } = await withUsers(5, 2);
    const seen: string[] = [];
    let pageIndex: number | undefined;
    let pages = 0;
    do {
      const { body } = await client.get("users", pageIndex === undefined ? {} : { pageIndex });
      expect(body.totalPages).toBe(3);
      seen.push(...clientUserIds(body));
      pageIndex = body.nextPageIndex;
      pages += 1;
    } while (pageIndex !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(["user-1", "user-2", "user-3", "user-4", "user-5"]);
  });

  it("changes versionId between pages of a walk when users change meanwhile", async () => {
    const { client, location } = await withUsers(4, 2);
    const first = (await client.get("users")).body;
    location.addForeignUser({ clientUserId: "late" });
    const second = (await client.get("users", { pageIndex: 1 })).body;
    expect(second.versionId).not.toBe(first.versionId);
    expect(second.totalPages).toBe(3);
  });

  it("lets a request hook change users at an exact page of a walk", async () => {
    const { sim, client, location } = await withUsers(4, 2);
    const stop = sim.onRequest(({ path, query, location: caller }) => {
      if (path === "users" && query.pageIndex === "1") caller?.addForeignUser({ clientUserId: "mid-walk" });
    });
    const first = (await client.get("users")).body;
    const second = (await client.get("users", { pageIndex: 1 })).body;
    stop();
    expect(second.versionId).not.toBe(first.versionId);
    expect(location.state().users).toHaveLength(5);
    expect((await client.get("users", { pageIndex: 1 })).body.versionId).toBe(second.versionId);
  });

  it("with sinceVersionId returns only users changed since that version", async () => {
    const { client, location } = await withUsers(3);
    const { versionId } = (await client.get("users")).body;
    location.acceptInvitation("user-2");
    location.addForeignUser({ clientUserId: "user-4" });
    const delta = (await client.get("users", { sinceVersionId: versionId })).body;
    expect(clientUserIds(delta)).toEqual(["user-2", "user-4"]);
    expect(delta.users[0].status).toBe("Associated");
    const none = (await client.get("users", { sinceVersionId: delta.versionId })).body;
    expect(none.users).toEqual([]);
    expect(none.versionId).toBe(delta.versionId);
  });

  it("answers 9721 for a versionId this location never issued", async () => {
    const { sim, client } = await withUsers(1);
    const other = sim.addLocation({ orgName: "OTHER", expiresAt: "2099-01-01T00:00:00Z" });
    const foreignVersion = other.state().versionIds.users;
    for (const sinceVersionId of ["garbage", "999999-abcd", foreignVersion]) {
      const { status, body } = await client.get("users", { sinceVersionId });
      expect([status, body.errorNumber]).toEqual([400, 9721]);
    }
  });

  it("filters by clientUserId, activeOnly and retiredOnly, keeping retired rows apart", async () => {
    const { client, location } = await withUsers(2);
    const retire = await client.post("users/retire", { users: [{ clientUserId: "user-1" }] });
    expect(retire.status).toBe(200);
    location.addForeignUser({ clientUserId: "user-1" });
    expect(clientUserIds((await client.get("users", { clientUserId: "user-1" })).body)).toEqual([
      "user-1",
      "user-1",
    ]);
    const active = (await client.get("users", { activeOnly: true })).body.users;
    expect(active.map((user: { status: string }) => user.status)).toEqual(["Registered", "Registered"]);
    const retired = (await client.get("users", { retiredOnly: true })).body.users;
    expect(retired).toEqual([expect.objectContaining({ clientUserId: "user-1", status: "Retired" })]);
    const both = await client.get("users", { activeOnly: true, retiredOnly: true });
    expect(both.body.errorNumber).toBe(9602);
  });

  it("answers 9650 for a page index out of range", async () => {
    const { client } = await withUsers(0);
    expect((await client.get("users", { pageIndex: 0 })).body.users).toEqual([]);
    expect((await client.get("users", { pageIndex: 1 })).body.errorNumber).toBe(9650);
  });
});
