import type { Holding } from "@vpp-ledger/projections";
import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { projectLicenseHistory } from "./license-history.js";

describe("projectLicenseHistory", () => {
  const l = ledger();
  const assign = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(1) } });
  const open: Holding = {
    tenantId: "acme",
    adamId: "1",
    userId: "u1",
    from: at(1),
    until: null,
    assignedBy: assign.place,
    reclaimedBy: null,
    reclaimReason: null,
  };

  it("R18: an assignment opens a holding cited by its event", () => {
    expect(projectLicenseHistory(assign, { latest: undefined })).toEqual([
      { kind: "holding-opened", holding: open },
    ]);
  });

  it("R18: a reclaim closes the user's open holding with its event and reason", () => {
    const reclaim = l.license("acme", "1", {
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "apple-refused", at: at(2) },
    });
    const closed = { ...open, until: at(2), reclaimedBy: reclaim.place, reclaimReason: "apple-refused" };
    expect(projectLicenseHistory(reclaim, { latest: open })).toEqual([
      { kind: "holding-closed", holding: closed },
    ]);
    expect(projectLicenseHistory(reclaim, { latest: undefined })).toEqual([]);
    expect(projectLicenseHistory(reclaim, { latest: closed })).toEqual([]);
  });

  it("R13 broken: a second assignment leaves the first holding without an end and opens another", () => {
    const again = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(3) } });
    expect(projectLicenseHistory(again, { latest: open }).map((c) => c.kind)).toEqual(["holding-opened"]);
  });
});
