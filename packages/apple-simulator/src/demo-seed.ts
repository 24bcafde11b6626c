/**
 * The `--seed demo` data: one location with a few apps (one macOS-only, one not device-assignable), a book, a free
 * app and another MDM's leftovers (a user license and a device license).
 */

import type { SimLocation } from "./sim-location.js";
import type { AppleSimulator } from "./simulator.js";

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Adds the demo location and returns it. */
export const seedDemo = (sim: AppleSimulator, now: Date = new Date()): SimLocation => {
  const location = sim.addLocation({
    orgName: "ORG.DEMO",
    locationName: "Demo Location",
    countryISO2ACode: "US",
    expiresAt: new Date(now.getTime() + YEAR_MS).toISOString(),
  });
  location.addAsset({ adamId: "361309726", totalCount: 25 });
  location.addAsset({ adamId: "361304891", totalCount: 10 });
  location.addAsset({ adamId: "408709785", totalCount: 3, pricingParam: "PLUS" });
  location.addAsset({ adamId: "1065900011", productType: "Book", totalCount: 5 });
  location.addAsset({ adamId: "284882215", free: true });
  location.addAsset({ adamId: "1295203466", totalCount: 5, supportedPlatforms: ["macOS"] });
  location.addAsset({
    adamId: "1091189122",
    totalCount: 5,
    deviceAssignable: false,
    supportedPlatforms: ["iOS"],
  });
  // Another MDM's user and license: a sync must ignore them (R9) while the counts still include them.
  location.addForeignUser({
    clientUserId: "other-mdm-user-1",
    email: "someone@other-mdm.example",
    status: "Associated",
  });
  location.addForeignAssignment({ adamId: "361309726", clientUserId: "other-mdm-user-1" });
  location.addForeignAssignment({ adamId: "361304891", serialNumber: "C02OTHERMDM01" });
  return location;
};
