import { describe, expect, it } from "vitest";
import { eventually, simulator, usersNamed, World } from "./world.js";

describe("AppleDelivery: on the simulator's realistic mode", () => {
  it("transient async failures (9603, 9644) reported in Apple's status are retried until Apple succeeds, and never undo a license", async () => {
    const sim = await simulator({
      realism: { preset: "instant", seed: 7, asyncFailureRates: { 9603: 0.4, 9644: 0.3 } },
    });
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 20 });
    const users = usersNamed("u", 12);
    await world.users("acme", users);
    await world.startAtHead();
    await world.assign("acme", "100", users);
    const before = await world.events();
    const delivery = world.delivery({ retryBaseMs: 5, retryMaxMs: 10 });

    await delivery.pass();
    await eventually(() => world.associations.length === users.length, 10_000);

    expect(delivery.counts.retried).toBeGreaterThan(0);
    expect(delivery.counts.refused).toBe(0);
    expect(await world.events()).toHaveLength(before.length);
    expect(
      loc
        .state()
        .assignments.map((a) => a.clientUserId)
        .sort(),
    ).toEqual([...users].sort());
  });

  it("notifications late, twice or never, operations pending 5–60 s (scaled 2,000×), three locations: every assignment confirmed once", async () => {
    const sim = await simulator({
      maxRequestPerSecond: 1_000,
      realism: {
        preset: "realistic",
        seed: 11,
        timeScale: 2_000,
        notificationDuplicateRate: 0.3,
        notificationDropRate: 0.3,
        asyncFailureRates: { 9603: 0, 9644: 0, 9709: 0 },
      },
    });
    const world = new World();
    const tenants = ["t-1", "t-2", "t-3"];
    // Polls start after 30 s and back off to 5 min, scaled like Apple's clock.
    const delivery = world.delivery({ pollAfterMs: 15, maxPollIntervalMs: 150 });
    for (const tenantId of tenants) {
      await world.tenant(tenantId, sim, { "100": 50, "200": 50 });
      await world.users(tenantId, usersNamed(tenantId, 20));
    }
    await world.startAtHead();
    for (const tenantId of tenants) {
      await world.listen(tenantId, delivery);
      await world.assign(tenantId, "100", usersNamed(tenantId, 20));
      await world.assign(tenantId, "200", usersNamed(tenantId, 10));
    }

    await delivery.pass();
    await eventually(() => world.associations.length === 90, 20_000);
    await delivery.whenIdle();

    expect(delivery.counts).toMatchObject({ delivered: 90, refused: 0, requests: 6 });
    const confirmed = world.associations.map((a) => `${a.tenantId}/${a.adamId}/${a.userId}`);
    expect(new Set(confirmed).size).toBe(90);
    for (const tenantId of tenants) {
      expect(world.locations.get(tenantId)?.state().assignments).toHaveLength(30);
    }
    expect(delivery.outstanding).toBe(0);
  });
});
