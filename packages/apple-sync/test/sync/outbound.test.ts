import { describe, expect, it } from "vitest";
import { install, linked } from "./support/flows.js";
import { right, TENANT, typesOf } from "./support/harness.js";
import { accountCommand, inviteInLedger } from "./support/ledger-fixtures.js";
import { outboundFor } from "./support/outbound.js";
import { syncNow } from "./support/scenario.js";

describe("deliverOutbound", () => {
  it("R15: an invitation creates the user at Apple and hands the host the invitation link", async () => {
    const h = await linked();
    const out = outboundFor(h);
    expect(await install(h, "100", "u-1")).toEqual({ status: "awaiting-terms", invited: true });

    const report = await out.deliver();

    expect(report).toMatchObject({ delivered: 1, refused: 0, undeliverable: 0 });
    const user = h.loc.state().users.find((u) => u.clientUserId === "u-1");
    expect(user?.status).toBe("Registered");
    expect(out.invitations).toEqual([
      {
        tenantId: TENANT,
        userId: "u-1",
        url: expect.stringContaining(`inviteCode=${user?.inviteCode}`),
      },
    ]);
  });

  it("R12, R15: the whole path: invite, accept at Apple, sync, assign, associate, then the host installs", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await install(h, "100", "u-1");
    await out.deliver();
    h.loc.acceptInvitation("u-1");
    right(await syncNow(h, "sync-1"));
    expect(await install(h, "100", "u-1")).toEqual({ status: "assigned" });

    const report = await out.deliver();

    expect(report.delivered).toBe(1);
    expect(h.loc.state().assignments).toEqual([
      expect.objectContaining({ adamId: "100", clientUserId: "u-1" }),
    ]);
    expect(out.associations).toEqual([{ tenantId: TENANT, adamId: "100", userId: "u-1" }]);
  });

  it("R16: Apple refusing the association (9709) is compensated: the license goes back and the install fails", async () => {
    const h = await linked();
    // Another MDM took both licenses at Apple; the ledger still believes two are free.
    for (const foreign of ["f-1", "f-2"]) {
      h.loc.addForeignUser({ clientUserId: foreign });
      h.loc.addForeignAssignment({ adamId: "100", clientUserId: foreign });
    }
    const out = outboundFor(h);
    h.loc.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    await inviteInLedger(h, "u-1");
    await accountCommand(h, { type: "AcceptTerms", data: { userId: "u-1", at: h.clock.now() } });
    expect(await install(h, "100", "u-1")).toEqual({ status: "assigned" });

    const report = await out.deliver();

    expect(report).toMatchObject({ refused: 1, delivered: 1 });
    const pool = (await h.ledger.loadLicense(TENANT, "100")).state;
    expect(pool.holders.has("u-1")).toBe(false);
    const tail = (await h.events()).filter((e) => e.aggregate === "License").slice(-2);
    expect(typesOf(tail)).toEqual(["LicenseReclaimed", "InstallFailed"]);
    expect(tail[0]?.event.data).toMatchObject({ reason: "apple-refused" });
    expect(tail[1]?.event.data).toMatchObject({ reason: { code: "no-license-available" } });
    expect(out.associations).toEqual([]);
  });
});
