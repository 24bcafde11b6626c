import { licenseDevice, type Platform, requestInstall } from "@vpp-ledger/core";
import { APPS, type AppleSide, appleHolders } from "./apple-side.js";
import type { DemoClock } from "./demo-clock.js";
import type { DemoHost } from "./host.js";
import { appleLine, ledgerLine } from "./pool-lines.js";
import { printSync } from "./story-checks.js";
import {
  ADMIN,
  by,
  describeDelivery,
  describeDeviceLicense,
  describeInstall,
  must,
  say,
} from "./story-kit.js";

/** What the device step needs from the story around it. */
export interface DeviceStory {
  readonly tenantId: string;
  readonly host: DemoHost;
  readonly apple: AppleSide;
  readonly clock: DemoClock;
  /** The devices Apple confirmed a license of an app for (the host's `onDeviceAssociated`). */
  readonly confirmedDevices: (adamId: string) => ReadonlyArray<string>;
}

const NUMBERS = APPS.numbers.adamId;
/** The classroom cart: eight iPads that belong to no one. */
const CART = Array.from({ length: 8 }, (_, i) => `CART-IPAD-0${i + 1}`);
/** Alice's own iPad, and the hall's Apple TV (a platform Numbers does not run on). */
const ALICE_IPAD = "ALICE-IPAD";
const HALL_TV = "HALL-APPLETV";
/** A lab Mac the school's previous MDM licensed at Apple before the ledger existed. */
const LAB_MAC = "LAB-MAC-01";

/**
 * A device-licensed deployment next to Pages' user-licensed one (R20): Numbers, deployed to users first, switches
 * to device licensing as Intune does for required apps, alice's license moves to her iPad in one step (R21), the
 * cart's iPads check in and get licenses, an Apple TV is refused, the pool crosses 90% (R23), and a wiped iPad's
 * license is reclaimed by the licensing reactor and freed at Apple (R21), and the sync imports a lab Mac's license
 * the previous MDM made (R9). Apple's counts are read after delivery.
 */
export const deviceLicensingStep = async (story: DeviceStory): Promise<void> => {
  const { tenantId, host, apple, clock } = story;
  const { ledger } = host;
  const deploy = async (licensing: "user" | "device") =>
    must(
      await ledger.license(
        tenantId,
        NUMBERS,
        { type: "DeployApp", data: { action: "required", licensing, at: clock.now() } },
        by(),
      ),
    );
  const checkIn = async (serialNumber: string, platform: Platform, fromUserId?: string) =>
    describeDeviceLicense(
      must(
        await licenseDevice(
          ledger,
          {
            tenantId,
            adamId: NUMBERS,
            serialNumber,
            platform,
            ...(fromUserId === undefined ? {} : { fromUserId }),
            at: clock.now(),
          },
          by({ kind: "device", id: serialNumber }),
        ),
      ),
    );
  const compare = async () => {
    const { users, devices } = appleHolders(apple.loc, NUMBERS);
    say(
      `   Numbers at Apple: ${appleLine(apple.loc, NUMBERS)}: users ${users.join(", ") || "none"}; ` +
        `serial numbers ${devices.join(", ") || "none"}`,
    );
    say(`   Numbers in the ledger: ${await ledgerLine(ledger, tenantId, NUMBERS)}`);
  };

  clock.set("2026-11-26T10:20:00Z");
  say(
    "10. Numbers (10 licenses, device-assignable on iOS and macOS) goes to devices, next to Pages' users (R20).",
  );
  await deploy("user");
  const alice = must(
    await requestInstall(
      ledger,
      { tenantId, adamId: NUMBERS, userId: "alice", at: clock.now() },
      by({ kind: "device", id: "alice-ipad" }),
    ),
  );
  say(`   deployed to users first; alice (user license): ${describeInstall(alice)}`);
  const first = await host.deliver();
  say(`   outbound: ${first.delivered} association at Apple ${describeDelivery(first)}`);

  clock.set("2026-11-26T10:30:00Z");
  say(
    "   The admin switches Numbers to device licensing; each device checks in (no invitation, no Apple ID).",
  );
  await deploy("device");
  say(
    `   ${ALICE_IPAD} takes alice's license (MoveLicenseToDevice, R21): ${await checkIn(ALICE_IPAD, "iOS", "alice")}`,
  );
  const cart = new Map<string, string[]>();
  for (const serial of CART) {
    const outcome = await checkIn(serial, "iOS");
    cart.set(outcome, [...(cart.get(outcome) ?? []), serial]);
  }
  for (const [outcome, serials] of cart) say(`   the cart's iPads ${serials.join(", ")}: ${outcome}`);
  say(`   ${CART[0]} checks in again (R13): ${await checkIn(CART[0] as string, "iOS")}`);
  say(`   ${HALL_TV} (tvOS): ${await checkIn(HALL_TV, "tvOS")}`);
  const licensed = await host.deliver();
  say(`   outbound: ${licensed.delivered} changes at Apple ${describeDelivery(licensed)}`);
  const confirmed = story.confirmedDevices(NUMBERS);
  say(`   Apple confirmed ${confirmed.length} devices' licenses: the MDM may send them InstallApplication`);
  await compare();
  await host.react();

  clock.set("2026-11-26T10:40:00Z");
  const wiped = CART[CART.length - 1] as string;
  say(
    `   ${wiped} is wiped; the host reports it (RetireDevice), the licensing reactor reclaims its license (R21).`,
  );
  must(
    await ledger.account(
      tenantId,
      { type: "RetireDevice", data: { serialNumber: wiped, reason: "device-wiped", at: clock.now() } },
      by(),
    ),
  );
  await host.react();
  const pool = (await ledger.loadLicense(tenantId, NUMBERS)).state;
  say(
    `   ${wiped}: ${pool.devices.has(wiped) ? "STILL HOLDS its license (bug)" : "license reclaimed"}; ` +
      `Numbers in the ledger: ${await ledgerLine(ledger, tenantId, NUMBERS)}`,
  );
  const reclaimed = await host.deliver();
  say(`   outbound: ${reclaimed.delivered} disassociation at Apple ${describeDelivery(reclaimed)}`);
  await compare();
  const drift = host.delivery.pendingDisassociations();
  say(`   disassociations Apple has not confirmed (drift): ${drift.length === 0 ? "none" : drift.length}`);
  // Licensed at Apple before the ledger, by the school's previous MDM: ours once the host registers it (R9).
  apple.loc.addForeignAssignment({ adamId: NUMBERS, serialNumber: LAB_MAC });
  const register = { type: "RegisterDevice", data: { serialNumber: LAB_MAC, at: clock.now() } } as const;
  must(await ledger.account(tenantId, register, by()));
  say(
    `   ${LAB_MAC} holds a Numbers license at Apple from the previous MDM; the host registers it (RegisterDevice).`,
  );
  say(
    "   The next sync compares Apple's assignments with the ledger's (R7, R9: registered serial numbers are ours,",
  );
  say("   and their licenses only Apple lists are imported as DeviceLicenseImported).");
  printSync(must(await host.scheduler.syncNow(tenantId, { actor: ADMIN })));
  say(`   Numbers in the ledger: ${await ledgerLine(ledger, tenantId, NUMBERS)}`);
  await host.react();
  const afterImport = await host.deliver();
  say(`   outbound: ${afterImport.delivered} changes at Apple (the import asks nothing of Apple)`);
};
