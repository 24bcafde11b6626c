import { describe, expect, it } from "vitest";
import { eventually, simulator, usersNamed, World } from "./world.js";

describe("AppleDelivery: crash and restart", () => {
  it("a delivery that dies while Apple's operations are pending is resumed by the next: nothing lost, nothing twice", async () => {
    const sim = await simulator({ operationCompletion: "manual", limits: { maxClientUserIds: 2 } });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 10 });
    const users = usersNamed("u", 5);
    await world.users("acme", users);
    await world.startAtHead();
    const start = await world.checkpoints.load("apple-delivery");
    await world.assign("acme", "100", users);
    const before = await world.events();

    const first = world.delivery();
    await first.pass();

    // The process dies once Apple holds the three requests' operations, still pending: no work is confirmed.
    await eventually(() => sim.pendingOperationCount() === 3);
    first.close();
    expect(await world.checkpoints.load("apple-delivery")).toBe(start);
    // Apple finishes the operations of the dead process while nobody listens.
    sim.completePendingOperations();

    const second = world.delivery({ pollAfterMs: 5 });
    const resumed = (async () => {
      await second.pass();
      for (let round = 0; round < 100 && second.outstanding > 0; round++) {
        sim.completePendingOperations();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await resumed;
    await second.whenIdle();

    expect(second.outstanding).toBe(0);
    // Every user holds exactly one license at Apple, and the ledger recorded nothing new (no compensation).
    expect(
      loc
        .state()
        .assignments.map((a) => a.clientUserId)
        .sort(),
    ).toEqual([...users].sort());
    expect(await world.events()).toHaveLength(before.length);
    expect(world.associations.map((a) => a.userId).sort()).toEqual([...users].sort());
    expect(await world.checkpoints.load("apple-delivery")).toBe(before.at(-1)?.place.globalPosition);
  });
});
