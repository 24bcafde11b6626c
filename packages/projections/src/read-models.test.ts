import { describe, expect, it } from "vitest";
import { ledger, lic } from "./fixtures.test-support.js";
import { InstallMonitor } from "./install-monitor.js";
import { LicenseAudit } from "./license-audit.js";
import { LicenseHistory } from "./license-history.js";
import { PurchasedApps } from "./purchased-apps.js";

const t = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;

describe("PurchasedApps", () => {
  it("R11: lists every synced app with purchased, assigned and available counts", () => {
    const l = ledger();
    const view = new PurchasedApps();
    for (const e of [
      l.license("acme", "111", lic.purchased(3, t(1))),
      l.license("acme", "111", lic.deployed("required", t(2))),
      l.license("acme", "111", lic.assigned("u1", t(3))),
      l.license("acme", "222", lic.purchased(5, t(4))),
      l.license("other", "111", lic.purchased(9, t(4))),
    ])
      view.apply(e);
    expect(
      view
        .list("acme")
        .map(({ adamId, purchased, assigned, available }) => ({ adamId, purchased, assigned, available })),
    ).toEqual([
      { adamId: "111", purchased: 3, assigned: 1, available: 2 },
      { adamId: "222", purchased: 5, assigned: 0, available: 0 + 5 },
    ]);
  });

  it("R16: reports over-allocation when Apple's count falls below the assigned licenses", () => {
    const l = ledger();
    const view = new PurchasedApps();
    for (const e of [
      l.license("acme", "111", lic.purchased(2, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.assigned("u2", t(3))),
      l.license("acme", "111", lic.purchased(1, t(4), 2)),
    ])
      view.apply(e);
    expect(view.get("acme", "111")).toMatchObject({
      purchased: 1,
      assigned: 2,
      available: 0,
      overAllocatedBy: 1,
    });
  });
});

describe("InstallMonitor", () => {
  const build = () => {
    const l = ledger();
    const view = new InstallMonitor();
    for (const e of [
      l.account("acme", { type: "UserInvited", data: { userId: "u1", at: t(1) } }),
      l.account("acme", { type: "TermsAccepted", data: { userId: "u1", at: t(1) } }),
      l.account("acme", { type: "UserInvited", data: { userId: "u3", at: t(1) } }),
      l.license("acme", "111", lic.purchased(1, t(1))),
      l.license("acme", "111", lic.deployed("required", t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.installed("u1", t(3))),
      l.license("acme", "111", lic.failed("u2", "no-license-available", t(4))),
    ])
      view.apply(e);
    return { l, view };
  };

  it("R17: shows each install's state, filterable by state", () => {
    const { view } = build();
    expect(view.installs("acme").map((r) => [r.userId, r.state])).toEqual([
      ["u1", "installed"],
      ["u2", "failed"],
    ]);
    expect(view.installs("acme", { state: "failed" })).toEqual([
      expect.objectContaining({
        userId: "u2",
        failure: { code: "no-license-available", message: "failed: no-license-available" },
      }),
    ]);
    expect(view.summary("acme", "111")).toEqual({
      "awaiting-terms": 0,
      pending: 0,
      installed: 1,
      failed: 1,
      "uninstall-pending": 0,
      reclaimed: 0,
    });
  });

  it("R15: shows each user's terms status next to the deployment", () => {
    const { l, view } = build();
    view.apply(l.license("acme", "111", { type: "InstallRequested", data: { userId: "u3", at: t(5) } }));
    expect(view.installs("acme", { state: "awaiting-terms" }).map((r) => [r.userId, r.terms])).toEqual([
      ["u3", "invited"],
    ]);
    expect(view.installs("acme").map((r) => [r.userId, r.terms])).toEqual([
      ["u1", "accepted"],
      ["u2", "not-invited"],
      ["u3", "invited"],
    ]);
    expect(view.termsOf("acme", "u3")).toBe("invited");
  });

  it("R14 R17: uninstall marks holders uninstall-pending until the device reports, then reclaimed", () => {
    const { l, view } = build();
    view.apply(l.license("acme", "111", lic.deployed("uninstall", t(5))));
    expect(view.installs("acme", { userId: "u1" })[0]).toMatchObject({
      state: "uninstall-pending",
      holdsLicense: true,
    });
    view.apply(l.license("acme", "111", lic.reclaimed("u1", t(6))));
    expect(view.installs("acme", { userId: "u1" })[0]).toMatchObject({
      state: "reclaimed",
      holdsLicense: false,
    });
  });
});

describe("LicenseHistory", () => {
  it("R18: answers who held which license of which app at time T", () => {
    const l = ledger();
    const history = new LicenseHistory();
    for (const e of [
      l.license("acme", "111", lic.purchased(2, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.assigned("u2", t(3))),
      l.license("acme", "111", lic.reclaimed("u1", t(5))),
      l.license("acme", "111", lic.assigned("u1", t(8))),
    ])
      history.apply(e);
    expect(history.holdersAt("acme", "111", t(1))).toEqual([]);
    expect(history.holdersAt("acme", "111", t(2))).toEqual(["u1"]);
    expect(history.holdersAt("acme", "111", t(4))).toEqual(["u1", "u2"]);
    expect(history.holdersAt("acme", "111", t(5))).toEqual(["u2"]);
    expect(history.holdersAt("acme", "111", t(9))).toEqual(["u1", "u2"]);
    const [first] = history.holdingsOf("acme", "u1");
    expect(first).toMatchObject({ from: t(2), until: t(5), reclaimReason: "app-uninstalled" });
    expect(first?.assignedBy.streamVersion).toBe(2n);
    expect(first?.reclaimedBy?.streamVersion).toBe(4n);
  });
});

describe("LicenseAudit", () => {
  it("R19: a clean history passes; lowering Apple's count is reported elsewhere, not a violation", () => {
    const l = ledger();
    const audit = new LicenseAudit();
    for (const e of [
      l.license("acme", "111", lic.purchased(1, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.purchased(0, t(3), 1)),
    ])
      audit.apply(e);
    expect(audit.report()).toEqual({ eventsChecked: 3, pools: 1, firstViolation: null });
  });

  it("R19 R16: names the first event that assigned beyond the purchased count", () => {
    const l = ledger();
    const audit = new LicenseAudit();
    const events = [
      l.license("acme", "111", lic.purchased(1, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.assigned("u2", t(3))),
      l.license("acme", "111", lic.assigned("u3", t(4))),
    ];
    for (const e of events) audit.apply(e);
    expect(audit.report().firstViolation).toMatchObject({
      rule: "R16",
      userId: "u2",
      place: events[2]?.place,
    });
  });

  it("R19 R13: names the first event that gave a user a second license", () => {
    const l = ledger();
    const audit = new LicenseAudit();
    const events = [
      l.license("acme", "111", lic.purchased(5, t(1))),
      l.license("acme", "111", lic.assigned("u1", t(2))),
      l.license("acme", "111", lic.assigned("u1", t(3))),
    ];
    for (const e of events) audit.apply(e);
    expect(audit.report().firstViolation).toMatchObject({
      rule: "R13",
      userId: "u1",
      place: events[2]?.place,
    });
  });
});
