import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { type PoolRow, projectPurchasedApps, toPurchasedApp } from "./purchased-apps.js";

const noDevices = { holdsUser: () => false, holdsDevice: () => false };

describe("projectPurchasedApps", () => {
  const l = ledger();
  const pool: PoolRow = {
    tenantId: "acme",
    adamId: "1",
    purchased: 2,
    assigned: 1,
    assignedToDevices: 0,
    deployment: null,
    licensing: "user",
    usageLevel: "normal",
    updatedAt: at(1),
  };

  it("R11: the first License event creates the pool's row; every one stamps it", () => {
    const event = l.license("acme", "1", {
      type: "PurchasedCountSynced",
      data: { purchased: 3, previous: 0, at: at(2) },
    });
    expect(projectPurchasedApps(event, { pool: undefined, holds: false, ...noDevices })).toEqual([
      {
        kind: "pool-upserted",
        row: {
          tenantId: "acme",
          adamId: "1",
          purchased: 3,
          assigned: 0,
          assignedToDevices: 0,
          deployment: null,
          licensing: "user",
          usageLevel: "normal",
          updatedAt: at(2),
        },
      },
    ]);
  });

  it("R11: an assignment counts a new holder; a second one to the same holder counts nothing", () => {
    const event = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u2", at: at(3) } });
    expect(projectPurchasedApps(event, { pool, holds: false, ...noDevices })).toEqual([
      { kind: "pool-upserted", row: { ...pool, assigned: 2, updatedAt: at(3) } },
    ]);
    expect(projectPurchasedApps(event, { pool, holds: true, ...noDevices })).toEqual([
      { kind: "pool-upserted", row: { ...pool, updatedAt: at(3) } },
    ]);
  });

  it("R11: a reclaim uncounts a holder; reclaiming a non-holder only stamps the pool", () => {
    const event = l.license("acme", "1", {
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "app-uninstalled", at: at(4) },
    });
    expect(projectPurchasedApps(event, { pool, holds: true, ...noDevices })).toEqual([
      { kind: "pool-upserted", row: { ...pool, assigned: 0, updatedAt: at(4) } },
    ]);
    expect(projectPurchasedApps(event, { pool, holds: false, ...noDevices })).toEqual([
      { kind: "pool-upserted", row: { ...pool, updatedAt: at(4) } },
    ]);
  });

  it("ignores account events", () => {
    const event = l.account("acme", { type: "UserInvited", data: { userId: "u1", at: at(1) } });
    expect(projectPurchasedApps(event, { pool: undefined, holds: false, ...noDevices })).toEqual([]);
  });

  it("R16: shows how far Apple's count fell below the assigned licenses", () => {
    expect(toPurchasedApp({ ...pool, purchased: 1, assigned: 3 })).toMatchObject({
      available: 0,
      overAllocatedBy: 2,
    });
  });
});
