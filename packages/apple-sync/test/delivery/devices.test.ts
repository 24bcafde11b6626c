import type { LicenseCommand } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { DeviceAssociation } from "../../src/index.js";
import { simulator, World } from "./world.js";

const AT = "2026-06-01T09:00:00.000Z";
let sequence = 0;
const command = async (world: World, adamId: string, cmd: LicenseCommand) => {
  const result = await world.ledger.license("acme", adamId, cmd, {
    commandId: `devices-${++sequence}`,
    actor: { kind: "admin", id: "a" },
  });
  if (E.isLeft(result)) throw new Error(result.left.message);
};

/** App 100 licensed to devices in the ledger (deviceAssignable, iOS), and to users for app 200. */
const deviceWorld = async (deviceAssignableAtApple: boolean) => {
  const sim = await simulator({ limits: { maxSerialNumbers: 2 } });
  const world = new World();
  const loc = await world.tenant("acme", sim, { "200": 5 });
  loc.addAsset({
    adamId: "100",
    totalCount: 5,
    deviceAssignable: deviceAssignableAtApple,
    supportedPlatforms: ["iOS"],
  });
  const meta = { purchased: 5, deviceAssignable: true, supportedPlatforms: ["iOS" as const], at: AT };
  await command(world, "100", { type: "SyncPurchasedCount", data: meta });
  await command(world, "100", {
    type: "DeployApp",
    data: { action: "required", licensing: "device", at: AT },
  });
  const associated: DeviceAssociation[] = [];
  return { sim, world, loc, associated };
};

const toDevice = (serialNumber: string): LicenseCommand => ({
  type: "AssignDeviceLicense",
  data: { serialNumber, platform: "iOS", at: AT },
});

describe("AppleDelivery: device licenses", () => {
  it("R20: device licenses go out by serial number, in requests at Apple's maxSerialNumbers, and are confirmed", async () => {
    const { sim, world, loc, associated } = await deviceWorld(true);
    await world.startAtHead();
    for (const serial of ["SER-1", "SER-2", "SER-3"]) await command(world, "100", toDevice(serial));
    const delivery = world.delivery({ onDeviceAssociated: (a) => void associated.push(a) });

    await delivery.run();

    expect(sim.requests.filter((r) => r.path === "assets/associate")).toHaveLength(2);
    expect(
      loc
        .state()
        .assignments.map((a) => a.serialNumber)
        .sort(),
    ).toEqual(["SER-1", "SER-2", "SER-3"]);
    expect(associated.map((a) => a.serialNumber).sort()).toEqual(["SER-1", "SER-2", "SER-3"]);
    expect(delivery.outstanding).toBe(0);
  });

  it("R20: a device license Apple refuses (9707, not device-assignable there) goes back to the pool and is reported", async () => {
    const { world, loc } = await deviceWorld(false);
    await world.startAtHead();
    await command(world, "100", toDevice("SER-1"));
    const delivery = world.delivery();

    await delivery.run();

    expect(loc.state().assignments).toHaveLength(0);
    expect((await world.ledger.loadLicense("acme", "100")).state.devices.size).toBe(0);
    const reclaimed = (await world.events()).filter((e) => e.event.type === "DeviceLicenseReclaimed");
    expect(reclaimed.map((e) => e.event.data)).toEqual([
      expect.objectContaining({ reason: "apple-refused" }),
    ]);
    expect(world.undeliverable.map((u) => u.failure.message)).toEqual([
      expect.stringContaining("errorNumber 9707"),
    ]);
    expect(delivery.counts.refused).toBe(1);
  });

  it("R22: revoking an app's licenses frees its devices at Apple", async () => {
    const { world, loc } = await deviceWorld(true);
    await command(world, "100", toDevice("SER-1"));
    loc.addForeignAssignment({ adamId: "100", serialNumber: "SER-1" });
    await world.startAtHead();
    const revoke = { scope: "app" as const, reason: "contract ended", at: AT };
    await command(world, "100", { type: "RevokeAllLicenses", data: revoke });
    const delivery = world.delivery();

    await delivery.run();

    expect(loc.state().assignments).toHaveLength(0);
    expect(delivery.pendingDisassociations()).toEqual([]);
    expect(delivery.counts.delivered).toBe(1);
  });

  it("R9, R20: a device license the sync imported is not associated again; the device's departure frees it at Apple", async () => {
    const { sim, world, loc } = await deviceWorld(true);
    loc.addForeignAssignment({ adamId: "100", serialNumber: "SER-9" });
    await world.startAtHead();
    await command(world, "100", { type: "ImportDeviceLicense", data: { serialNumber: "SER-9", at: AT } });
    const delivery = world.delivery();

    await delivery.run();

    expect(sim.requests.filter((r) => r.path === "assets/associate")).toHaveLength(0);
    expect(delivery.counts.delivered).toBe(0);
    expect((await world.ledger.loadLicense("acme", "100")).state.devices.has("SER-9")).toBe(true);

    await command(world, "100", {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "SER-9", reason: "device-retired", at: AT },
    });
    await delivery.run();

    expect(sim.requests.filter((r) => r.path === "assets/disassociate")).toHaveLength(1);
    expect(loc.state().assignments).toHaveLength(0);
  });
});
