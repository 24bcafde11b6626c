import { isId, parseStreamId } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { type SyncWarning, syncAccount } from "../../src/index.js";
import { linked } from "./support/flows.js";
import { right, type SyncHarness, TENANT } from "./support/harness.js";
import { listenForNotifications } from "./support/notification-server.js";
import { seeded } from "./support/scenario.js";

/** adamIds outside the grammar (1–20 digits), as GET assets might list them. */
const BAD_ADAM_IDS = ["12:34", "1".repeat(300), " 42"];
/** clientUserIds outside the identifier grammar: cleaned, " u-accepted" would be one of ours. */
const BAD_USER_IDS = [" u-accepted", "has space", "ü-1"];

const streamIds = async (h: SyncHarness): Promise<string[]> => {
  const ids = new Set<string>();
  for await (const recorded of h.store.readAll()) ids.add(recorded.streamId);
  return [...ids];
};

const syncWithWarnings = async (h: SyncHarness, syncId: string) => {
  const warnings: SyncWarning[] = [];
  const outcome = right(
    await syncAccount(
      { ...h.deps, onWarning: (warning) => void warnings.push(warning) },
      { tenantId: TENANT, syncId, trigger: "manual", at: h.clock.now() },
    ),
  );
  return { outcome, warnings };
};

describe("syncAccount: ids read from Apple (R24)", () => {
  it("R24: an adamId outside its grammar from GET assets never creates a pool; it is counted and reported", async () => {
    const h = await seeded();
    for (const adamId of BAD_ADAM_IDS) h.loc.addAsset({ adamId, totalCount: 4 });
    h.loc.addAsset({ adamId: "9:9", totalCount: 1, productType: "Book" });

    const { outcome, warnings } = await syncWithWarnings(h, "sync-1");

    expect(outcome).toMatchObject({
      status: "succeeded",
      report: { apps: 3, drift: 0, rejectedIds: 3 },
      rejected: { assets: 3, users: 0, assignments: 0 },
    });
    const ids = await streamIds(h);
    expect(ids.every((id) => parseStreamId(id) !== undefined)).toBe(true);
    expect(ids.filter((id) => id.startsWith("vpp-license:")).sort()).toEqual(
      ["100", "200", "300"].map((adamId) => `vpp-license:${TENANT}:${adamId}`),
    );
    expect(warnings).toEqual([
      {
        type: "rejected-ids",
        tenantId: TENANT,
        syncId: "sync-1",
        source: "assets",
        field: "adamId",
        count: 3,
        expected: "1–20 digits",
      },
    ]);
  });

  it("R24, R9: clientUserIds outside the grammar are foreign, even one that cleaned would be ours", async () => {
    const h = await seeded();
    for (const clientUserId of BAD_USER_IDS) h.loc.addForeignUser({ clientUserId, status: "Associated" });
    h.loc.addForeignAssignment({ adamId: "100", clientUserId: " u-accepted" });

    const { outcome, warnings } = await syncWithWarnings(h, "sync-1");

    expect(outcome).toMatchObject({
      status: "succeeded",
      report: { users: 2, ignoredForeignUsers: 5, ignoredForeignAssignments: 3, drift: 0, rejectedIds: 4 },
      rejected: { assets: 0, users: 3, assignments: 1 },
    });
    const { users } = (await h.ledger.loadAccount(TENANT)).state;
    expect([...users.keys()].sort()).toEqual(["u-accepted", "u-pending"]);
    expect(warnings.map(({ source, field, count }) => ({ source, field, count }))).toEqual([
      { source: "users", field: "clientUserId", count: 3 },
      { source: "assignments", field: "clientUserId", count: 1 },
    ]);
  });

  it("R24: an assignment of one of our users to an adamId outside its grammar never loads a pool; it is drift", async () => {
    const h = await seeded();
    h.loc.addAsset({ adamId: "12:34", totalCount: 2 });
    h.loc.addForeignAssignment({ adamId: "12:34", clientUserId: "u-accepted" });
    const loaded: string[] = [];
    const ledger = {
      ...h.ledger,
      loadLicense: (tenantId: string, adamId: string) => {
        loaded.push(adamId);
        return h.ledger.loadLicense(tenantId, adamId);
      },
    };

    const outcome = right(
      await syncAccount(
        { ...h.deps, ledger },
        { tenantId: TENANT, syncId: "sync-1", trigger: "manual", at: h.clock.now() },
      ),
    );

    expect(outcome).toMatchObject({
      status: "succeeded",
      report: { assignments: 0, drift: 1, rejectedIds: 2 },
      drift: { appleOnly: 1, ledgerOnly: 0 },
      rejected: { assets: 1, assignments: 1 },
    });
    expect(loaded.every((adamId) => isId("adamId", adamId))).toBe(true);
    expect((await streamIds(h)).every((id) => parseStreamId(id) !== undefined)).toBe(true);
  });

  it("R24: warnings never carry the values Apple sent, and a throwing onWarning does not fail the sync", async () => {
    const h = await seeded();
    for (const adamId of BAD_ADAM_IDS) h.loc.addAsset({ adamId, totalCount: 1 });
    for (const clientUserId of BAD_USER_IDS) h.loc.addForeignUser({ clientUserId });
    const told: SyncWarning[] = [];

    const outcome = right(
      await syncAccount(
        {
          ...h.deps,
          onWarning: (warning) => {
            told.push(warning);
            throw new Error("logger down");
          },
        },
        { tenantId: TENANT, syncId: "sync-1", trigger: "manual", at: h.clock.now() },
      ),
    );

    expect(outcome.status).toBe("succeeded");
    expect(told).toHaveLength(2);
    const said = JSON.stringify(told);
    for (const value of [...BAD_ADAM_IDS, ...BAD_USER_IDS]) expect(said).not.toContain(value);
  });

  it("R24: an ASSET_COUNT notification for an adamId outside its grammar never names a pool", async () => {
    const h = await linked();
    const answered = await listenForNotifications(h);
    h.loc.addAsset({ adamId: "12:34", totalCount: 1 });

    h.loc.setTotalCount("12:34", 6);
    h.loc.setTotalCount("100", 5);
    await h.sim.settle();

    expect(answered.every((status) => status === 200)).toBe(true);
    expect((await streamIds(h)).every((id) => parseStreamId(id) !== undefined)).toBe(true);
    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(5);
  });
});
