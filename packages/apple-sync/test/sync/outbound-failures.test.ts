import { accountStatus } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { install, licensedUser, linked } from "./support/flows.js";
import { OTHER_MDM, startHarness, TENANT, typesOf } from "./support/harness.js";
import { accountCommand, inviteInLedger, poolInLedger } from "./support/ledger-fixtures.js";
import { outboundFor } from "./support/outbound.js";

/** A user who accepted the terms in the ledger and is Associated at Apple, then asks for app 100. */
const assignedInLedger = async (h: Awaited<ReturnType<typeof linked>>, userId: string) => {
  h.loc.addForeignUser({ clientUserId: userId, status: "Associated" });
  await inviteInLedger(h, userId);
  await accountCommand(h, { type: "AcceptTerms", data: { userId, at: h.clock.now() } });
  await install(h, "100", userId);
};

describe("deliverOutbound: failures", () => {
  it("an outage stops the run at the event; the next run resumes there and delivers it once", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await assignedInLedger(h, "u-1");
    h.sim.injectFault({ kind: "unavailable", path: "assets/associate", times: 5, retryAfterSeconds: 0 });

    const stopped = await out.deliver();
    const resumed = await out.deliver();

    expect(stopped.stopped?.error).toMatchObject({ code: "unavailable" });
    expect(stopped.delivered).toBe(1);
    expect(resumed).toMatchObject({ delivered: 1, refused: 0 });
    expect(resumed.stopped).toBeUndefined();
    expect(h.loc.state().assignments).toHaveLength(1);
    expect(out.associations).toHaveLength(1);
  });

  it("an association whose answer was lost is sent again next run and converges", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await assignedInLedger(h, "u-1");
    // Twice: the client retries a malformed answer once before it reports it.
    h.sim.injectFault({ kind: "malformed-json", path: "assets/associate", times: 2 });

    const stopped = await out.deliver();
    await out.deliver();

    expect(stopped.stopped?.error).toMatchObject({ code: "malformed-response" });
    expect(h.loc.state().assignments).toEqual([expect.objectContaining({ clientUserId: "u-1" })]);
    expect(typesOf(await h.events())).not.toContain("InstallFailed");
  });

  it("an invitation whose answer was lost is created once: Apple's 'already exists' counts as done", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await install(h, "100", "u-1");
    h.sim.injectFault({ kind: "malformed-json", path: "users/create", times: 2 });

    await out.deliver();
    const resumed = await out.deliver();

    expect(resumed.delivered).toBe(1);
    expect(h.loc.state().users.filter((u) => u.clientUserId === "u-1")).toHaveLength(1);
    expect(out.invitations.map((i) => i.userId)).toEqual(["u-1"]);
  });

  it("R5: Apple revoking the token is recorded; the assignment is compensated and the run goes on", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await assignedInLedger(h, "u-1");
    await install(h, "100", "u-2");
    h.loc.revokeToken();

    const report = await out.deliver();

    // u-1's invitation meets 9625; then nothing more is sent: u-1's license is compensated, u-2's invitation held.
    expect(report).toMatchObject({ refused: 1, undeliverable: 2 });
    expect(report.stopped).toBeUndefined();
    expect(accountStatus((await h.ledger.loadAccount(TENANT)).state, h.clock.now())).toBe("revoked");
    expect((await h.ledger.loadLicense(TENANT, "100")).state.holders.size).toBe(0);
    expect(out.undeliverable.map((u) => u.failure.code)).toEqual(["token-revoked", "token-revoked"]);
    expect(h.sim.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("R6: while another MDM holds the location, nothing is sent to Apple", async () => {
    const h = await linked();
    const out = outboundFor(h);
    await licensedUser(h, out, "u-1");
    await accountCommand(h, {
      type: "RecordLocationClaimed",
      data: { mdmId: OTHER_MDM.id, mdmName: OTHER_MDM.name, at: h.clock.now() },
    });
    await accountCommand(h, { type: "RetireUser", data: { userId: "u-1", at: h.clock.now() } });
    h.sim.clearLogs();

    const report = await out.deliver();

    expect(report.undeliverable).toBe(1);
    expect(out.undeliverable.map((u) => u.failure.code)).toEqual(["location-claimed"]);
    expect(h.sim.requests.filter((r) => r.path !== "service/config")).toEqual([]);
  });

  it("events of tenants this process does not serve are skipped, and the checkpoint still moves", async () => {
    const h = await linked();
    const out = outboundFor(h, { clientFor: () => undefined });
    await install(h, "100", "u-1");

    const report = await out.deliver();

    expect(report).toMatchObject({ delivered: 0, undeliverable: 0 });
    expect(report.position).toBe(BigInt((await h.events()).length));
    expect(h.loc.state().users).toEqual([]);
  });

  it("an association Apple's operation fails with 9644 (try again later) stops the run and never undoes the license", async () => {
    const h = await startHarness({
      simulator: { realism: { preset: "instant", asyncFailureRates: { 9644: 1 } } },
    });
    h.loc.addAsset({ adamId: "100", totalCount: 2 });
    await h.link();
    await poolInLedger(h, "100", 2);
    const out = outboundFor(h);
    await assignedInLedger(h, "u-1");

    const stopped = await out.deliver();

    expect(stopped.stopped?.error).toMatchObject({ errorNumber: 9644 });
    expect(stopped.refused).toBe(0);
    expect(typesOf(await h.events())).not.toContain("InstallFailed");
    expect((await h.ledger.loadLicense(TENANT, "100")).state.holders.has("u-1")).toBe(true);
  });
});
