import * as t from "io-ts";
import { Failure } from "../account/events.js";
import { decodeMessage, Identifier, messageCodec, NonNegativeInt } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { DeploymentAction, ReclaimReason } from "./events.js";
import { PoolMetadataFields } from "./pool.js";

/**
 * Record Apple's purchased (total) count for the app, from a sync or an ASSET_COUNT notification, with the
 * asset's metadata when the caller has it (a sync does; a notification does not, and leaves it as it was).
 */
export const SyncPurchasedCount = messageCodec(
  "SyncPurchasedCount",
  { purchased: NonNegativeInt, at: IsoDateTime },
  PoolMetadataFields,
);
/** Set how the app is deployed: required, available, or uninstall (R12, R14). */
export const DeployApp = messageCodec("DeployApp", { action: DeploymentAction, at: IsoDateTime });
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

/** Every License command. */
export type LicenseCommand =
  | t.TypeOf<typeof SyncPurchasedCount>
  | t.TypeOf<typeof DeployApp>
  | t.TypeOf<typeof RequestInstall>
  | t.TypeOf<typeof AssignLicense>
  | t.TypeOf<typeof ReclaimLicense>
  | t.TypeOf<typeof RecordAppInstalled>
  | t.TypeOf<typeof RecordInstallFailure>;

/** Codec of each License command, by type. */
export const licenseCommandCodecs = {
  SyncPurchasedCount,
  DeployApp,
  RequestInstall,
  AssignLicense,
  ReclaimLicense,
  RecordAppInstalled,
  RecordInstallFailure,
} as const;

/** Decodes untrusted input into a License command, naming the failing field or the unknown type. */
export const decodeLicenseCommand = decodeMessage<LicenseCommand>(licenseCommandCodecs, "License command");
