import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const seeded = async (pageSize?: number) => {
  const setup = await startWithLocation(start, pageSize === undefined ? undefined : { pageSize });
  const { location } = setup;
  location.addAsset({ adamId: "100", totalCount: 10 });
  location.addAsset({ adamId: "200", totalCount: 10, pricingParam: "PLUS" });
  location.addForeignUser({ clientUserId: "alice", status: "Associated" });
  location.addForeignUser({ clientUserId: "bob" });
  location.addForeignAssignment({ adamId: "100", clientUserId: "alice" });
  location.addForeignAssignment({ adamId: "100", serialNumber: "SER1" });
  location.addForeignAssignment({ adamId: "200", clientUserId: "bob" });
  return setup;
};

describe("GET assignments", () => {
  it("lists user and device assignments with Apple's fields", async () => {
    const { client } = await seeded();
    const { body } = await client.get("assignments");
    expect(body.assignments).toEqual([
      { adamId: "100", clientUserId: "alice", pricingParam: "STDQ" },
      { adamId: "100", pricingParam: "STDQ", serialNumber: "SER1" },
      { adamId: "200", clientUserId: "bob", pricingParam: "PLUS" },
    ]);
    expect(body).toMatchObject({
      currentPageIndex: 0,
      size: 3,
      totalPages: 1,
      versionId: expect.any(String),
    });
  });

  it.each([
    [{ adamId: "100" }, 2],
    [{ clientUserId: "alice" }, 1],
    [{ serialNumber: "SER1" }, 1],
    [{ pricingParam: "PLUS" }, 1],
    [{ adamId: "100", serialNumber: "SER1" }, 1],
    [{ clientUserId: "nobody" }, 0],
  ])("filters by %j", async (query, count) => {
    const { client } = await seeded();
    expect((await client.get("assignments", query)).body.assignments).toHaveLength(count);
  });

  it("adds idHash and userStatus with includeUserState=true", async () => {
    const { client } = await seeded();
    const { body } = await client.get("assignments", { includeUserState: true, clientUserId: "alice" });
    expect(body.assignments).toEqual([
      {
        adamId: "100",
        clientUserId: "alice",
        pricingParam: "STDQ",
        idHash: expect.any(String),
        userStatus: "Associated",
      },
    ]);
  });

  it("keeps a retired user's irrevocable license (retiredCount) and hides it with excludeInactiveUsers", async () => {
    const { client, location } = await seeded();
    location.addAsset({ adamId: "900", totalCount: 2, productType: "Book" });
    location.addForeignAssignment({ adamId: "900", clientUserId: "bob" });
    await client.post("users/retire", { users: [{ clientUserId: "bob" }] });
    const all = (await client.get("assignments", { clientUserId: "bob", includeUserState: true })).body
      .assignments;
    expect(all).toEqual([expect.objectContaining({ adamId: "900", userStatus: "Retired" })]);
    const active = (await client.get("assignments", { clientUserId: "bob", excludeInactiveUsers: true }))
      .body;
    expect(active.assignments).toEqual([]);
    const book = (await client.get("assets", { adamId: "900" })).body.assets[0];
    expect(book).toMatchObject({ totalCount: 2, assignedCount: 0, retiredCount: 1, availableCount: 1 });
  });

  it("with sinceVersionId returns only assignments made since, and 9721 for unknown versions", async () => {
    const { client, location } = await seeded();
    const { versionId } = (await client.get("assignments")).body;
    location.addForeignAssignment({ adamId: "200", serialNumber: "SER9" });
    const delta = (await client.get("assignments", { sinceVersionId: versionId })).body;
    expect(delta.assignments).toEqual([{ adamId: "200", pricingParam: "PLUS", serialNumber: "SER9" }]);
    expect(delta.versionId).not.toBe(versionId);
    expect((await client.get("assignments", { sinceVersionId: "1-nope" })).body.errorNumber).toBe(9721);
  });

  it("pages and changes versionId between pages when an association lands mid-walk", async () => {
    const { client, location } = await seeded(2);
    const first = (await client.get("assignments")).body;
    expect(first).toMatchObject({ nextPageIndex: 1, totalPages: 2, size: 2 });
    location.addForeignAssignment({ adamId: "200", serialNumber: "SER2" });
    const second = (await client.get("assignments", { pageIndex: 1 })).body;
    expect(second.versionId).not.toBe(first.versionId);
    expect(second.size).toBe(2);
    expect((await client.get("assignments", { pageIndex: 2 })).body.errorNumber).toBe(9650);
  });
});
