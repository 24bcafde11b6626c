import * as t from "io-ts";
import { Failure } from "../account/events.js";
import { Identifier, messageCodec, NonNegativeInt } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { Platform, PoolMetadataFields } from "./pool.js";
import {
  DeviceReclaimReason,
  Licensing,
  RevokeReason,
  RevokeScope,
  SerialNumber,
  ThresholdPercent,
  UsageLevel,
} from "./terms.js";

/** How an app is deployed to users. `uninstall` removes it and, once devices report, frees licenses (R14). */
export const DeploymentAction = t.keyof({ required: null, available: null, uninstall: null });
/** See {@link DeploymentAction}. */
export type DeploymentAction = t.TypeOf<typeof DeploymentAction>;

/** Why a license went back to the pool. */
export const ReclaimReason = t.keyof({
  /** The device reported the app uninstalled (R14). */
  "app-uninstalled": null,
  /** The user was retired from the VPP program. */
  "user-retired": null,
  /** Apple refused the association (e.g. 9709): the compensation that keeps the ledger honest. */
  "apple-refused": null,
  /** Apple no longer lists the assignment (revoked or removed outside this product). */
  "apple-revoked": null,
  /** The user's license moved to the user's device, which already held one (R21): Apple disassociates the user. */
  "moved-to-device": null,
});
/** See {@link ReclaimReason}. */
export type ReclaimReason = t.TypeOf<typeof ReclaimReason>;

/**
 * Apple's purchased count or the asset's metadata changed (R11); `previous` is the count the ledger knew. The
 * metadata fields appear only when they change (and never in events recorded before they existed).
 */
export const PurchasedCountSynced = messageCodec(
  "PurchasedCountSynced",
  { purchased: NonNegativeInt, previous: NonNegativeInt, at: IsoDateTime },
  PoolMetadataFields,
);
/** Apple's count fell below the licenses assigned (refund, transfer): reported, and no new assignment (R16). */
export const OverAllocationDetected = messageCodec("OverAllocationDetected", {
  purchased: NonNegativeInt,
  assigned: NonNegativeInt,
  at: IsoDateTime,
});
/**
 * The app's deployment action was set (R12, R14), and with `licensing` whether it licenses users or devices (R20);
 * without it, the licensing stays what it was (users for events recorded before devices existed).
 */
export const AppDeployed = messageCodec(
  "AppDeployed",
  { action: DeploymentAction, at: IsoDateTime },
  { licensing: Licensing },
);
/** A user asked to install the app; the license waits for the user's VPP terms (R15). */
export const InstallRequested = messageCodec("InstallRequested", { userId: Identifier, at: IsoDateTime });
/** One license of the pool now belongs to the user (R12). */
export const LicenseAssigned = messageCodec("LicenseAssigned", { userId: Identifier, at: IsoDateTime });
/** The user's license went back to the pool (R14). */
export const LicenseReclaimed = messageCodec("LicenseReclaimed", {
  userId: Identifier,
  reason: ReclaimReason,
  at: IsoDateTime,
});
/** A device reported the app installed for the user (R17). */
export const AppInstalled = messageCodec("AppInstalled", { userId: Identifier, at: IsoDateTime });
/** An install could not proceed, with its reason, e.g. `no-license-available` (R16, R17). */
export const InstallFailed = messageCodec("InstallFailed", {
  userId: Identifier,
  reason: Failure,
  at: IsoDateTime,
});

/** One license of the pool now belongs to the device; no VPP invitation is involved (R20). */
export const DeviceLicenseAssigned = messageCodec("DeviceLicenseAssigned", {
  serialNumber: SerialNumber,
  platform: Platform,
  at: IsoDateTime,
});
/**
 * Apple already held a license of the pool for a device the host registered, made outside this product's
 * delivery (by the host's MDM before the ledger, or by hand): the sync recorded it (R9: a registered serial
 * number is ours). It counts as a device holder exactly as {@link DeviceLicenseAssigned} does (R13, R16, R18,
 * R19), but asks nothing of Apple: the association exists already. No platform: Apple does not say it.
 */
export const DeviceLicenseImported = messageCodec("DeviceLicenseImported", {
  serialNumber: SerialNumber,
  at: IsoDateTime,
});
/** The device's license went back to the pool (R14, R21). */
export const DeviceLicenseReclaimed = messageCodec("DeviceLicenseReclaimed", {
  serialNumber: SerialNumber,
  reason: DeviceReclaimReason,
  at: IsoDateTime,
});
/**
 * The user's license moved to the user's device in one step (R21, user → device licensing): the count of licenses
 * held is the same before and after, so the pool is never over-assigned in between.
 */
export const LicenseMovedToDevice = messageCodec("LicenseMovedToDevice", {
  userId: Identifier,
  serialNumber: SerialNumber,
  platform: Platform,
  at: IsoDateTime,
});
/** An admin revoked every license of the pool (R22): every user and device listed lost its license. */
export const LicensesRevoked = messageCodec("LicensesRevoked", {
  scope: RevokeScope,
  reason: RevokeReason,
  userIds: t.readonlyArray(Identifier),
  serialNumbers: t.readonlyArray(SerialNumber),
  at: IsoDateTime,
});

/**
 * The pool's use crossed into another level (R23): `threshold` (at least `thresholdPercent` of the purchased
 * licenses held), `exhausted` (none left), or back to `normal`. Recorded once per crossing.
 */
export const PoolUsageChanged = messageCodec("PoolUsageChanged", {
  level: UsageLevel,
  previous: UsageLevel,
  assigned: NonNegativeInt,
  purchased: NonNegativeInt,
  thresholdPercent: ThresholdPercent,
  at: IsoDateTime,
});

/** Every License event. */
export type LicenseEvent =
  | t.TypeOf<typeof PurchasedCountSynced>
  | t.TypeOf<typeof OverAllocationDetected>
  | t.TypeOf<typeof AppDeployed>
  | t.TypeOf<typeof InstallRequested>
  | t.TypeOf<typeof LicenseAssigned>
  | t.TypeOf<typeof LicenseReclaimed>
  | t.TypeOf<typeof AppInstalled>
  | t.TypeOf<typeof InstallFailed>
  | t.TypeOf<typeof DeviceLicenseAssigned>
  | t.TypeOf<typeof DeviceLicenseImported>
  | t.TypeOf<typeof DeviceLicenseReclaimed>
  | t.TypeOf<typeof LicenseMovedToDevice>
  | t.TypeOf<typeof LicensesRevoked>
  | t.TypeOf<typeof PoolUsageChanged>;

/** Codec of each License event, by type. */
export const licenseEventCodecs = {
  PurchasedCountSynced,
  OverAllocationDetected,
  AppDeployed,
  InstallRequested,
  LicenseAssigned,
  LicenseReclaimed,
  AppInstalled,
  InstallFailed,
  DeviceLicenseAssigned,
  DeviceLicenseImported,
  DeviceLicenseReclaimed,
  LicenseMovedToDevice,
  LicensesRevoked,
  PoolUsageChanged,
} as const;
