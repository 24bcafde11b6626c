import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { emptyAudit, projectLicenseAudit } from "./license-audit.js";
import type { PoolRow } from "./purchased-apps.js";

const noDevices = { holdsUser: () => false, holdsDevice: () => false };

describe("projectLicenseAudit", () => {
  const l = ledger();
  const pool: PoolRow = {
    tenantId: "acme",
    adamId: "1",
    purchased: 1,
    assigned: 1,
    assignedToDevices: 0,
    deployment: null,
    licensing: "user",
    usageLevel: "normal",
    updatedAt: at(1),
  };
  const assign = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u2", at: at(2) } });

  it("R19: counts every ledger event and every new pool", () => {
    const account = l.account("acme", { type: "UserInvited", data: { userId: "u1", at: at(1) } });
    expect(
      projectLicenseAudit(account, { audit: emptyAudit, pool: undefined, holds: false, ...noDevices }),
    ).toEqual([{ kind: "audit-updated", row: { eventsChecked: 1, pools: 0, firstViolation: null } }]);
    const count = l.license("acme", "2", {
      type: "PurchasedCountSynced",
      data: { purchased: 1, previous: 0, at: at(1) },
    });
    expect(
      projectLicenseAudit(count, { audit: emptyAudit, pool: undefined, holds: false, ...noDevices }),
    ).toEqual([{ kind: "audit-updated", row: { eventsChecked: 1, pools: 1, firstViolation: null } }]);
  });

  it("R16: an assignment made while no license was free is a finding, and the first is remembered", () => {
    const changes = projectLicenseAudit(assign, { audit: emptyAudit, pool, holds: false, ...noDevices });
    expect(changes).toEqual([
      {
        kind: "audit-updated",
        row: { eventsChecked: 1, pools: 0, firstViolation: assign.place.globalPosition },
      },
      {
        kind: "finding-recorded",
        finding: {
          rule: "R16",
          tenantId: "acme",
          adamId: "1",
          userId: "u2",
          holderKind: "user",
          place: assign.place,
          message: "assignment to user u2 made 2 licenses of app 1 assigned with 1 purchased",
        },
      },
    ]);
    const later = projectLicenseAudit(assign, {
      audit: { ...emptyAudit, firstViolation: 7n },
      pool,
      holds: false,
      ...noDevices,
    });
    expect(later[0]).toMatchObject({ row: { firstViolation: 7n } });
  });

  it("R13: a second license for the same user is a finding", () => {
    const changes = projectLicenseAudit(assign, {
      audit: emptyAudit,
      pool: { ...pool, purchased: 5 },
      holds: true,
      ...noDevices,
    });
    expect(changes[1]).toMatchObject({ kind: "finding-recorded", finding: { rule: "R13" } });
  });

  it("Apple lowering its count is not a finding", () => {
    const lower = l.license("acme", "1", {
      type: "PurchasedCountSynced",
      data: { purchased: 0, previous: 1, at: at(3) },
    });
    expect(projectLicenseAudit(lower, { audit: emptyAudit, pool, holds: false, ...noDevices })).toHaveLength(
      1,
    );
  });
});
