import { describe, expect, it } from "vitest";
import { InMemorySyncCursorStore, type SyncDeps, syncAccount } from "../../src/index.js";
import { HOUR } from "./support/clock.js";
import { right, type SyncHarness, TENANT } from "./support/harness.js";
import {
  acceptInLedger,
  assignInLedger,
  inviteInLedger,
  licenseCommand,
  poolInLedger,
} from "./support/ledger-fixtures.js";
import { seeded } from "./support/scenario.js";

const sync = (h: SyncHarness, deps: SyncDeps, syncId: string) =>
  syncAccount(deps, { tenantId: TENANT, syncId, trigger: "manual", at: h.clock.now() });

/** The `sinceVersionId` of each GET users / GET assignments the simulator served since the last clear. */
const sinceOf = (h: SyncHarness, path: "users" | "assignments") =>
  h.sim.requests
    .filter((r) => r.path === path && r.query.pageIndex === undefined)
    .map((r) => r.query.sinceVersionId);

describe("syncAccount: incremental reads (sinceVersionId)", () => {
  it("R7, R15: with a cursor store, the next sync reads only what changed, and reads in full again after a day", async () => {
    const h = await seeded();
    const cursors = new InMemorySyncCursorStore();
    const deps = { ...h.deps, cursors };

    const first = right(await sync(h, deps, "sync-1"));
    expect(first).toMatchObject({ status: "succeeded", reads: { mode: "full", reason: "no-cursor" } });
    const cursor = await cursors.load(TENANT);
    expect(cursor).toMatchObject({ fullAt: h.clock.now() });
    expect(cursor?.usersVersionId).toEqual(expect.any(String));

    h.sim.clearLogs();
    h.loc.acceptInvitation("u-pending");
    h.clock.advance(HOUR);
    const second = right(await sync(h, deps, "sync-2"));
    expect(second).toMatchObject({ status: "succeeded", reads: { mode: "incremental" } });
    expect(sinceOf(h, "users")).toEqual([cursor?.usersVersionId]);
    expect(sinceOf(h, "assignments")).toEqual([cursor?.assignmentsVersionId]);
    // What changed still reaches the ledger: the user who accepted since (R15).
    expect((await h.ledger.loadAccount(TENANT)).state.users.get("u-pending")).toBe("accepted");
    expect((await cursors.load(TENANT))?.usersVersionId).not.toBe(cursor?.usersVersionId);

    h.sim.clearLogs();
    h.clock.advance(24 * HOUR);
    const third = right(await sync(h, deps, "sync-3"));
    expect(third).toMatchObject({ reads: { mode: "full", reason: "schedule" } });
    expect(sinceOf(h, "users")).toEqual([undefined]);
  });

  it("reads in full when Apple counts fewer assignments of an app than its pool has holders", async () => {
    const h = await seeded();
    const cursors = new InMemorySyncCursorStore();
    const deps = { ...h.deps, cursors };
    right(await sync(h, deps, "sync-1"));
    await licenseCommand(h, "200", { type: "DeployApp", data: { action: "required", at: h.clock.now() } });
    await assignInLedger(h, "200", "u-accepted");
    await inviteInLedger(h, "u-x");
    await acceptInLedger(h, "u-x");
    await assignInLedger(h, "200", "u-x");
    h.clock.advance(HOUR);

    const outcome = right(await sync(h, deps, "sync-2"));

    // Apple lists one assignment of 200 (f-1), the pool holds two: only a full read can say which differ.
    expect(outcome).toMatchObject({
      reads: { mode: "full", reason: "counts-disagree" },
      drift: { ledgerOnly: 2 },
    });
  });

  it("reads in full when Apple refuses the cursor's version (9721)", async () => {
    const h = await seeded();
    const cursors = new InMemorySyncCursorStore();
    await cursors.save(TENANT, {
      usersVersionId: "999-deadbeef",
      assignmentsVersionId: "999-deadbeef",
      fullAt: h.clock.now(),
    });

    const outcome = right(await sync(h, { ...h.deps, cursors }, "sync-1"));

    expect(outcome).toMatchObject({
      status: "succeeded",
      reads: { mode: "full", reason: "version-refused" },
    });
    expect((await cursors.load(TENANT))?.usersVersionId).not.toBe("999-deadbeef");
  });

  it("a failed sync leaves the cursor where it was", async () => {
    const h = await seeded();
    const cursors = new InMemorySyncCursorStore();
    const deps = { ...h.deps, cursors };
    right(await sync(h, deps, "sync-1"));
    const before = await cursors.load(TENANT);
    h.clock.advance(HOUR);
    h.sim.injectFault({ kind: "malformed-json", path: "assignments", times: 50 });

    expect(right(await sync(h, deps, "sync-2"))).toMatchObject({ status: "failed" });
    expect(await cursors.load(TENANT)).toEqual(before);
  });
});

describe("syncAccount: pool identity and metadata", () => {
  it("passes Apple's pricingParam, supportedPlatforms and deviceAssignable to the pool", async () => {
    const h = await seeded();
    h.loc.addAsset({
      adamId: "400",
      totalCount: 7,
      supportedPlatforms: ["macOS", "futureOS"],
      deviceAssignable: false,
    });

    right(await sync(h, h.deps, "sync-1"));

    expect((await h.ledger.loadLicense(TENANT, "400")).state).toMatchObject({
      purchased: 7,
      metadata: { pricingParam: "STDQ", supportedPlatforms: ["macOS"], deviceAssignable: false },
    });
  });

  it("reports a pool whose app Apple no longer lists as drift, and its holders as the ledger's only", async () => {
    const h = await seeded();
    await acceptInLedger(h, "u-accepted");
    await poolInLedger(h, "999", 2);
    await assignInLedger(h, "999", "u-accepted");
    const deps = { ...h.deps, knownApps: async () => ["100", "200", "999"] };

    const outcome = right(await sync(h, deps, "sync-1"));

    expect(outcome).toMatchObject({
      status: "succeeded",
      drift: { vanishedApps: 1, ledgerOnly: 1, appleOnly: 0 },
      report: { drift: 2 },
    });
    expect((await h.ledger.loadLicense(TENANT, "999")).state.purchased).toBe(2);
  });

  it("an asset without totalCount fails the sync with an explained malformed-response, applying nothing", async () => {
    const h = await seeded();
    const noCount: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes("/assets")) return response;
      const body = (await response.json()) as { assets?: Array<Record<string, unknown>> };
      return Response.json({
        ...body,
        assets: (body.assets ?? []).map(({ totalCount: _, ...rest }) => rest),
      });
    };
    const client = h.newClient({ fetch: noCount });

    const outcome = right(await sync(h, { ...h.deps, client }, "sync-1"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "malformed-response" } });
    expect(outcome.status === "failed" && outcome.failure.message).toContain("assets[].totalCount");
    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(0);
  });
});

describe("syncAccount under Apple's paging churn", () => {
  it("R11, R15: another writer changing the data between pages never fails the sync or skews a count", async () => {
    // Half the page reads see a foreign write first: a user added, a device licensed or freed.
    const h = await seeded({
      simulator: { pageSize: 2, realism: { preset: "instant", pagingChurnRate: 0.5, seed: 7 } },
    });
    h.loc.addAsset({ adamId: "400", totalCount: 40, deviceAssignable: true });
    const observed: string[] = [];
    const client = h.newClient({ observer: (e) => observed.push(e.type) });

    const outcome = right(await sync(h, { ...h.deps, client }, "sync-1"));

    expect(outcome).toMatchObject({ status: "succeeded", report: { apps: 4 } });
    expect(observed).toContain("walk-churned");
    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(10);
    expect((await h.ledger.loadLicense(TENANT, "400")).state.purchased).toBe(40);
    expect((await h.ledger.loadAccount(TENANT)).state.users.get("u-accepted")).toBe("accepted");
  });
});
