import type { LicenseEvent } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { AccountOverview } from "./account-overview.js";
import { ledger, lic } from "./fixtures.test-support.js";
import { LicenseAudit } from "./license-audit.js";
import { LicenseHistory } from "./license-history.js";
import { PurchasedApps } from "./purchased-apps.js";

const t = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;
const ev = (type: LicenseEvent["type"], data: object, at: string) =>
  ({ type, data: { ...data, at } }) as LicenseEvent;
const device = (serialNumber: string, at: string) =>
  ev("DeviceLicenseAssigned", { serialNumber, platform: "iOS" }, at);

/** One pool of 3 licensing a user, moving to devices, retiring one, then revoked by an admin. */
const story = () => {
  const l = ledger();
  return [
    l.license("acme", "111", lic.purchased(3, t(1))),
    l.license("acme", "111", lic.deployed("required", t(1))),
    l.license("acme", "111", lic.assigned("u1", t(2))),
    l.license("acme", "111", lic.assigned("u2", t(2))),
    l.license("acme", "111", ev("AppDeployed", { action: "required", licensing: "device" }, t(3))),
    l.license(
      "acme",
      "111",
      ev("LicenseMovedToDevice", { userId: "u1", serialNumber: "C02", platform: "iOS" }, t(4)),
    ),
    l.license("acme", "111", device("D03", t(5))),
    l.license(
      "acme",
      "111",
      ev(
        "PoolUsageChanged",
        { level: "exhausted", previous: "normal", assigned: 3, purchased: 3, thresholdPercent: 90 },
        t(5),
      ),
    ),
    l.license(
      "acme",
      "111",
      ev("DeviceLicenseReclaimed", { serialNumber: "D03", reason: "device-wiped" }, t(6)),
    ),
    l.license(
      "acme",
      "111",
      ev("LicensesRevoked", { scope: "app", reason: "audit", userIds: ["u2"], serialNumbers: ["C02"] }, t(7)),
    ),
  ];
};

describe("read models with device licenses (R18–R20)", () => {
  it("R11, R20, R23: purchased apps count users and devices together, with the licensing and the use level", () => {
    const view = new PurchasedApps();
    const events = story();
    for (const e of events.slice(0, 8)) view.apply(e);
    expect(view.get("acme", "111")).toMatchObject({
      assigned: 3,
      assignedToDevices: 2,
      available: 0,
      licensing: "device",
      usageLevel: "exhausted",
    });
    for (const e of events.slice(8)) view.apply(e);
    expect(view.get("acme", "111")).toMatchObject({ assigned: 0, assignedToDevices: 0, available: 3 });
  });

  it("R18, R21: license history answers who and which device held a license at T, moves and revocations included", () => {
    const history = new LicenseHistory();
    for (const e of story()) history.apply(e);
    expect(history.holdersAt("acme", "111", t(3))).toEqual(["u1", "u2"]);
    expect(history.holdersAt("acme", "111", t(4))).toEqual(["u2"]);
    expect(history.deviceHoldersAt("acme", "111", t(5))).toEqual(["C02", "D03"]);
    expect(history.deviceHoldersAt("acme", "111", t(7))).toEqual([]);
    expect(history.holdingsOf("acme", "u1").map((h) => [h.until, h.reclaimReason])).toEqual([
      [t(4), "moved-to-device"],
    ]);
    expect(history.holdingsOfDevice("acme", "C02").map((h) => [h.from, h.until, h.reclaimReason])).toEqual([
      [t(4), t(7), "revoked: audit"],
    ]);
  });

  it("R19: the audit passes a history with devices and moves, and names a device assigned beyond the count", () => {
    const audit = new LicenseAudit();
    for (const e of story()) audit.apply(e);
    expect(audit.report().firstViolation).toBeNull();
    const l = ledger();
    const broken = new LicenseAudit();
    for (const e of [
      l.license("acme", "111", lic.purchased(1, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", device("C02", t(3))),
    ])
      broken.apply(e);
    expect(broken.report().firstViolation).toMatchObject({
      rule: "R16",
      holderKind: "device",
      userId: "C02",
    });
  });

  it("R19: a device assigned twice breaks R13", () => {
    const l = ledger();
    const audit = new LicenseAudit();
    for (const e of [
      l.license("acme", "111", lic.purchased(5, t(1))),
      l.license("acme", "111", device("C02", t(2))),
      l.license("acme", "111", device("C02", t(3))),
    ])
      audit.apply(e);
    expect(audit.report().firstViolation).toMatchObject({ rule: "R13", holderKind: "device" });
  });

  it("R4, R23: the account page shows the token health last recorded", () => {
    const l = ledger();
    const view = new AccountOverview();
    const facts = {
      orgName: "Org",
      tokenName: "t",
      appleId: "a@b.c",
      fingerprint: "sha256:x",
      expiresAt: "2026-12-10T00:00:00Z",
    };
    view.apply(l.account("acme", { type: "TokenUploaded", data: { ...facts, at: t(1) } }));
    expect(view.get("acme", t(2))?.tokenHealth).toBe("ok");
    view.apply(
      l.account("acme", {
        type: "TokenHealthChanged",
        data: { health: "expiring-15d", previous: "ok", expiresAt: facts.expiresAt, at: t(2) },
      }),
    );
    expect(view.get("acme", t(3))?.tokenHealth).toBe("expiring-15d");
  });
});
