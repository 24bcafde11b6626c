import * as t from "io-ts";
import { Failure } from "../account/events.js";
import { decodeMessage, Identifier, messageCodec, NonNegativeInt } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { DeploymentAction, ReclaimReason } from "./events.js";
import { Platform, PoolMetadataFields } from "./pool.js";
import {
  DeviceReclaimReason,
  Licensing,
  RevokeReason,
  RevokeScope,
  SerialNumber,
  ThresholdPercent,
} from "./terms.js";

/**
 * Record Apple's purchased (total) count for the app, from a sync or an ASSET_COUNT notification, with the
 * asset's metadata when the caller has it (a sync does; a notification does not, and leaves it as it was).
 */
export const SyncPurchasedCount = messageCodec(
  "SyncPurchasedCount",
  { purchased: NonNegativeInt, at: IsoDateTime },
  PoolMetadataFields,
);
/**
 * Set how the app is deployed: required, available, or uninstall (R12, R14), and whether it licenses users or
 * devices (R20; left out, the licensing stays as it was: users at first).
 */
export const DeployApp = messageCodec(
  "DeployApp",
  { action: DeploymentAction, at: IsoDateTime },
  { licensing: Licensing },
);
/** Record that a user asked to install the app before accepting the VPP terms (R15). Free for license holders. */
export const RequestInstall = messageCodec("RequestInstall", { userId: Identifier, at: IsoDateTime });
/**
 * Consume one license for a user who installs (R12). `termsAccepted` comes from the user's VppAccount terms status
 * (R15); the install workflow fills it in.
 */
export const AssignLicense = messageCodec("AssignLicense", {
  userId: Identifier,
  termsAccepted: t.boolean,
  at: IsoDateTime,
});
/** Return a user's license to the pool (R14: only once the device reported the app uninstalled). */
export const ReclaimLicense = messageCodec("ReclaimLicense", {
  userId: Identifier,
  reason: ReclaimReason,
  at: IsoDateTime,
});
/** Record that a device reported the app installed for a user holding a license (R17). */
export const RecordAppInstalled = messageCodec("RecordAppInstalled", { userId: Identifier, at: IsoDateTime });
/** Record that an install failed, with the reason shown to admins (R16, R17). */
export const RecordInstallFailure = messageCodec("RecordInstallFailure", {
  userId: Identifier,
  reason: Failure,
  at: IsoDateTime,
});

/** Consume one license for a device (serial number) the app is deployed to (R20). No VPP invitation. */
export const AssignDeviceLicense = messageCodec("AssignDeviceLicense", {
  serialNumber: SerialNumber,
  platform: Platform,
  at: IsoDateTime,
});
/**
 * Record a license Apple already holds for a registered device of the pool (R9, R20): the sync sends it for an
 * Apple-only assignment of a serial number the host registered. Unlike {@link AssignDeviceLicense} it asks
 * nothing of Apple (the association exists) and needs no platform (Apple's assignments do not name it).
 */
export const ImportDeviceLicense = messageCodec("ImportDeviceLicense", {
  serialNumber: SerialNumber,
  at: IsoDateTime,
});
/** Return a device's license to the pool (R14 uninstall, R21 device retired, wiped, unenrolled or moved). */
export const ReclaimDeviceLicense = messageCodec("ReclaimDeviceLicense", {
  serialNumber: SerialNumber,
  reason: DeviceReclaimReason,
  at: IsoDateTime,
});
/** Move a user's license to the user's device (user → device licensing, R21), in one step. */
export const MoveLicenseToDevice = messageCodec("MoveLicenseToDevice", {
  userId: Identifier,
  serialNumber: SerialNumber,
  platform: Platform,
  at: IsoDateTime,
});
/** An admin revokes every license of this pool, with a reason (R22); `scope` says whether for the location or the app. */
export const RevokeAllLicenses = messageCodec("RevokeAllLicenses", {
  scope: RevokeScope,
  reason: RevokeReason,
  at: IsoDateTime,
});

/**
 * Record the pool's use level if it crossed the threshold, ran out or went back below (R23). The alerts
 * reactor sends it with the host's threshold (default 90).
 */
export const RecordPoolUsage = messageCodec("RecordPoolUsage", {
  thresholdPercent: ThresholdPercent,
  at: IsoDateTime,
});

/** Every License command. */
export type LicenseCommand =
  | t.TypeOf<typeof SyncPurchasedCount>
  | t.TypeOf<typeof DeployApp>
  | t.TypeOf<typeof RequestInstall>
  | t.TypeOf<typeof AssignLicense>
  | t.TypeOf<typeof ReclaimLicense>
  | t.TypeOf<typeof RecordAppInstalled>
  | t.TypeOf<typeof RecordInstallFailure>
  | t.TypeOf<typeof AssignDeviceLicense>
  | t.TypeOf<typeof ImportDeviceLicense>
  | t.TypeOf<typeof ReclaimDeviceLicense>
  | t.TypeOf<typeof MoveLicenseToDevice>
  | t.TypeOf<typeof RevokeAllLicenses>
  | t.TypeOf<typeof RecordPoolUsage>;

/** Codec of each License command, by type. */
export const licenseCommandCodecs = {
  SyncPurchasedCount,
  DeployApp,
  RequestInstall,
  AssignLicense,
  ReclaimLicense,
  RecordAppInstalled,
  RecordInstallFailure,
  AssignDeviceLicense,
  ImportDeviceLicense,
  ReclaimDeviceLicense,
  MoveLicenseToDevice,
  RevokeAllLicenses,
  RecordPoolUsage,
} as const;

/** Decodes untrusted input into a License command, naming the failing field or the unknown type. */
export const decodeLicenseCommand = decodeMessage<LicenseCommand>(licenseCommandCodecs, "License command");
