import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { type HoldingRow, projectLicenseHistory } from "./license-history.js";

describe("projectLicenseHistory", () => {
  const l = ledger();
  const assign = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(1) } });
  const open: HoldingRow = {
    tenantId: "acme",
    adamId: "1",
    userId: "u1",
    from: at(1),
    until: null,
    assignedBy: assign.place,
    reclaimedBy: null,
    reclaimReason: null,
    open: true,
  };

  it("R18: an assignment opens a holding cited by its event", () => {
    expect(projectLicenseHistory(assign, { open: undefined })).toEqual([
      { kind: "holding-opened", holding: open },
    ]);
  });

  it("R18: a reclaim closes the user's open holding with its event and reason", () => {
    const reclaim = l.license("acme", "1", {
      type: "LicenseReclaimed",
      data: { userId: "u1", reason: "apple-refused", at: at(2) },
    });
    expect(projectLicenseHistory(reclaim, { open })).toEqual([
      {
        kind: "holding-closed",
        holding: {
          ...open,
          until: at(2),
          reclaimedBy: reclaim.place,
          reclaimReason: "apple-refused",
          open: false,
        },
      },
    ]);
    expect(projectLicenseHistory(reclaim, { open: undefined })).toEqual([]);
  });

  it("R13 broken: a second assignment leaves the first holding without an end and opens another", () => {
    const again = l.license("acme", "1", { type: "LicenseAssigned", data: { userId: "u1", at: at(3) } });
    const changes = projectLicenseHistory(again, { open });
    expect(changes.map((c) => c.kind)).toEqual(["holding-superseded", "holding-opened"]);
    expect(changes[0]).toMatchObject({ holding: { until: null, open: false } });
  });
});
