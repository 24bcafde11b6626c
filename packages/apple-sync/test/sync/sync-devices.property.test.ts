import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEVICE_APP,
  devicesInLedger,
  licenseDeviceInLedger,
  registerDevice,
  withDeviceApp,
} from "./support/devices.js";
import { right } from "./support/harness.js";
import { syncNow } from "./support/scenario.js";

/** One device: whether the host registered it, the ledger's pool holds it, and Apple lists its assignment. */
const device = fc
  .record({ registered: fc.boolean(), held: fc.boolean(), listed: fc.boolean() })
  .map((d) => ({ ...d, held: d.registered && d.held }));

const count = <A>(items: ReadonlyArray<A>, test: (item: A) => boolean) => items.filter(test).length;

describe("syncAccount: device assignments, property", () => {
  it("R9: over any mix of registered, held and listed devices, Apple's side is imported and the ledger's reported", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(device, { maxLength: 8 }), async (devices) => {
        const h = await withDeviceApp();
        const serial = (i: number) => `SN-${i}`;
        for (const [i, d] of devices.entries()) {
          if (d.held) await licenseDeviceInLedger(h, serial(i));
          else if (d.registered) await registerDevice(h, serial(i));
          if (d.listed) h.loc.addForeignAssignment({ adamId: DEVICE_APP, serialNumber: serial(i) });
        }
        // The pool (10 licenses) has room for every registered device Apple lists: each is imported.
        const heldAfter = devices.flatMap((d, i) =>
          d.held || (d.registered && d.listed) ? [serial(i)] : [],
        );

        const outcome = right(await syncNow(h, "sync-1"));

        const importedDevices = count(devices, (d) => d.registered && d.listed && !d.held);
        const ledgerOnlyDevices = count(devices, (d) => d.held && !d.listed);
        expect(outcome).toMatchObject({
          status: "succeeded",
          report: {
            assignments: count(devices, (d) => d.registered && d.listed),
            // f-1's two assignments (see `seeded`) and every unregistered device Apple lists.
            ignoredForeignAssignments: 2 + count(devices, (d) => !d.registered && d.listed),
            drift: ledgerOnlyDevices,
            importedDevices,
          },
          drift: { appleOnly: 0, ledgerOnly: 0, appleOnlyDevices: 0, ledgerOnlyDevices, importedDevices },
        });
        // The pool holds what it held plus what it imported; a second sync finds nothing more to do.
        expect(await devicesInLedger(h)).toEqual(heldAfter.sort());
        expect(right(await syncNow(h, "sync-2"))).toMatchObject({
          report: { drift: ledgerOnlyDevices, importedDevices: 0 },
        });
      }),
      { numRuns: 15 },
    );
  });
});
