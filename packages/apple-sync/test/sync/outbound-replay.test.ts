import { InMemoryCheckpointStore, InMemoryParkedStreamStore } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { deliverOutbound } from "../../src/index.js";
import { install, licensedUser, linked } from "./support/flows.js";
import { TENANT } from "./support/harness.js";
import { accountCommand, reclaimInLedger } from "./support/ledger-fixtures.js";
import { appleHolds, outboundFor } from "./support/outbound.js";

describe("deliverOutbound: reclaim, retire and replay", () => {
  it("R14: a license reclaimed after the uninstall is disassociated at Apple", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await licensedUser(h, out, "u-1");
    expect(h.loc.state().assignments).toHaveLength(1);

    await reclaimInLedger(h, "100", "u-1");
    const report = await out.deliver();

    expect(report.delivered).toBe(1);
    expect(h.loc.state().assignments).toEqual([]);
  });

  it("a retired user is retired at Apple", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await licensedUser(h, out, "u-1");

    await accountCommand(h, { type: "RetireUser", data: { userId: "u-1", at: h.clock.now() } });
    await out.deliver();

    expect(h.loc.state().users.find((u) => u.clientUserId === "u-1")?.status).toBe("Retired");
  });

  it("at-least-once: replaying the whole log from checkpoint 0 changes nothing at Apple or in the ledger", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await licensedUser(h, out, "u-1");
    await licensedUser(h, out, "u-2");
    await reclaimInLedger(h, "100", "u-1");
    await licensedUser(h, out, "u-3");
    await accountCommand(h, { type: "RetireUser", data: { userId: "u-2", at: h.clock.now() } });
    await accountCommand(h, { type: "InviteUser", data: { userId: "u-4", at: h.clock.now() } });
    await out.deliver();
    const apple = appleHolds(h);
    const ledger = (await h.events()).length;
    const invitations = out.invitations.length;

    const replay = await deliverOutbound(out.deps, {
      checkpoints: new InMemoryCheckpointStore(),
      parked: new InMemoryParkedStreamStore(),
    });

    expect(replay.stopped).toBeUndefined();
    expect(appleHolds(h)).toEqual(apple);
    expect((await h.events()).length).toBe(ledger);
    // Only u-4 is still Registered: the host may get its link again (at-least-once), nobody else's.
    expect(out.invitations.slice(invitations).map((i) => i.userId)).toEqual(["u-4"]);
  });

  it("at-least-once: a compensation replayed is not recorded twice", async () => {
    const h = await linked();
    const out = outboundFor(h);
    h.loc.setTotalCount("100", 0, { notify: false });
    h.loc.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    await accountCommand(h, { type: "InviteUser", data: { userId: "u-1", at: h.clock.now() } });
    await accountCommand(h, { type: "AcceptTerms", data: { userId: "u-1", at: h.clock.now() } });
    await install(h, "100", "u-1");
    expect((await out.deliver()).refused).toBe(1);
    const ledger = (await h.events()).length;

    await deliverOutbound(out.deps, {
      checkpoints: new InMemoryCheckpointStore(),
      parked: new InMemoryParkedStreamStore(),
    });

    expect((await h.events()).length).toBe(ledger);
    expect((await h.ledger.loadLicense(TENANT, "100")).state.holders.size).toBe(0);
  });
});
