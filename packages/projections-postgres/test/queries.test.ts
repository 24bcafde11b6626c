import {
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  type LicenseEvent,
  LogProcessor,
} from "@vpp-ledger/core";
import {
  InstallMonitor,
  LicenseAudit,
  LicenseHistory,
  PurchasedApps,
  project,
} from "@vpp-ledger/projections";
import { beforeAll, describe, expect, it } from "vitest";
import type { PostgresReadModels } from "../src/index.js";
import { appender, minute } from "./support/append.js";
import { BACKENDS } from "./support/backends.js";
import { allPages, byteOrder } from "./support/compare.js";

const APPS = Array.from({ length: 13 }, (_, i) => String(100 + i * 7));
const USERS = Array.from({ length: 9 }, (_, i) => `user-${String.fromCharCode(65 + i)}${i % 2 ? "x" : ""}`);

/**
 * A tenant with 13 apps and installs in every state, another tenant, and two assignments the deciders would
 * refuse (R16 beyond the count, R13 twice to one user), appended by hand.
 */
const dataSet = async () => {
  const store = new InMemoryEventStore();
  const add = appender(store);
  let t = 0;
  await add.account("acme", { type: "UserInvited", data: { userId: USERS[0]!, at: minute(t++) } });
  await add.account("acme", { type: "TermsAccepted", data: { userId: USERS[0]!, at: minute(t++) } });
  await add.account("acme", { type: "UserInvited", data: { userId: USERS[1]!, at: minute(t++) } });
  for (const [a, adamId] of APPS.entries()) {
    const events: LicenseEvent[] = [
      { type: "PurchasedCountSynced", data: { purchased: a % 5, previous: 0, at: minute(t++) } },
      { type: "AppDeployed", data: { action: a % 4 === 3 ? "available" : "required", at: minute(t++) } },
    ];
    for (const [u, userId] of USERS.entries()) {
      if ((a + u) % 3 === 0) continue;
      events.push({ type: "InstallRequested", data: { userId, at: minute(t++) } });
      if (u < a % 5) {
        events.push({ type: "LicenseAssigned", data: { userId, at: minute(t++) } });
        if (u % 2 === 0) events.push({ type: "AppInstalled", data: { userId, at: minute(t++) } });
        if (u === 3)
          events.push({
            type: "LicenseReclaimed",
            data: { userId, reason: "app-uninstalled", at: minute(t++) },
          });
      } else if (u % 4 === 1) {
        const reason = { code: "no-license-available", message: "none left" };
        events.push({ type: "InstallFailed", data: { userId, reason, at: minute(t++) } });
      }
    }
    if (a === 12) events.push({ type: "AppDeployed", data: { action: "uninstall", at: minute(t++) } });
    await add.license("acme", adamId, ...events);
  }
  await add.license("globex", "100", {
    type: "LicenseAssigned",
    data: { userId: "user-A", at: minute(t++) },
  });
  await add.license("acme", "100", { type: "LicenseAssigned", data: { userId: USERS[8]!, at: minute(t++) } });
  await add.license("acme", "107", { type: "LicenseAssigned", data: { userId: USERS[0]!, at: minute(t++) } });
  return store;
};

describe.each(BACKENDS.filter((b) => b.enabled))("console queries on $name", ({ setup }) => {
  const backend = setup();
  const memory = {
    apps: new PurchasedApps(),
    monitor: new InstallMonitor(),
    history: new LicenseHistory(),
    audit: new LicenseAudit(),
  };
  let readModels: PostgresReadModels;

  beforeAll(async () => {
    const store = await dataSet();
    await project(store, Object.values(memory));
    readModels = await backend.open();
    const parked = new InMemoryParkedStreamStore();
    await new LogProcessor(readModels.feed({ name: "console", store, parked, batchSize: 40 })).pass();
  });

  it("R11: purchased apps page by app id, assigned or available, both directions, as the in-memory list sorts", async () => {
    const q = readModels.queries;
    const expected = memory.apps.list("acme");
    const cases = [
      { sort: "adamId", direction: "asc", order: (a, b) => byteOrder(a.adamId, b.adamId) },
      { sort: "adamId", direction: "desc", order: (a, b) => byteOrder(b.adamId, a.adamId) },
      {
        sort: "assigned",
        direction: "desc",
        order: (a, b) => b.assigned - a.assigned || byteOrder(b.adamId, a.adamId),
      },
      {
        sort: "available",
        direction: "asc",
        order: (a, b) => a.available - b.available || byteOrder(a.adamId, b.adamId),
      },
    ] as const satisfies ReadonlyArray<{
      sort: "adamId" | "assigned" | "available";
      direction: "asc" | "desc";
      order: (a: (typeof expected)[number], b: (typeof expected)[number]) => number;
    }>;
    for (const { sort, direction, order } of cases) {
      const got = await allPages((after) =>
        q.purchasedApps("acme", { sort, direction, limit: 4, ...(after ? { after } : {}) }),
      );
      expect(got).toEqual([...expected].sort(order));
    }
    const first = await q.purchasedApps("acme", { limit: 13 });
    expect(first.next).toBeNull();
    expect((await q.purchasedApps("acme", { limit: 12 })).next).not.toBeNull();
    expect((await q.purchasedApps("nobody")).items).toEqual([]);
  });

  it("R17: installs filter by app, state and user, sort by app or user, and page without gaps or repeats", async () => {
    const q = readModels.queries;
    const byApp = (a: { adamId: string; userId: string }, b: { adamId: string; userId: string }) =>
      byteOrder(a.adamId, b.adamId) || byteOrder(a.userId, b.userId);
    const byUser = (a: { adamId: string; userId: string }, b: { adamId: string; userId: string }) =>
      byteOrder(a.userId, b.userId) || byteOrder(a.adamId, b.adamId);
    for (const state of [
      "awaiting-terms",
      "pending",
      "installed",
      "failed",
      "uninstall-pending",
      "reclaimed",
    ] as const) {
      const got = await allPages((after) =>
        q.installs("acme", { state, limit: 5, ...(after ? { after } : {}) }),
      );
      expect(got).toEqual(memory.monitor.installs("acme", { state }).sort(byApp));
      expect(got.length, state).toBeGreaterThan(0);
    }
    const users = await allPages((after) =>
      q.installs("acme", { sort: "user", limit: 7, ...(after ? { after } : {}) }),
    );
    expect(users).toEqual(memory.monitor.installs("acme").sort(byUser));
    const desc = await allPages((after) =>
      q.installs("acme", { sort: "user", direction: "desc", limit: 7, ...(after ? { after } : {}) }),
    );
    expect(desc).toEqual([...users].reverse());
    const one = await q.installs("acme", { adamId: "107", userId: USERS[0]!, limit: 1 });
    expect(one.items).toEqual(memory.monitor.installs("acme", { adamId: "107", userId: USERS[0]! }));
    expect(one.items[0]?.terms).toBe("accepted");
    expect((await q.installs("acme", { userId: USERS[1]!, limit: 1 })).items[0]?.terms).toBe("invited");
  });

  it("R18: license history by app or user, and who held which license at T", async () => {
    const q = readModels.queries;
    for (const userId of USERS) {
      const got = await allPages((after) =>
        q.licenseHistory("acme", { userId, limit: 2, ...(after ? { after } : {}) }),
      );
      const expected = memory.history
        .holdingsOf("acme", userId)
        .sort(
          (a, b) =>
            byteOrder(a.adamId, b.adamId) ||
            Number(a.assignedBy.globalPosition - b.assignedBy.globalPosition),
        );
      expect(got).toEqual(expected);
    }
    const reclaimed = memory.history.holdings("acme", "128").find((h) => h.until !== null);
    expect(reclaimed).toBeDefined();
    for (const at of [reclaimed!.from, reclaimed!.until!, minute(0), minute(100_000)]) {
      expect(await q.holdersAt("acme", "128", at)).toEqual(memory.history.holdersAt("acme", "128", at));
      const held = await allPages((after) =>
        q.holdingsAt("acme", "128", at, { limit: 1, ...(after ? { after } : {}) }),
      );
      expect(held.map((h) => h.userId)).toEqual(memory.history.holdersAt("acme", "128", at));
    }
    await expect(q.holdersAt("acme", "128", "yesterday")).rejects.toThrow(TypeError);
  });

  it("R19: the audit report names the first violation, and every finding is listed", async () => {
    const q = readModels.queries;
    expect(await q.auditReport()).toEqual(memory.audit.report());
    const findings = await allPages((after) => q.auditFindings({ limit: 1, ...(after ? { after } : {}) }));
    expect(findings.map((f) => f.rule)).toContain("R13");
    expect(findings.map((f) => f.rule)).toContain("R16");
    expect(findings[0]).toEqual(memory.audit.report().firstViolation);
    expect((await q.auditFindings({ tenantId: "globex" })).items.map((f) => f.tenantId)).toEqual(["globex"]);
  });

  it("refuses a cursor it did not issue, a limit out of range and an unknown state or sort", async () => {
    const q = readModels.queries;
    await expect(q.purchasedApps("acme", { after: "bm90IGEgY3Vyc29y" })).rejects.toThrow(TypeError);
    await expect(q.purchasedApps("acme", { limit: 0 })).rejects.toThrow(RangeError);
    await expect(q.installs("acme", { limit: 1_001 })).rejects.toThrow(RangeError);
    const wrongState = { state: "lost" } as unknown as { state: "pending" };
    await expect(q.installs("acme", wrongState)).rejects.toThrow(TypeError);
    const page = await q.installs("acme", { limit: 2, sort: "user" });
    await expect(q.installs("acme", { after: page.next ?? "", sort: "user" })).resolves.toBeDefined();
    await expect(q.installs("acme", { after: page.next ?? "", sort: "app" })).rejects.toThrow(TypeError);
    await expect(q.purchasedApps("acme", { after: page.next ?? "", sort: "assigned" })).rejects.toThrow(
      TypeError,
    );
  });
});
