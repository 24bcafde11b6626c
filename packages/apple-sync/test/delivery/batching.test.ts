import { describe, expect, it } from "vitest";
import { eventually, simulator, usersNamed, World } from "./world.js";

const associations = (sim: { requests: ReadonlyArray<{ path: string; method: string }> }) =>
  sim.requests.filter((r) => r.method === "POST" && r.path === "assets/associate").length;

describe("AppleDelivery: batching and locations", () => {
  it("R12: assignments go out per app in requests at Apple's live maxClientUserIds, and each is confirmed", async () => {
    const sim = await simulator({ limits: { maxClientUserIds: 3 } });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 10, "200": 5 });
    const users = usersNamed("u", 7);
    await world.users("acme", users);
    await world.startAtHead();
    await world.assign("acme", "100", users);
    await world.assign("acme", "200", users.slice(0, 2));
    // The log is read two entries at a time: work from several batches still shares a request.
    const delivery = world.delivery({ batchSize: 2 });

    await delivery.run();

    // ceil(7 / 3) requests for app 100, one for app 200: never one request per license.
    expect(associations(sim)).toBe(4);
    expect(delivery.counts).toMatchObject({ delivered: 9, requests: 4, refused: 0 });
    expect(loc.state().assignments).toHaveLength(9);
    expect(world.associations).toHaveLength(9);
    expect(delivery.outstanding).toBe(0);
    let head: bigint | undefined;
    for await (const recorded of world.store.readAll()) head = recorded.globalPosition;
    expect(delivery.checkpoint).toBe(head);
  });

  it("one location's pending Apple operations never delay another's: the fast one is confirmed while the slow one waits", async () => {
    // Two Apple services: one whose operations stay pending until the test completes them, one that completes at once.
    const slowSim = await simulator({ operationCompletion: "manual" });
    const fastSim = await simulator();
    const world = new World();
    const slow = await world.tenant("slow", slowSim, { "100": 10 });
    const fast = await world.tenant("fast", fastSim, { "100": 10 });
    await world.users("slow", ["s-1", "s-2"]);
    await world.users("fast", ["f-1", "f-2"]);
    await world.startAtHead();
    // The slow location's work comes first in the log.
    await world.assign("slow", "100", ["s-1", "s-2"]);
    await world.assign("fast", "100", ["f-1", "f-2"]);
    const delivery = world.delivery();

    await delivery.pass();
    await eventually(() => world.associations.length === 2);

    expect(fast.state().assignments).toHaveLength(2);
    expect(world.associations.map((a) => a.tenantId)).toEqual(["fast", "fast"]);
    expect(slow.state().assignments).toHaveLength(0);
    expect(delivery.outstanding).toBe(2);
    // The checkpoint stays before the slow location's work, which Apple has not confirmed.
    const events = await world.events();
    const firstSlow = events.find((e) => e.tenantId === "slow" && e.event.type === "LicenseAssigned");
    expect(delivery.checkpoint).toBe((firstSlow?.place.globalPosition ?? 0n) - 1n);
    // A later pass (a live processor's) reads on after what this process read: nothing is sent twice.
    await delivery.pass();
    expect(delivery.counts.requests).toBe(2);

    slowSim.completePendingOperations();
    await eventuallyIdle(delivery, () => world.associations.length === 4);

    expect(slow.state().assignments).toHaveLength(2);
    expect(delivery.outstanding).toBe(0);
    expect(delivery.checkpoint).toBe(events.at(-1)?.place.globalPosition);
  });

  it("R16: when Apple refuses a batch for want of licenses (9709), each user is tried alone and only the one left over is compensated", async () => {
    const sim = await simulator();
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 3 });
    // Another MDM took two of the three licenses at Apple; the ledger believes all three are free.
    for (const foreign of ["x-1", "x-2"]) {
      loc.addForeignUser({ clientUserId: foreign });
      loc.addForeignAssignment({ adamId: "100", clientUserId: foreign });
    }
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1", "u-2"]);
    const delivery = world.delivery();

    await delivery.run();

    expect(delivery.counts).toMatchObject({ delivered: 1, refused: 1 });
    const held = loc.state().assignments.filter((a) => a.clientUserId?.startsWith("u-"));
    expect(held).toHaveLength(1);
    const pool = (await world.ledger.loadLicense("acme", "100")).state;
    expect([...pool.holders.keys()]).toEqual([held[0]?.clientUserId]);
    const failed = (await world.events()).filter((e) => e.event.type === "InstallFailed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.event.data).toMatchObject({ reason: { code: "no-license-available" } });
  });

  it("an association superseded by an uninstall before it was sent is never sent; the disassociation is (a run before a crash may have sent it)", async () => {
    const sim = await simulator();
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 3 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1", "u-2"]);
    await world.uninstall("acme", "100", "u-1");
    const delivery = world.delivery();

    await delivery.run();

    expect(loc.state().assignments.map((a) => a.clientUserId)).toEqual(["u-2"]);
    expect(delivery.counts).toMatchObject({ superseded: 1, delivered: 2, requests: 2 });
    expect(associations(sim)).toBe(1);
    expect(sim.requests.filter((r) => r.path === "assets/disassociate")).toHaveLength(1);
  });

  it("events of tenants this process does not serve are skipped, and the checkpoint passes them", async () => {
    const sim = await simulator();
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 3 });
    await world.users("acme", ["u-1"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1"]);
    const delivery = world.delivery({ clientFor: () => undefined });

    await delivery.run();

    expect(loc.state().assignments).toHaveLength(0);
    expect(delivery.counts.requests).toBe(0);
    expect(delivery.checkpoint).toBe((await world.events()).at(-1)?.place.globalPosition);
  });
});

const eventuallyIdle = async (delivery: { whenIdle(): Promise<void> }, check: () => boolean) => {
  const until = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > until) throw new Error("delivery did not finish in time");
    await delivery.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
