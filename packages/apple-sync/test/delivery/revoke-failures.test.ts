import { describe, expect, it } from "vitest";
import { AT, command, licensedWorld, revokeBodies, revokeLocation, SERIALS, USERS } from "./revoke-world.js";
import { eventually } from "./world.js";

/** The part of an ASSET_MANAGEMENT notification the test reads. */
interface RevokeNotification {
  readonly type: string;
  readonly result: string;
  readonly error?: { readonly errorInfo?: { clientUserIds?: string[]; serialNumbers?: string[] } };
}

describe("AppleDelivery: location revocations that fail", () => {
  it("R22: a revoke Apple cannot take now is retried until Apple confirms it, showing as drift meanwhile", async () => {
    const { sim, world, loc } = await licensedWorld();
    await revokeLocation(world, ["300"]);
    // The client tries each send 5 times: 10 answers of 503 fail two sends in a row.
    sim.injectFault({ kind: "unavailable", path: "assets/revoke", times: 10, retryAfterSeconds: 0 });
    const delivery = world.delivery({ retryBaseMs: 20, retryMaxMs: 20 });

    await delivery.pass();
    await eventually(() => delivery.counts.retried >= 1);

    expect(delivery.pendingDisassociations()).toContainEqual(
      expect.objectContaining({ tenantId: "acme", adamId: "", everyApp: true, serialNumber: "SER-1" }),
    );
    await eventually(() => delivery.outstanding === 0);
    expect(loc.state().assignments.filter((a) => a.serialNumber !== undefined)).toEqual([]);
    expect(delivery.pendingDisassociations()).toEqual([]);
    expect(delivery.counts.delivered).toBe(3);
  });

  it("R22: a revoke Apple rejects stays pending as drift with its reason, the ledger untouched, until an admin dismisses it", async () => {
    const { sim, world, loc } = await licensedWorld();
    await revokeLocation(world, ["300"]);
    sim.injectFault({ kind: "http-200-error", path: "assets/revoke", errorNumber: 9602, times: 1_000 });
    const delivery = world.delivery({ retryBaseMs: 10, retryMaxMs: 10 });
    const before = await world.events();

    await delivery.pass();
    await eventually(() => delivery.pendingDisassociations().every((pending) => pending.attempts >= 2));

    const drift = delivery.pendingDisassociations();
    expect(drift.map((pending) => pending.serialNumber).sort()).toEqual(["SER-1", "SER-2", "SER-3"]);
    expect(drift[0]?.lastFailure?.message).toMatch(/POST assets\/revoke failed .*errorNumber 9602/);
    expect(revokeBodies(world).length).toBeGreaterThanOrEqual(2);
    expect(loc.state().assignments.filter((a) => a.serialNumber !== undefined)).toHaveLength(3);
    expect(await world.events()).toHaveLength(before.length);
    const checkpoint = delivery.checkpoint;

    for (const serialNumber of ["SER-1", "SER-2", "SER-3"])
      expect(delivery.dismissDisassociation("acme", "", { serialNumber })).toBe(true);
    await eventually(() => delivery.pendingDisassociations().length === 0);
    await eventually(() => delivery.checkpoint !== checkpoint);
    expect(delivery.outstanding).toBe(0);
  });

  it("R22: a device given a license again while its revoke is pending as drift waits for it; dismissing the drift sends it", async () => {
    const { sim, world } = await licensedWorld();
    await revokeLocation(world, ["300"]);
    await command(world, "300", {
      type: "AssignDeviceLicense",
      data: { serialNumber: "SER-1", platform: "iOS", at: AT },
    });
    sim.injectFault({ kind: "http-200-error", path: "assets/revoke", errorNumber: 9602, times: 1_000 });
    // The next try of the revoke is a minute away: only the dismissal can let the association go.
    const delivery = world.delivery({ retryBaseMs: 60_000, retryMaxMs: 60_000 });
    const paths = () => (world.submittedBodies.get("acme") ?? []).map((request) => request.path);

    await delivery.pass();
    await eventually(() => delivery.pendingDisassociations().some((pending) => pending.attempts >= 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(paths()).not.toContain("assets/associate");

    for (const serialNumber of SERIALS) delivery.dismissDisassociation("acme", "", { serialNumber });
    await eventually(() => delivery.outstanding === 0);
    expect(paths().at(-1)).toBe("assets/associate");
  });

  it("R22: holders Apple fails inside a revoke operation (transient, named in the failure's errorInfo) are sent again, the others are done", async () => {
    const { sim, world, loc } = await licensedWorld({
      realism: { preset: "instant", seed: 7, asyncFailureRates: { 9603: 0.3, 9644: 0.2 } },
    });
    await revokeLocation(world);
    // Polls an hour away: the notifications (and the status read at once after them) settle every holder.
    const delivery = world.delivery({ pollAfterMs: 3_600_000, maxPollIntervalMs: 3_600_000 });
    const endpoint = await world.listen("acme", delivery);

    await delivery.run();
    await eventually(() => delivery.outstanding === 0);
    await sim.settle();

    // The holders Apple named as failed in its FAILURE notifications: exactly those were sent again.
    const failedHolders = endpoint.received
      .map((r) => JSON.parse(r.body) as { notification?: RevokeNotification })
      .flatMap(({ notification }) =>
        notification?.type === "REVOKE" && notification.result === "FAILURE"
          ? [
              ...(notification.error?.errorInfo?.clientUserIds ?? []),
              ...(notification.error?.errorInfo?.serialNumbers ?? []),
            ]
          : [],
      );
    expect(delivery.counts.retried).toBe(failedHolders.length);

    expect(delivery.counts.retried).toBeGreaterThan(0);
    expect(loc.state().assignments).toEqual([]);
    expect(delivery.pendingDisassociations()).toEqual([]);
    // Each holder confirmed once, and named in more revoke requests only when Apple failed it.
    expect(delivery.counts.delivered).toBe(USERS.length + SERIALS.length);
    const named = revokeBodies(world).flatMap((body) => [
      ...(body.clientUserIds ?? []),
      ...(body.serialNumbers ?? []),
    ]);
    expect(named.length).toBe(USERS.length + SERIALS.length + delivery.counts.retried);
  });
});
