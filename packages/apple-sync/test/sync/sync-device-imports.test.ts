import type { LedgerEvent } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { DEVICE_APP, devicesInLedger, registerDevice, withDeviceApp } from "./support/devices.js";
import { right, type SyncHarness, TENANT } from "./support/harness.js";
import { licenseCommand } from "./support/ledger-fixtures.js";
import { outboundFor } from "./support/outbound.js";
import { seeded, syncNow } from "./support/scenario.js";

const imports = (events: ReadonlyArray<LedgerEvent>) =>
  events.filter(
    (e): e is Extract<LedgerEvent, { aggregate: "License" }> =>
      e.aggregate === "License" && e.event.type === "DeviceLicenseImported",
  );
const associateCalls = (h: SyncHarness) => h.sim.requests.filter((r) => r.path.endsWith("assets/associate"));

/** A device-assignable iOS app `adamId` with `total` licenses at Apple, whose pool licenses `licensing`. */
const poolOf = async (h: SyncHarness, adamId: string, total: number, licensing: "user" | "device") => {
  h.loc.addAsset({ adamId, totalCount: total, deviceAssignable: true, supportedPlatforms: ["iOS"] });
  const at = h.clock.now();
  await licenseCommand(h, adamId, {
    type: "SyncPurchasedCount",
    data: { purchased: total, pricingParam: "STDQ", supportedPlatforms: ["iOS"], deviceAssignable: true, at },
  });
  await licenseCommand(h, adamId, { type: "DeployApp", data: { action: "required", licensing, at } });
};

describe("syncAccount: importing registered devices' assignments (R9, issue 11 item 5)", () => {
  it("R9, R20: a registered device's assignment made outside the ledger is imported once, and never associated again", async () => {
    const h = await withDeviceApp();
    await registerDevice(h, "SN-HOST");
    h.loc.addForeignAssignment({ adamId: DEVICE_APP, serialNumber: "SN-HOST" });
    h.loc.addForeignAssignment({ adamId: DEVICE_APP, serialNumber: "SN-OTHER-MDM" });

    const first = right(await syncNow(h, "sync-1"));

    expect(first).toMatchObject({
      status: "succeeded",
      // f-1's two assignments (see `seeded`) and the unregistered serial number stay foreign.
      report: { assignments: 1, ignoredForeignAssignments: 3, drift: 0, importedDevices: 1 },
      drift: { appleOnlyDevices: 0, importedDevices: 1 },
    });
    const imported = imports(await h.events());
    expect(imported.map((e) => [e.adamId, e.event.data])).toEqual([
      [DEVICE_APP, { serialNumber: "SN-HOST", at: expect.any(String) }],
    ]);
    // R18: the sync is named as the cause.
    expect(imported[0]?.place.actor).toEqual({ kind: "apple-sync", id: "sync-1" });
    expect(await devicesInLedger(h)).toEqual(["SN-HOST"]);

    const second = right(await syncNow(h, "sync-2"));

    expect(second).toMatchObject({
      report: { assignments: 1, ignoredForeignAssignments: 3, drift: 0, importedDevices: 0 },
      drift: { appleOnlyDevices: 0, ledgerOnlyDevices: 0, importedDevices: 0 },
    });
    expect(imports(await h.events())).toHaveLength(1);

    const before = associateCalls(h).length;
    await outboundFor(h).deliver();
    expect(associateCalls(h)).toHaveLength(before);
    expect(h.loc.state().assignments.filter((a) => a.serialNumber === "SN-HOST")).toHaveLength(1);
  });

  it("R16: a device-licensed pool at its count refuses the import: it stays Apple-only drift until there is room", async () => {
    const h = await seeded();
    await poolOf(h, "500", 2, "device");
    // The ledger holds both licenses (associations still on their way to Apple, say)…
    for (const serialNumber of ["SN-L1", "SN-L2"]) {
      await registerDevice(h, serialNumber);
      await licenseCommand(h, "500", {
        type: "AssignDeviceLicense",
        data: { serialNumber, platform: "iOS", at: h.clock.now() },
      });
    }
    // …while Apple lists a third registered device holding one.
    await registerDevice(h, "SN-APPLE");
    h.loc.addForeignAssignment({ adamId: "500", serialNumber: "SN-APPLE" });

    const refused = right(await syncNow(h, "sync-1"));

    expect(refused).toMatchObject({
      status: "succeeded",
      report: { drift: 3, importedDevices: 0 },
      drift: { appleOnlyDevices: 1, ledgerOnlyDevices: 2, importedDevices: 0 },
    });
    expect(imports(await h.events())).toEqual([]);
    const pool = await h.ledger.loadLicense(TENANT, "500");
    expect([...pool.state.devices.keys()].sort()).toEqual(["SN-L1", "SN-L2"]);

    // An admin resolves the drift: one ledger-only license goes back; the next sync imports the device.
    await licenseCommand(h, "500", {
      type: "ReclaimDeviceLicense",
      data: { serialNumber: "SN-L2", reason: "apple-revoked", at: h.clock.now() },
    });
    expect(right(await syncNow(h, "sync-2"))).toMatchObject({
      drift: { appleOnlyDevices: 0, ledgerOnlyDevices: 1, importedDevices: 1 },
    });
  });

  it("R9, R20: a user-licensed pool imports no device; a user's Apple-only license stays drift", async () => {
    const h = await seeded();
    await poolOf(h, "600", 5, "user");
    await registerDevice(h, "SN-1");
    h.loc.addForeignAssignment({ adamId: "600", serialNumber: "SN-1" });
    h.loc.addForeignAssignment({ adamId: "600", clientUserId: "u-accepted" });

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({
      report: { assignments: 2, drift: 2, importedDevices: 0 },
      drift: { appleOnly: 1, appleOnlyDevices: 1, importedDevices: 0 },
    });
    expect(imports(await h.events())).toEqual([]);
  });
});
