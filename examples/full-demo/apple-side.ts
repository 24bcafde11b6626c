import { type AppleSimulator, type SimLocation, startAppleSimulator } from "@vpp-ledger/apple-simulator";
import type { DemoClock } from "./demo-clock.js";

/** The apps the school bought on Apple Business Manager (adamIds of the App Store). */
export const APPS = {
  pages: { adamId: "361309726", name: "Pages", licenses: 2 },
  keynote: { adamId: "361285480", name: "Keynote", licenses: 5 },
  /** Bought for the classroom carts: Apple lets it be licensed to devices (serial numbers) on iPad and Mac. */
  numbers: { adamId: "361304891", name: "Numbers", licenses: 10, platforms: ["iOS", "macOS"] },
  swiftPlaygrounds: { adamId: "908519492", name: "Swift Playgrounds (free)" },
} as const;

/** Who runs the other MDM product that shares the school's Apple location. */
export const OTHER_MDM = { id: "other-mdm-7", name: "Other MDM", metadata: "mdm.other.example" };

/** Apple's side of the story: the simulator and the school's location. */
export interface AppleSide {
  readonly sim: AppleSimulator;
  readonly loc: SimLocation;
}

/**
 * Starts the Apple simulator on 127.0.0.1 (ephemeral port), on the demo clock, with the school's location: three
 * paid apps (one device-assignable on iOS and macOS only), one free app (Apple reports 2147483647 licenses), and a user and a license that another MDM
 * created there, which this product must never import (R9).
 */
export const startAppleSide = async (clock: DemoClock): Promise<AppleSide> => {
  const sim = await startAppleSimulator({
    now: () => new Date(clock.now()),
    // Notifications retried in milliseconds, as on a local network; Apple waits minutes.
    notificationRetryDelaysMs: [20, 50],
  });
  const loc = sim.addLocation({
    orgName: "Lycée Voltaire",
    locationName: "Main campus",
    expiresAt: "2027-11-20T10:00:00Z",
  });
  loc.addAsset({ adamId: APPS.pages.adamId, totalCount: APPS.pages.licenses });
  loc.addAsset({ adamId: APPS.keynote.adamId, totalCount: APPS.keynote.licenses });
  loc.addAsset({
    adamId: APPS.numbers.adamId,
    totalCount: APPS.numbers.licenses,
    deviceAssignable: true,
    supportedPlatforms: APPS.numbers.platforms,
  });
  loc.addAsset({ adamId: APPS.swiftPlaygrounds.adamId, totalCount: 0, free: true });
  loc.addForeignUser({ clientUserId: "other-mdm-user-1", status: "Associated" });
  loc.addForeignAssignment({ adamId: APPS.keynote.adamId, clientUserId: "other-mdm-user-1" });
  return { sim, loc };
};

/** Apple's counts of one app: what the ledger's pool must agree with. */
export const appleCounts = (loc: SimLocation, adamId: string) => {
  const asset = loc.state().assets.find((a) => a.adamId === adamId);
  if (!asset) throw new Error(`Apple has no asset ${adamId}`);
  return { total: asset.totalCount, assigned: asset.assignedCount, available: asset.availableCount };
};

/** Who Apple lists as holding a license of one app: users (clientUserIds) and devices (serial numbers), sorted. */
export const appleHolders = (loc: SimLocation, adamId: string) => {
  const assignments = loc.state().assignments.filter((a) => a.adamId === adamId);
  const ids = (pick: (a: (typeof assignments)[number]) => string | undefined) =>
    assignments.flatMap((a) => pick(a) ?? []).sort();
  return { users: ids((a) => a.clientUserId), devices: ids((a) => a.serialNumber) };
};
