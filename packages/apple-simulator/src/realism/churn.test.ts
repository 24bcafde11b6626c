import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import { CHURN_SERIAL_PREFIX } from "../index.js";

const start = useSimulators();

const withData = async (pagingChurnRate: number, seed = 1) => {
  const setup = await startWithLocation(start, {
    pageSize: 2,
    realism: { preset: "instant", pagingChurnRate, seed },
  });
  setup.location.addAsset({ adamId: "100", totalCount: 50 });
  for (let index = 0; index < 5; index += 1) {
    setup.location.addForeignUser({ clientUserId: `u${index}`, status: "Associated" });
    setup.location.addForeignAssignment({ adamId: "100", serialNumber: `S${index}` });
  }
  return setup;
};

describe("realistic mode: paging churn", () => {
  it("changes versionId between pages of assignments when another MDM writes mid-walk", async () => {
    const { client } = await withData(1);
    const first = (await client.get("assignments")).body;
    const second = (await client.get("assignments", { pageIndex: 1 })).body;
    expect(second.versionId).not.toBe(first.versionId);
    const assets = (await client.get("assets", { pageIndex: 0 })).body;
    expect(assets.assets[0].assignedCount).not.toBe(5);
  });

  it("changes totalPages of users during a walk", async () => {
    const { client } = await withData(1);
    const first = (await client.get("users")).body;
    expect(first.totalPages).toBe(3);
    await client.get("users", { pageIndex: 1 });
    const third = (await client.get("users", { pageIndex: 2 })).body;
    expect(third.totalPages).toBe(4);
    expect(third.users.map((user: { clientUserId: string }) => user.clientUserId)).toContain("churn-user-1");
  });

  it("never churns the first page, nor at rate 0", async () => {
    const { client } = await withData(0);
    const first = (await client.get("assignments")).body;
    const again = (await client.get("assignments", { pageIndex: 1 })).body;
    expect(again.versionId).toBe(first.versionId);
    const churning = await withData(1);
    const page0 = (await churning.client.get("assignments")).body;
    expect((await churning.client.get("assignments")).body.versionId).toBe(page0.versionId);
  });

  it("takes and gives back licenses on CHURN- devices, which sinceVersionId then reports", async () => {
    const { client, location } = await withData(0);
    const before = (await client.get("assignments")).body.versionId;
    location.churn("licenses");
    const delta = (await client.get("assignments", { sinceVersionId: before })).body;
    expect(delta.assignments).toEqual([
      { adamId: "100", pricingParam: "STDQ", serialNumber: `${CHURN_SERIAL_PREFIX}1` },
    ]);
    for (let step = 0; step < 6; step += 1) location.churn();
    const devices = location
      .state()
      .assignments.filter((assignment) => assignment.serialNumber?.startsWith(CHURN_SERIAL_PREFIX));
    expect(devices.length).toBeLessThan(7);
    expect(() => location.churn("assets" as "users")).toThrow(
      expect.objectContaining({ code: "SIM_INVALID_CHURN" }),
    );
  });
});
