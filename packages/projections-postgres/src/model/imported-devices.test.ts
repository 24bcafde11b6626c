import type { Holding } from "@vpp-ledger/projections";
import { describe, expect, it } from "vitest";
import { at, ledger } from "./fixtures.test-support.js";
import { emptyAudit, projectLicenseAudit } from "./license-audit.js";
import { holdersOf, projectLicenseHistory } from "./license-history.js";
import { type PoolRow, projectPurchasedApps } from "./purchased-apps.js";

const l = ledger();
const imported = l.license("acme", "1", {
  type: "DeviceLicenseImported",
  data: { serialNumber: "C02", at: at(2) },
});
const pool: PoolRow = {
  tenantId: "acme",
  adamId: "1",
  purchased: 2,
  assigned: 1,
  assignedToDevices: 1,
  deployment: "required",
  licensing: "device",
  usageLevel: "normal",
  updatedAt: at(1),
};
const holdsDevice = (held: boolean) => ({ holdsUser: () => false, holdsDevice: () => held });

describe("durable read models: a device license the sync imported (R9, R18–R20)", () => {
  it("R11, R20: purchased apps count an imported device license; one the device held already counts nothing", () => {
    expect(projectPurchasedApps(imported, { pool, holds: false, ...holdsDevice(false) })).toEqual([
      { kind: "pool-upserted", row: { ...pool, assigned: 2, assignedToDevices: 2, updatedAt: at(2) } },
    ]);
    expect(projectPurchasedApps(imported, { pool, holds: false, ...holdsDevice(true) })).toEqual([
      { kind: "pool-upserted", row: { ...pool, updatedAt: at(2) } },
    ]);
  });

  it("R18: license history opens the device's holding at the import, cited by its event", () => {
    expect(holdersOf(imported)).toEqual([{ holderKind: "device", id: "C02", opens: true }]);
    const opened: Holding = {
      tenantId: "acme",
      adamId: "1",
      userId: "C02",
      holderKind: "device",
      from: at(2),
      until: null,
      assignedBy: imported.place,
      reclaimedBy: null,
      reclaimReason: null,
    };
    expect(projectLicenseHistory(imported, { latest: () => undefined })).toEqual([
      { kind: "holding-opened", holding: opened },
    ]);
  });

  it("R19: the audit checks an import as a grant: beyond the count breaks R16, to a holder R13", () => {
    const full = { ...pool, purchased: 1 };
    const over = projectLicenseAudit(imported, {
      audit: emptyAudit,
      pool: full,
      holds: false,
      ...holdsDevice(false),
    });
    expect(over[1]).toMatchObject({
      kind: "finding-recorded",
      finding: { rule: "R16", holderKind: "device", userId: "C02" },
    });
    const twice = projectLicenseAudit(imported, {
      audit: emptyAudit,
      pool,
      holds: false,
      ...holdsDevice(true),
    });
    expect(twice[1]).toMatchObject({
      kind: "finding-recorded",
      finding: { rule: "R13", holderKind: "device" },
    });
    const fits = projectLicenseAudit(imported, {
      audit: emptyAudit,
      pool,
      holds: false,
      ...holdsDevice(false),
    });
    expect(fits).toHaveLength(1);
  });
});
