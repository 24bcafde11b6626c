import { describe, expect, it } from "vitest";
import { backends } from "../sync/support/backends.js";
import { eventually, simulator, usersNamed, World } from "./world.js";

describe.each(backends)("AppleDelivery on $name", ({ setup }) => {
  const open = setup();

  it("a delivery that dies with Apple's operations pending is resumed from the durable checkpoint by a new one", async () => {
    const storage = await open();
    const sim = await simulator({ operationCompletion: "manual" });
    const world = new World(storage);
    const loc = await world.tenant("acme", sim, { "100": 10 });
    const users = usersNamed("u", 4);
    await world.users("acme", users);
    await world.startAtHead();
    const start = await storage.checkpoints.load("apple-delivery");
    await world.assign("acme", "100", users);
    await world.uninstall("acme", "100", "u-4");
    const before = await world.events();

    const first = world.delivery();
    await first.pass();
    await eventually(() => sim.pendingOperationCount() === 2);
    first.close();
    expect(await storage.checkpoints.load("apple-delivery")).toBe(start);

    sim.completePendingOperations();
    const second = world.delivery();
    await second.pass();
    await eventually(() => {
      sim.completePendingOperations();
      return second.outstanding === 0;
    }, 10_000);

    expect(
      loc
        .state()
        .assignments.map((a) => a.clientUserId)
        .sort(),
    ).toEqual(["u-1", "u-2", "u-3"]);
    expect(await world.events()).toHaveLength(before.length);
    await eventually(() => second.checkpoint === before.at(-1)?.place.globalPosition);
    expect(await storage.checkpoints.load("apple-delivery")).toBe(before.at(-1)?.place.globalPosition);
  });
});
