import type { Holding } from "@vpp-ledger/projections";
import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { projectLicenseHistory } from "./license-history.js";

const none = { latest: () => undefined };
const latestIs = (holding: Holding) => ({ latest: () => holding });

describe("projectLicenseHistory", () => {
  const l = ledger();
  const assign = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(1) } });
  const open: Holding = {
    tenantId: "acme",
    adamId: "1",
    userId: "u1",
    holderKind: "user",
    from: at(1),
    until: null,
    assignedBy: assign.place,
    reclaimedBy: null,
    reclaimReason: null,
  };

  it("R18: an assignment opens a holding cited by its event", () => {
    expect(projectLicenseHistory(assign, none)).toEqual([{ kind: "holding-opened", holding: open }]);
  });

  it("R18: a reclaim closes the user's open holding with its event and reason", () => {
    const reclaim = l.license("acme", "1", {
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "apple-refused", at: at(2) },
    });
    const closed = { ...open, until: at(2), reclaimedBy: reclaim.place, reclaimReason: "apple-refused" };
    expect(projectLicenseHistory(reclaim, latestIs(open))).toEqual([
      { kind: "holding-closed", holding: closed },
    ]);
    expect(projectLicenseHistory(reclaim, none)).toEqual([]);
    expect(projectLicenseHistory(reclaim, latestIs(closed))).toEqual([]);
  });

  it("R13 broken: a second assignment leaves the first holding without an end and opens another", () => {
    const again = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(3) } });
    expect(projectLicenseHistory(again, latestIs(open)).map((c) => c.kind)).toEqual(["holding-opened"]);
  });

  it("R20, R21: a move closes the user's holding and opens the device's; a revocation closes every listed one", () => {
    const move = l.license("acme", "1", {
      type: "LicenseMovedToDevice",
      data: { userId: "u1", serialNumber: "C02", platform: "iOS", at: at(4) },
    });
    const latest = ({ holderKind }: { holderKind: string }) => (holderKind === "user" ? open : undefined);
    const changes = projectLicenseHistory(move, { latest });
    expect(
      changes.map((c) => [c.kind, c.holding.holderKind, c.holding.userId, c.holding.reclaimReason]),
    ).toEqual([
      ["holding-closed", "user", "u1", "moved-to-device"],
      ["holding-opened", "device", "C02", null],
    ]);
    const device = changes[1]?.holding as Holding;
    const revoke = l.license("acme", "1", {
      type: "LicensesRevoked",
      data: { scope: "app", reason: "audit", userIds: [], serialNumbers: ["C02"], at: at(5) },
    });
    expect(
      projectLicenseHistory(revoke, latestIs(device)).map((c) => [c.kind, c.holding.reclaimReason]),
    ).toEqual([["holding-closed", "revoked: audit"]]);
  });
});
