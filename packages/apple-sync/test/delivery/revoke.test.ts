import { describe, expect, it } from "vitest";
import { AT, command, licensedWorld, revokeBodies, revokeLocation, SERIALS, USERS } from "./revoke-world.js";
import { eventually } from "./world.js";

describe("AppleDelivery: location revocations through assets/revoke", () => {
  it("R22: a location revoke over three pools sends the fewest revoke requests, each holder once, within the limits; Apple holds nothing afterwards", async () => {
    const { world, loc } = await licensedWorld();
    await revokeLocation(world);
    const delivery = world.delivery({ pollAfterMs: 60_000, maxPollIntervalMs: 60_000 });
    await world.listen("acme", delivery);

    await delivery.run();

    const bodies = revokeBodies(world);
    // 5 users at 2 a request and 3 devices at 2 share requests: ceil(5 / 2) = 3.
    expect(bodies).toHaveLength(3);
    for (const body of bodies) {
      expect(body.clientUserIds?.length ?? 0).toBeLessThanOrEqual(2);
      expect(body.serialNumbers?.length ?? 0).toBeLessThanOrEqual(2);
    }
    expect(bodies.flatMap((body) => body.clientUserIds ?? []).sort()).toEqual([...USERS].sort());
    expect(bodies.flatMap((body) => body.serialNumbers ?? []).sort()).toEqual([...SERIALS].sort());
    expect((world.submittedBodies.get("acme") ?? []).map((request) => request.path)).toEqual(
      bodies.map(() => "assets/revoke"),
    );
    expect(loc.state().assignments).toEqual([]);
    expect(delivery.outstanding).toBe(0);
    expect(delivery.pendingDisassociations()).toEqual([]);
    // Settled by Apple's notifications: with polls an hour away, the run could not end otherwise.
    expect(delivery.counts.statusRequests).toBe(0);
    // Eight holders, three of them listed by two pools: the later listing replaced the earlier one unsent.
    expect(delivery.counts.delivered).toBe(8);
    expect(delivery.counts.superseded).toBe(3);
  });

  it("R22: a holder revoked again in a later window is harmless: Apple answers success, nothing stays pending", async () => {
    const { world, loc } = await licensedWorld();
    await revokeLocation(world, ["100"]);
    // Polls an hour away: Apple's notifications alone settle the revokes, also of holders holding nothing.
    const first = world.delivery({ pollAfterMs: 3_600_000, maxPollIntervalMs: 3_600_000 });
    await world.listen("acme", first);
    await first.run();
    // Apple revoked every app of the users (200 too); the devices were not listed yet.
    expect(loc.state().assignments.map((a) => a.serialNumber)).toEqual(SERIALS);
    const before = await world.events();

    // App 200's pool lists u-1..u-3 again, already revoked at Apple by the first window.
    await revokeLocation(world, ["200", "300"]);
    await first.run();

    const second = revokeBodies(world).slice(-2);
    expect(second.flatMap((body) => body.clientUserIds ?? []).sort()).toEqual(USERS.slice(0, 3));
    expect(loc.state().assignments).toEqual([]);
    expect(first.outstanding).toBe(0);
    expect(first.pendingDisassociations()).toEqual([]);
    // No compensation, no refusal: only the two revocations were recorded.
    expect((await world.events()).length).toBe(before.length + 2);
    expect(first.counts.refused + first.counts.undeliverable).toBe(0);
    // Users named in no notification (they held nothing): one status request per operation that Apple said ended.
    expect(first.counts.statusRequests).toBeLessThanOrEqual(2);
  });

  it("R22: an app's revocation stays a disassociation of that app; the holder keeps its other apps", async () => {
    const { world, loc } = await licensedWorld();
    await command(world, "200", {
      type: "RevokeAllLicenses",
      data: { scope: "app", reason: "licence not renewed", at: AT },
    });
    const delivery = world.delivery();

    await delivery.run();

    expect(revokeBodies(world)).toEqual([]);
    expect(loc.state().assignments.filter((a) => a.adamId === "200")).toEqual([]);
    expect(loc.state().assignments.filter((a) => a.adamId === "100")).toHaveLength(5);
  });

  it("R22: a license given again after a location revoke is sent only once Apple finished the revoke, never taken back by it", async () => {
    // Apple runs operations in no promised order: the association must not be sent while the revoke is pending.
    const { sim, world, loc } = await licensedWorld({ operationCompletion: "manual" });
    await revokeLocation(world);
    await world.assign("acme", "100", ["u-1"]);
    const delivery = world.delivery({ pollAfterMs: 5, lingerMs: 0 });
    const paths = () => (world.submittedBodies.get("acme") ?? []).map((request) => request.path);

    await delivery.pass();
    await eventually(() => sim.pendingOperationCount() === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(paths()).toEqual(["assets/revoke", "assets/revoke", "assets/revoke"]);
    for (let round = 0; round < 100 && delivery.outstanding > 0; round++) {
      sim.completePendingOperations();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await delivery.whenIdle();

    expect(paths().at(-1)).toBe("assets/associate");
    expect(loc.state().assignments.map((a) => [a.adamId, a.clientUserId])).toEqual([["100", "u-1"]]);
    expect(delivery.outstanding).toBe(0);
  });

  it("R22: a delivery that dies while Apple's revoke operations are pending is resumed by the next: Apple ends with nothing", async () => {
    const { sim, world, loc } = await licensedWorld({ operationCompletion: "manual" });
    const start = await world.checkpoints.load("apple-delivery");
    await revokeLocation(world);
    const last = (await world.events()).at(-1)?.place.globalPosition;

    const first = world.delivery();
    await first.pass();
    await eventually(() => sim.pendingOperationCount() === 3);
    first.close();
    expect(await world.checkpoints.load("apple-delivery")).toBe(start);
    expect(loc.state().assignments).toHaveLength(11);

    const second = world.delivery({ pollAfterMs: 5 });
    await second.pass();
    for (let round = 0; round < 100 && second.outstanding > 0; round++) {
      sim.completePendingOperations();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await second.whenIdle();

    expect(second.outstanding).toBe(0);
    expect(loc.state().assignments).toEqual([]);
    expect(revokeBodies(world)).toHaveLength(6);
    expect(await world.checkpoints.load("apple-delivery")).toBe(last);
  });
});
