import type { LedgerEvent } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { InMemorySyncCursorStore, type SyncWarning, syncAccount } from "../../src/index.js";
import { HOUR } from "./support/clock.js";
import {
  DEVICE_APP as APP,
  devicesInLedger,
  licenseDeviceInLedger as licenseInLedger,
  registerDevice as register,
  withDeviceApp,
} from "./support/devices.js";
import { right, TENANT, typesOf } from "./support/harness.js";
import { accountCommand } from "./support/ledger-fixtures.js";
import { syncNow } from "./support/scenario.js";

const deviceEventsAfter = (events: ReadonlyArray<LedgerEvent>, before: number) =>
  typesOf(events.slice(before)).filter((type) => type.startsWith("Device") || type.includes("License"));

describe("syncAccount: device assignments (issue 11 item 5)", () => {
  it("R9: registered devices' assignments are ours: Apple-only ones imported (not a retired one's), ledger-only reported; other serial numbers stay foreign", async () => {
    const h = await withDeviceApp();
    await licenseInLedger(h, "SN-BOTH");
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-BOTH" });
    // Only the ledger: perhaps an association still on its way to Apple.
    await licenseInLedger(h, "SN-LEDGER");
    // Only Apple, for devices the host registered: imported; one since retired stays "apple-only device" drift.
    await register(h, "SN-APPLE");
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-APPLE" });
    await register(h, "SN-RETIRED");
    await accountCommand(h, {
      type: "RetireDevice",
      data: { serialNumber: "SN-RETIRED", reason: "device-wiped", at: h.clock.now() },
    });
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-RETIRED" });
    // Another MDM's device, and a serial number outside the ledger's grammar (R24).
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-FOREIGN" });
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "bad serial!" });
    const warnings: SyncWarning[] = [];
    const before = (await h.events()).length;

    const outcome = right(
      await syncAccount(
        { ...h.deps, onWarning: (warning) => warnings.push(warning) },
        { tenantId: TENANT, syncId: "sync-1", trigger: "manual", at: h.clock.now() },
      ),
    );

    expect(outcome).toMatchObject({
      status: "succeeded",
      // Ours: SN-BOTH, SN-APPLE, SN-RETIRED. Foreign: f-1's two, SN-FOREIGN and the rejected serial.
      report: { assignments: 3, ignoredForeignAssignments: 4, drift: 2, rejectedIds: 1, importedDevices: 1 },
      drift: { appleOnly: 0, ledgerOnly: 0, appleOnlyDevices: 1, ledgerOnlyDevices: 1, importedDevices: 1 },
      rejected: { assignments: 1 },
    });
    expect(warnings).toEqual([
      expect.objectContaining({ source: "assignments", field: "serialNumber", count: 1 }),
    ]);
    // SN-APPLE imported; the ledger-only license is reported, never reclaimed.
    expect(deviceEventsAfter(await h.events(), before)).toEqual(["DeviceLicenseImported"]);
    expect(await devicesInLedger(h)).toEqual(["SN-APPLE", "SN-BOTH", "SN-LEDGER"]);
  });

  it("R9: a serial number that is also the id of one of our users is not taken for the user", async () => {
    const h = await withDeviceApp();
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "u-accepted" });

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({
      report: { assignments: 0, ignoredForeignAssignments: 3, drift: 0 },
      drift: { appleOnly: 0, appleOnlyDevices: 0 },
    });
  });

  it("reads in full when Apple counts fewer assignments of an app than its pool has device holders", async () => {
    const h = await withDeviceApp();
    const cursors = new InMemorySyncCursorStore();
    const deps = { ...h.deps, cursors };
    await licenseInLedger(h, "SN-BOTH");
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-BOTH" });
    const sync = (syncId: string) =>
      syncAccount(deps, { tenantId: TENANT, syncId, trigger: "manual", at: h.clock.now() });
    expect(right(await sync("sync-1"))).toMatchObject({ drift: { ledgerOnlyDevices: 0 } });

    await register(h, "SN-APPLE");
    h.loc.addForeignAssignment({ adamId: APP, serialNumber: "SN-APPLE" });
    h.clock.advance(HOUR);
    // Incremental: Apple's new assignment of a registered device is found and imported (2 >= 1: counts agree).
    expect(right(await sync("sync-2"))).toMatchObject({
      reads: { mode: "incremental" },
      drift: { appleOnlyDevices: 0, importedDevices: 1, ledgerOnlyDevices: 0 },
    });

    await licenseInLedger(h, "SN-L1");
    await licenseInLedger(h, "SN-L2");
    h.clock.advance(HOUR);
    // Apple counts 2 assignments of the app, the pool holds 4 devices: only a full read tells which.
    expect(right(await sync("sync-3"))).toMatchObject({
      reads: { mode: "full", reason: "counts-disagree" },
      drift: { appleOnlyDevices: 0, importedDevices: 0, ledgerOnlyDevices: 2 },
    });
  });
});
