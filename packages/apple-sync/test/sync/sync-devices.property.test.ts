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
  it("R9: over any mix of registered, held and listed devices, drift is exactly the two set differences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(device, { maxLength: 8 }), async (devices) => {
        const h = await withDeviceApp();
        const serial = (i: number) => `SN-${i}`;
        for (const [i, d] of devices.entries()) {
          if (d.held) await licenseDeviceInLedger(h, serial(i));
          else if (d.registered) await registerDevice(h, serial(i));
          if (d.listed) h.loc.addForeignAssignment({ adamId: DEVICE_APP, serialNumber: serial(i) });
        }
        const held = devices.flatMap((d, i) => (d.held ? [serial(i)] : [])).sort();

        const outcome = right(await syncNow(h, "sync-1"));

        const appleOnlyDevices = count(devices, (d) => d.registered && d.listed && !d.held);
        const ledgerOnlyDevices = count(devices, (d) => d.held && !d.listed);
        expect(outcome).toMatchObject({
          status: "succeeded",
          report: {
            assignments: count(devices, (d) => d.registered && d.listed),
            // f-1's two assignments (see `seeded`) and every unregistered device Apple lists.
            ignoredForeignAssignments: 2 + count(devices, (d) => !d.registered && d.listed),
            drift: appleOnlyDevices + ledgerOnlyDevices,
          },
          drift: { appleOnly: 0, ledgerOnly: 0, appleOnlyDevices, ledgerOnlyDevices },
        });
        // Reported only: the pool holds what it held.
        expect(await devicesInLedger(h)).toEqual(held);
      }),
      { numRuns: 15 },
    );
  });
});
