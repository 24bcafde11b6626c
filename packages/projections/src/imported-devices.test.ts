import type { LicenseEvent } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { ledger, lic } from "./fixtures.test-support.js";
import { LicenseAudit } from "./license-audit.js";
import { LicenseHistory } from "./license-history.js";
import { PurchasedApps } from "./purchased-apps.js";

const t = (h: number) => `2026-12-01T${String(h).padStart(2, "0")}:00:00Z`;
const ev = (type: LicenseEvent["type"], data: object, at: string) =>
  ({ type, data: { ...data, at } }) as LicenseEvent;
const imported = (serialNumber: string, at: string) => ev("DeviceLicenseImported", { serialNumber }, at);

/** A device-licensed pool of 2: the sync imports a license the host made, then the device is retired. */
const story = () => {
  const l = ledger();
  return [
    l.license("acme", "111", lic.purchased(2, t(1))),
    l.license("acme", "111", ev("AppDeployed", { action: "required", licensing: "device" }, t(1))),
    l.license("acme", "111", imported("C02", t(2))),
    l.license("acme", "111", ev("DeviceLicenseAssigned", { serialNumber: "D03", platform: "iOS" }, t(3))),
    l.license(
      "acme",
      "111",
      ev("DeviceLicenseReclaimed", { serialNumber: "C02", reason: "device-retired" }, t(4)),
    ),
  ];
};

describe("read models with device licenses the sync imported (R9, R18–R20)", () => {
  it("R9, R11, R20: an imported device license counts as assigned to devices, like an assigned one", () => {
    const view = new PurchasedApps();
    const events = story();
    for (const e of events.slice(0, 3)) view.apply(e);
    expect(view.get("acme", "111")).toMatchObject({ assigned: 1, assignedToDevices: 1, available: 1 });
    view.apply(events[3] as (typeof events)[number]);
    expect(view.get("acme", "111")).toMatchObject({ assigned: 2, assignedToDevices: 2, available: 0 });
    view.apply(events[4] as (typeof events)[number]);
    expect(view.get("acme", "111")).toMatchObject({ assigned: 1, assignedToDevices: 1, available: 1 });
  });

  it("R18: license history says the device held the imported license from the import to its reclaim", () => {
    const history = new LicenseHistory();
    for (const e of story()) history.apply(e);
    expect(history.deviceHoldersAt("acme", "111", t(1))).toEqual([]);
    expect(history.deviceHoldersAt("acme", "111", t(3))).toEqual(["C02", "D03"]);
    expect(history.deviceHoldersAt("acme", "111", t(4))).toEqual(["D03"]);
    expect(history.holdingsOfDevice("acme", "C02").map((h) => [h.from, h.until, h.reclaimReason])).toEqual([
      [t(2), t(4), "device-retired"],
    ]);
  });

  it("R19: the audit counts imports as grants: it passes the story and names an import beyond the count or twice", () => {
    const audit = new LicenseAudit();
    for (const e of story()) audit.apply(e);
    expect(audit.report().firstViolation).toBeNull();
    const l = ledger();
    const over = new LicenseAudit();
    for (const e of [
      l.license("acme", "111", lic.purchased(1, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", imported("C02", t(3))),
    ])
      over.apply(e);
    expect(over.report().firstViolation).toMatchObject({ rule: "R16", holderKind: "device", userId: "C02" });
    const twice = new LicenseAudit();
    for (const e of [
      l.license("acme", "222", lic.purchased(5, t(1))),
      l.license("acme", "222", ev("DeviceLicenseAssigned", { serialNumber: "C02", platform: "iOS" }, t(2))),
      l.license("acme", "222", imported("C02", t(3))),
    ])
      twice.apply(e);
    expect(twice.report().firstViolation).toMatchObject({ rule: "R13", holderKind: "device", userId: "C02" });
  });
});
