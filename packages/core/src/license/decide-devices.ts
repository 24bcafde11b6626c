import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import {
  type Data,
  type Decision,
  emit,
  none,
  requireDeployed,
  requireFreeLicense,
  requireLicensing,
} from "./decision.js";
import type { Platform } from "./pool.js";
import type { LicenseState } from "./state.js";

/** Refuses device licensing for an asset Apple does not let be assigned to serial numbers (R20, Apple's 9707). */
const requireDeviceAssignable = (state: LicenseState): E.Either<DomainError, void> =>
  state.metadata.deviceAssignable === true
    ? E.right(undefined)
    : E.left(
        domainError(
          "not-device-assignable",
          state.metadata.deviceAssignable === null
            ? "Apple has not said yet whether this app can be licensed to devices; sync the account first"
            : "Apple does not allow this app to be licensed to devices (deviceAssignable is false); license users instead",
          { deviceAssignable: state.metadata.deviceAssignable },
        ),
      );

/** Refuses a device whose platform is not in the app's `supportedPlatforms` (R20). */
const requirePlatform = (state: LicenseState, platform: Platform): E.Either<DomainError, void> => {
  const supported = state.metadata.supportedPlatforms;
  if (supported?.includes(platform)) return E.right(undefined);
  return E.left(
    domainError(
      "platform-not-supported",
      supported === null
        ? "Apple has not listed the platforms this app supports yet; sync the account first"
        : `the app runs on ${supported.join(", ") || "no listed platform"}, not on ${platform}; deploy it to supported devices only`,
      { platform, supported: supported === null ? null : supported.join(",") },
    ),
  );
};

/** Every check a new device license must pass, except the count (a move keeps the count). */
const requireDeviceEligible = (state: LicenseState, platform: Platform): E.Either<DomainError, void> =>
  E.flatMap(requireDeployed(state), () =>
    E.flatMap(requireLicensing(state, "device"), () =>
      E.flatMap(requireDeviceAssignable(state), () => requirePlatform(state, platform)),
    ),
  );

/** `DeployApp`: device licensing needs a device-assignable asset (R20); the rest is recorded as given. */
export const deployApp = (command: Data<"DeployApp">, state: LicenseState): Decision => {
  const licensing = command.licensing ?? state.licensing;
  if (command.action === state.deployment && licensing === state.licensing) return none;
  if (licensing === "device" && command.action !== "uninstall") {
    const assignable = requireDeviceAssignable(state);
    if (E.isLeft(assignable)) return assignable;
  }
  return emit({ type: "AppDeployed", data: command });
};

/** `AssignDeviceLicense`: one license per (app, device) (R13), counted with users' (R16), no invitation (R20). */
export const assignDevice = (command: Data<"AssignDeviceLicense">, state: LicenseState): Decision => {
  if (state.devices.has(command.serialNumber)) return none;
  const eligible = requireDeviceEligible(state, command.platform);
  if (E.isLeft(eligible)) return eligible;
  const free = requireFreeLicense(state);
  if (E.isLeft(free)) return free;
  return emit({ type: "DeviceLicenseAssigned", data: command });
};

/**
 * `ImportDeviceLicense` (R9, R20): records a license Apple already holds for a registered device. Nothing when
 * the device holds one already (R13: a second sync imports nothing). Refused, so the assignment stays reported
 * as Apple-only drift for an admin, when the pool licenses users (`licensing-mode-mismatch`), when Apple says the
 * asset is not device-assignable, and when the pool has no license left (`no-license-available`).
 *
 * Why refuse at the count rather than record an over-allocation: R16 holds at every event of the history and the
 * audit (R19) would name the import as the event that broke it. A pool at its count while Apple lists one more
 * assignment means the ledger and Apple disagree elsewhere (a license the ledger holds that Apple does not list,
 * a purchase Apple has not counted yet); once that drift is resolved, the next sync imports the device. No
 * deployment or platform check: Apple holds the license whatever the ledger's deployment says, and does not name
 * the device's platform.
 */
export const importDevice = (command: Data<"ImportDeviceLicense">, state: LicenseState): Decision => {
  if (state.devices.has(command.serialNumber)) return none;
  const eligible = E.flatMap(requireLicensing(state, "device"), () => requireDeviceAssignable(state));
  if (E.isLeft(eligible)) return eligible;
  const free = requireFreeLicense(state);
  if (E.isLeft(free)) return free;
  return emit({ type: "DeviceLicenseImported", data: command });
};

/** `ReclaimDeviceLicense`: frees the device's license; nothing for a device that holds none. */
export const reclaimDevice = (command: Data<"ReclaimDeviceLicense">, state: LicenseState): Decision =>
  state.devices.has(command.serialNumber) ? emit({ type: "DeviceLicenseReclaimed", data: command }) : none;

/**
 * `MoveLicenseToDevice` (R21): the user's license becomes the device's in one event, so the count never rises in
 * between. A device that already holds one frees the user's alone; a user without a license gets the device a new
 * one under the usual checks; both done already is a retry and records nothing.
 */
export const moveToDevice = (command: Data<"MoveLicenseToDevice">, state: LicenseState): Decision => {
  const { userId, serialNumber, platform, at } = command;
  const userHolds = state.holders.has(userId);
  const deviceHolds = state.devices.has(serialNumber);
  if (deviceHolds) {
    return userHolds
      ? emit({ type: "LicenseReclaimed", data: { userId, reason: "moved-to-device", at } })
      : none;
  }
  if (!userHolds) return assignDevice({ serialNumber, platform, at }, state);
  const eligible = requireDeviceEligible(state, platform);
  if (E.isLeft(eligible)) return eligible;
  return emit({ type: "LicenseMovedToDevice", data: command });
};

/** `RevokeAllLicenses` (R22): one event naming every user and device that loses its license; nothing when none. */
export const revokeAll = (command: Data<"RevokeAllLicenses">, state: LicenseState): Decision => {
  if (state.holders.size === 0 && state.devices.size === 0) return none;
  return emit({
    type: "LicensesRevoked",
    data: {
      scope: command.scope,
      reason: command.reason,
      userIds: [...state.holders.keys()],
      serialNumbers: [...state.devices.keys()],
      at: command.at,
    },
  });
};
