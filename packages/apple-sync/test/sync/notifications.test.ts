import { describe, expect, it } from "vitest";
import { install, linked } from "./support/flows.js";
import { TENANT, typesOf } from "./support/harness.js";
import { accountCommand, inviteInLedger } from "./support/ledger-fixtures.js";
import { listenForNotifications } from "./support/notification-server.js";
import { outboundFor } from "./support/outbound.js";

const terms = async (h: Awaited<ReturnType<typeof linked>>) =>
  Object.fromEntries((await h.ledger.loadAccount(TENANT)).state.users);

describe("ledgerNotificationHandlers", () => {
  it("R15, R9: USER_ASSOCIATED accepts the terms of our invited users and ignores foreign ones", async () => {
    const h = await linked();
    const answered = await listenForNotifications(h);
    await inviteInLedger(h, "u-1");
    h.loc.addForeignUser({ clientUserId: "u-1" });
    h.loc.addForeignUser({ clientUserId: "f-1" });

    h.loc.acceptInvitation("u-1");
    h.loc.acceptInvitation("f-1");
    await h.sim.settle();

    expect(await terms(h)).toEqual({ "u-1": "accepted" });
    expect(answered.every((status) => status === 200)).toBe(true);
  });

  it("R11: ASSET_COUNT records Apple's exact total, not the ledger's count plus the delta", async () => {
    const h = await linked();
    await listenForNotifications(h);
    h.loc.setTotalCount("100", 5, { notify: false });

    h.loc.setTotalCount("100", 7);
    await h.sim.settle();

    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(7);
  });

  it("R16: a refused association reported by notification is compensated once", async () => {
    const h = await linked();
    await listenForNotifications(h);
    h.loc.setTotalCount("100", 0, { notify: false });
    h.loc.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    await inviteInLedger(h, "u-1");
    await accountCommand(h, { type: "AcceptTerms", data: { userId: "u-1", at: h.clock.now() } });
    await install(h, "100", "u-1");

    // Only the notification learns of the refusal (the association was sent outside the poller).
    await h.client.associateAssets({ assets: [{ adamId: "100" }], clientUserIds: ["u-1"] });
    await h.sim.settle();

    const license = (await h.events()).filter((e) => e.aggregate === "License");
    expect(typesOf(license).slice(-2)).toEqual(["LicenseReclaimed", "InstallFailed"]);
    expect((await h.ledger.loadLicense(TENANT, "100")).state.holders.size).toBe(0);
  });

  it("R16: the poller and the notification learning of one refusal record it once between them", async () => {
    const h = await linked();
    await listenForNotifications(h);
    h.loc.setTotalCount("100", 0, { notify: false });
    h.loc.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    await inviteInLedger(h, "u-1");
    await accountCommand(h, { type: "AcceptTerms", data: { userId: "u-1", at: h.clock.now() } });
    await install(h, "100", "u-1");
    const out = outboundFor(h);

    await out.deliver();
    await h.sim.settle();

    const types = typesOf(await h.events());
    expect(types.filter((t) => t === "InstallFailed")).toHaveLength(1);
    expect(types.filter((t) => t === "LicenseReclaimed")).toHaveLength(1);
    const managed = h.sim.notifications.filter((n) => n.notificationType === "ASSET_MANAGEMENT");
    expect(managed.length).toBeGreaterThan(0);
    expect(managed.every((n) => n.delivered)).toBe(true);
  });
});
