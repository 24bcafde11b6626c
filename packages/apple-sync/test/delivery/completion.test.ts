import { describe, expect, it } from "vitest";
import { eventually, simulator, usersNamed, World } from "./world.js";

const statusPolls = (sim: { requests: ReadonlyArray<{ path: string }> }) =>
  sim.requests.filter((r) => r.path === "status").length;

describe("AppleDelivery: how completion is learned", () => {
  it("notifications first: with ASSET_MANAGEMENT notifications flowing, work is confirmed without a single status poll", async () => {
    const sim = await simulator({ operationCompletion: { afterMs: 20 } });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 10 });
    await world.users("acme", usersNamed("u", 4));
    await world.startAtHead();
    await world.assign("acme", "100", usersNamed("u", 4));
    // Polls would start only after a minute: anything confirmed sooner came from a notification.
    const delivery = world.delivery({ pollAfterMs: 60_000 });
    const endpoint = await world.listen("acme", delivery);

    await delivery.run();

    expect(world.associations).toHaveLength(4);
    expect(loc.state().assignments).toHaveLength(4);
    expect(statusPolls(sim)).toBe(0);
    expect(delivery.counts.statusRequests).toBe(0);
    expect(endpoint.answered.every((status) => status === 200)).toBe(true);
  });

  it("polling fallback: when notifications never come, status polls with back-off confirm the work", async () => {
    const sim = await simulator({ operationCompletion: { afterMs: 200 } });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 10 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1", "u-2"]);
    const delivery = world.delivery({ pollAfterMs: 5, maxPollIntervalMs: 40 });

    await delivery.run();

    expect(world.associations).toHaveLength(2);
    expect(loc.state().assignments).toHaveLength(2);
    const polls = statusPolls(sim);
    expect(polls).toBeGreaterThan(0);
    // 5, 10, 20, 40, 40 … ms: an operation pending 200 ms takes about 8 polls, not the 40 of a poll every 5 ms.
    expect(polls).toBeLessThan(15);
  });

  it("duplicate notifications (Apple delivers up to three times) change nothing", async () => {
    const sim = await simulator();
    const world = new World();
    await world.tenant("acme", sim, { "100": 10 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1", "u-2"]);
    const delivery = world.delivery({ pollAfterMs: 60_000 });
    const endpoint = await world.listen("acme", delivery);
    await delivery.run();
    await sim.settle();
    const before = await world.events();
    const delivered = endpoint.received.filter((r) => r.body.includes("ASSET_MANAGEMENT"));
    expect(delivered.length).toBeGreaterThan(0);

    for (const notification of delivered) expect(await endpoint.post(notification.body)).toBe(200);
    await delivery.whenIdle();

    expect(world.associations).toHaveLength(2);
    expect(delivery.counts).toMatchObject({ delivered: 2, refused: 0, requests: 1 });
    expect(await world.events()).toHaveLength(before.length);
  });

  it("a transient async failure (9603, 9644) is retried with back-off and never undoes the license", async () => {
    const sim = await simulator({ operationCompletion: "manual" });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 10 });
    await world.users("acme", ["u-1"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1"]);
    const delivery = world.delivery({ pollAfterMs: 60_000, retryBaseMs: 10 });
    const endpoint = await world.listen("acme", delivery);
    await delivery.pass();
    // The client has Apple's answer (the operation's id) and the operation is pending at Apple.
    await eventually(
      () => world.submittedOperationIds.get("acme")?.length === 1 && sim.pendingOperationCount() === 1,
    );

    // Apple reports the pending operation failed with 9644 ("maintenance mode": try again later) for this user.
    const operationId = world.submittedOperationIds.get("acme")?.at(-1);
    const failure = {
      notificationId: "forged-9644",
      notificationType: "ASSET_MANAGEMENT",
      notification: {
        eventId: operationId,
        result: "FAILURE",
        type: "ASSOCIATE",
        assignments: [{ adamId: "100", clientUserId: "u-1", pricingParam: "STDQ" }],
        error: { errorNumber: 9644, errorMessage: "Maintenance mode" },
      },
    };
    expect(await endpoint.post(JSON.stringify(failure))).toBe(200);
    await eventually(() => sim.requests.filter((r) => r.path === "assets/associate").length === 2);
    sim.completePendingOperations();
    await eventually(() => world.associations.length === 1);

    const types = (await world.events()).map((e) => e.event.type);
    expect(types).not.toContain("InstallFailed");
    expect(types.filter((t) => t === "LicenseReclaimed")).toHaveLength(0);
    expect((await world.ledger.loadLicense("acme", "100")).state.holders.has("u-1")).toBe(true);
    expect(loc.state().assignments.map((a) => a.clientUserId)).toEqual(["u-1"]);
    expect(delivery.counts).toMatchObject({ retried: 1, refused: 0, delivered: 1 });
  });
});
