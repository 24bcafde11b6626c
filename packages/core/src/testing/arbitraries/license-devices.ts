import fc from "fast-check";
import type { LicenseCommand } from "../../license/commands.js";
import type { LicenseEvent } from "../../license/events.js";
import type { Platform } from "../../license/pool.js";
import type { DeviceReclaimReason, Licensing, RevokeScope, UsageLevel } from "../../license/terms.js";
import { isoDateTimeArb, type Untimed } from "./time.js";
import { boundedStringArb, identifierArb } from "./values.js";

/** A small pool of serial numbers, so random sequences keep hitting the same devices. */
export const devicePool = (size = 4): ReadonlyArray<string> =>
  Array.from({ length: size }, (_, index) => `SERIAL${index + 1}`);

/** Every platform Apple lists. */
export const platformArb: fc.Arbitrary<Platform> = fc.constantFrom(
  "iOS",
  "macOS",
  "tvOS",
  "watchOS",
  "visionOS",
);

/** Every reason a device's license is reclaimed. */
export const deviceReclaimReasonArb: fc.Arbitrary<DeviceReclaimReason> = fc.constantFrom(
  "app-uninstalled",
  "device-retired",
  "device-wiped",
  "device-unenrolled",
  "device-moved",
  "apple-refused",
  "apple-revoked",
);

/** Both revoke scopes. */
export const revokeScopeArb: fc.Arbitrary<RevokeScope> = fc.constantFrom("location", "app");
/** Every pool use level. */
export const usageLevelArb: fc.Arbitrary<UsageLevel> = fc.constantFrom("normal", "threshold", "exhausted");
/** Both licensing modes. */
export const licensingArb: fc.Arbitrary<Licensing> = fc.constantFrom("user", "device");

/**
 * Device commands over small user and device pools, weighted so devices, imports of Apple's own assignments, moves
 * and revocations interleave with user assignments. Platforms are mostly iOS, so the platform check both passes and refuses.
 */
export const untimedDeviceCommandArbs = (
  users: ReadonlyArray<string>,
  devices: ReadonlyArray<string>,
): ReadonlyArray<fc.WeightedArbitrary<Untimed<LicenseCommand>>> => {
  const serialNumber = fc.constantFrom(...devices);
  const userId = fc.constantFrom(...users);
  const platform = fc.oneof({ weight: 4, arbitrary: fc.constant<Platform>("iOS") }, platformArb);
  return [
    {
      weight: 5,
      arbitrary: fc
        .record({ serialNumber, platform })
        .map((data) => ({ type: "AssignDeviceLicense" as const, data })),
    },
    {
      weight: 2,
      arbitrary: serialNumber.map((serial) => ({
        type: "ImportDeviceLicense" as const,
        data: { serialNumber: serial },
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ serialNumber, reason: deviceReclaimReasonArb })
        .map((data) => ({ type: "ReclaimDeviceLicense" as const, data })),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ userId, serialNumber, platform })
        .map((data) => ({ type: "MoveLicenseToDevice" as const, data })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(50, 90, 100)
        .map((thresholdPercent) => ({ type: "RecordPoolUsage" as const, data: { thresholdPercent } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ scope: revokeScopeArb, reason: fc.constantFrom("contract ended", "audit") })
        .map((data) => ({ type: "RevokeAllLicenses" as const, data })),
    },
  ];
};

const event = <T extends LicenseEvent["type"], D>(type: T, data: fc.Arbitrary<D>) =>
  data.map((d) => ({ type, data: d }));

/** One arbitrary per device event type, with any values the codecs accept: for codec round trips. */
export const deviceEventArbs = {
  DeviceLicenseAssigned: event(
    "DeviceLicenseAssigned",
    fc.record({ serialNumber: identifierArb, platform: platformArb, at: isoDateTimeArb }),
  ),
  DeviceLicenseImported: event(
    "DeviceLicenseImported",
    fc.record({ serialNumber: identifierArb, at: isoDateTimeArb }),
  ),
  DeviceLicenseReclaimed: event(
    "DeviceLicenseReclaimed",
    fc.record({ serialNumber: identifierArb, reason: deviceReclaimReasonArb, at: isoDateTimeArb }),
  ),
  LicenseMovedToDevice: event(
    "LicenseMovedToDevice",
    fc.record({
      userId: identifierArb,
      serialNumber: identifierArb,
      platform: platformArb,
      at: isoDateTimeArb,
    }),
  ),
  LicensesRevoked: event(
    "LicensesRevoked",
    fc.record({
      scope: revokeScopeArb,
      reason: boundedStringArb(500),
      userIds: fc.array(identifierArb, { maxLength: 5 }),
      serialNumbers: fc.array(identifierArb, { maxLength: 5 }),
      at: isoDateTimeArb,
    }),
  ),
  PoolUsageChanged: event(
    "PoolUsageChanged",
    fc.record({
      level: usageLevelArb,
      previous: usageLevelArb,
      assigned: fc.maxSafeNat(),
      purchased: fc.maxSafeNat(),
      thresholdPercent: fc.integer({ min: 1, max: 100 }),
      at: isoDateTimeArb,
    }),
  ),
} satisfies {
  readonly [K in
    | "DeviceLicenseAssigned"
    | "DeviceLicenseImported"
    | "DeviceLicenseReclaimed"
    | "LicenseMovedToDevice"
    | "LicensesRevoked"
    | "PoolUsageChanged"]: fc.Arbitrary<Extract<LicenseEvent, { type: K }>>;
};
