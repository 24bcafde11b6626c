import { describe, expect, it } from "vitest";
import { eventually, simulator, World } from "./world.js";

/** A location where u-1 holds app 100 at Apple and in the ledger; the delivery starts after that. */
const heldBy = async (userId: string) => {
  const sim = await simulator();
  const world = new World();
  const loc = await world.tenant("acme", sim, { "100": 5 });
  await world.users("acme", [userId]);
  await world.assign("acme", "100", [userId]);
  loc.addForeignAssignment({ adamId: "100", clientUserId: userId });
  await world.startAtHead();
  return { sim, world, loc };
};

describe("AppleDelivery: failures", () => {
  it("R14: a disassociation Apple cannot take now is retried until Apple confirms it, and shows as drift meanwhile", async () => {
    const { sim, world, loc } = await heldBy("u-1");
    await world.uninstall("acme", "100", "u-1");
    // Each send is retried 5 times by the client: 15 answers of 503 fail three sends in a row.
    sim.injectFault({ kind: "unavailable", path: "assets/disassociate", times: 15, retryAfterSeconds: 0 });
    const delivery = world.delivery({ retryBaseMs: 20, retryMaxMs: 20 });

    await delivery.pass();
    await eventually(() => delivery.counts.retried >= 1);

    expect(delivery.pendingDisassociations()).toEqual([
      expect.objectContaining({ tenantId: "acme", adamId: "100", userId: "u-1" }),
    ]);
    expect(loc.state().assignments).toHaveLength(1);
    await eventually(() => delivery.counts.delivered === 1);
    expect(loc.state().assignments).toHaveLength(0);
    expect(delivery.pendingDisassociations()).toEqual([]);
    expect(delivery.counts.retried).toBe(3);
    expect(delivery.outstanding).toBe(0);
  });

  it("R14: a disassociation Apple rejects stays pending as drift with its reason until an admin dismisses it", async () => {
    const { sim, world, loc } = await heldBy("u-1");
    await world.uninstall("acme", "100", "u-1");
    sim.injectFault({ kind: "http-200-error", path: "assets/disassociate", errorNumber: 9602, times: 1_000 });
    const delivery = world.delivery({ retryBaseMs: 10, retryMaxMs: 10 });

    await delivery.pass();
    await eventually(() => (delivery.pendingDisassociations()[0]?.attempts ?? 0) >= 2);

    const [drift] = delivery.pendingDisassociations();
    expect(drift?.lastFailure?.message).toMatch(/errorNumber 9602/);
    expect(loc.state().assignments).toHaveLength(1);
    // Nothing in the ledger was undone: the seat stays free there.
    expect((await world.ledger.loadLicense("acme", "100")).state.holders.has("u-1")).toBe(false);
    const checkpoint = delivery.checkpoint;

    expect(delivery.dismissDisassociation("acme", "100", "u-1")).toBe(true);
    await eventually(() => delivery.pendingDisassociations().length === 0);
    await eventually(() => delivery.checkpoint !== checkpoint);
    expect(delivery.outstanding).toBe(0);
  });

  it("R5: a revoked token is recorded, the association is compensated, and the location's other work is not sent", async () => {
    const sim = await simulator();
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 5 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1", "u-2"]);
    loc.revokeToken();
    const delivery = world.delivery();

    await delivery.run();

    const types = (await world.events()).map((e) => e.event.type);
    expect(types).toContain("TokenRevoked");
    expect(types.filter((t) => t === "InstallFailed")).toHaveLength(2);
    expect(delivery.counts).toMatchObject({ refused: 2, delivered: 0 });
    expect(delivery.outstanding).toBe(0);
  });

  it("R15: an invitation creates the user at Apple and hands the host the link, from the notification or from Apple's user record", async () => {
    for (const notify of [true, false]) {
      const sim = await simulator();
      const world = new World();
      const loc = await world.tenant("acme", sim, { "100": 5 });
      await world.startAtHead();
      await world.ledger.account(
        "acme",
        { type: "InviteUser", data: { userId: "n-1", at: world.now() } },
        { commandId: "invite-n-1", actor: { kind: "admin", id: "a" } },
      );
      const delivery = world.delivery({ pollAfterMs: notify ? 60_000 : 5 });
      if (notify) await world.listen("acme", delivery);

      await delivery.run();

      const user = loc.state().users.find((u) => u.clientUserId === "n-1");
      expect(user?.status).toBe("Registered");
      expect(world.invitations).toEqual([
        { tenantId: "acme", userId: "n-1", url: expect.stringContaining(`inviteCode=${user?.inviteCode}`) },
      ]);
    }
  });

  it("R16: without a batched delivery, the notification handler compensates a refusal (9709) and never a transient failure (9603)", async () => {
    const sim = await simulator();
    const world = new World();
    await world.tenant("acme", sim, { "100": 5 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.assign("acme", "100", ["u-1", "u-2"]);
    const endpoint = await world.listen("acme");
    const failure = (id: string, userId: string, errorNumber: number) =>
      JSON.stringify({
        notificationId: id,
        notificationType: "ASSET_MANAGEMENT",
        notification: {
          eventId: `operation-${id}`,
          result: "FAILURE",
          type: "ASSOCIATE",
          assignments: [{ adamId: "100", clientUserId: userId, pricingParam: "STDQ" }],
          error: { errorNumber },
        },
      });

    expect(await endpoint.post(failure("n-1", "u-1", 9603))).toBe(200);
    expect(await endpoint.post(failure("n-2", "u-2", 9709))).toBe(200);

    const pool = (await world.ledger.loadLicense("acme", "100")).state;
    expect(pool.holders.has("u-1")).toBe(true);
    expect(pool.holders.has("u-2")).toBe(false);
    const failed = (await world.events()).filter((e) => e.event.type === "InstallFailed");
    expect(failed.map((e) => e.event.data)).toEqual([expect.objectContaining({ userId: "u-2" })]);
  });
});
