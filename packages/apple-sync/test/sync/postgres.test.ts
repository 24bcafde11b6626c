import { InMemoryCheckpointStore, InMemoryParkedStreamStore } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { deliverOutbound, SyncScheduler } from "../../src/index.js";
import { backends } from "./support/backends.js";
import { install } from "./support/flows.js";
import { right, startHarness, TENANT, typesOf } from "./support/harness.js";
import { inviteInLedger, poolInLedger } from "./support/ledger-fixtures.js";
import { appleHolds, outboundFor } from "./support/outbound.js";
import { syncNow } from "./support/scenario.js";

// Each test sends a few hundred statements (PGlite is WebAssembly): well within the default test timeout, even
// on a busy CI box, now that no test opens a database of its own.
describe.each(backends)("sync and delivery on $name", ({ setup }) => {
  const open = setup();
  const harness = async () => {
    const storage = await open();
    const h = await startHarness({
      store: storage.store,
      snapshots: storage.snapshots,
      simulator: { pageSize: 3 },
    });
    h.loc.addAsset({ adamId: "100", totalCount: 2 });
    h.loc.addAsset({ adamId: "200", totalCount: 0, free: true });
    h.loc.addForeignUser({ clientUserId: "f-1", status: "Associated" });
    h.loc.addForeignAssignment({ adamId: "100", clientUserId: "f-1" });
    await h.link();
    await poolInLedger(h, "100", 0);
    return h;
  };

  it("R9, R11, R12, R15, R16: sync, invite, associate, refuse and replay end to end", async () => {
    const h = await harness();
    const out = outboundFor(h);
    await install(h, "100", "u-1");
    await install(h, "100", "u-2");
    await out.deliver();
    h.loc.acceptInvitation("u-1");
    h.loc.acceptInvitation("u-2");

    const first = right(await syncNow(h, "sync-1"));
    expect(first).toMatchObject({
      status: "succeeded",
      report: { apps: 2, users: 2, ignoredForeignUsers: 1, ignoredForeignAssignments: 1 },
    });
    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(2);
    expect(await install(h, "100", "u-1")).toEqual({ status: "assigned" });
    expect(await install(h, "100", "u-2")).toEqual({ status: "assigned" });
    // Apple has one license left (f-1 holds the other): u-2's association is refused and compensated.
    const delivered = await out.deliver();
    expect(delivered).toMatchObject({ delivered: 1, refused: 1 });
    expect([...(await h.ledger.loadLicense(TENANT, "100")).state.holders.keys()]).toEqual(["u-1"]);

    const again = right(await syncNow(h, "sync-2"));
    expect(again).toMatchObject({ status: "succeeded", report: { changes: 0, drift: 0, assignments: 1 } });

    const apple = appleHolds(h);
    const events = (await h.events()).length;
    await deliverOutbound(out.deps, {
      checkpoints: new InMemoryCheckpointStore(),
      parked: new InMemoryParkedStreamStore(),
    });
    expect(appleHolds(h)).toEqual(apple);
    expect((await h.events()).length).toBe(events);
  });

  it("R7: two schedulers sharing the database: one sync of the account runs", async () => {
    const h = await harness();
    await inviteInLedger(h, "u-1");
    const scheduler = (id: string) =>
      new SyncScheduler({
        ledger: h.ledger,
        clientFor: () => h.client,
        now: h.clock.now,
        newSyncId: () => id,
      });

    const results = await Promise.all([
      scheduler("sync-a").syncNow(TENANT),
      scheduler("sync-b").syncNow(TENANT),
    ]);

    const codes = results.map((r) => (r._tag === "Left" ? r.left.code : r.right.status)).sort();
    expect(codes).toEqual(["succeeded", "sync-in-progress"]);
    expect(typesOf(await h.events()).filter((t) => t === "SyncStarted")).toHaveLength(1);
  });
});
