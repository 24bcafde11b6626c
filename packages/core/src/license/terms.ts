import * as t from "io-ts";
import { boundedString, Identifier } from "../shared/codec.js";

/** Whether a deployment licenses users (Apple IDs, after the VPP invitation) or devices (serial numbers) (R20). */
export const Licensing = t.keyof({ user: null, device: null });
/** See {@link Licensing}. */
export type Licensing = t.TypeOf<typeof Licensing>;

/** A device's serial number: the identifier grammar (R24); Apple's serial numbers are ASCII letters and digits. */
export const SerialNumber = Identifier;

/** Why a device's license went back to the pool (R14, R21). */
export const DeviceReclaimReason = t.keyof({
  /** The device reported the app uninstalled (R14). */
  "app-uninstalled": null,
  /** The host retired the device. */
  "device-retired": null,
  /** The host wiped (erased) the device. */
  "device-wiped": null,
  /** The device left management. */
  "device-unenrolled": null,
  /** The device moved to another tenant. */
  "device-moved": null,
  /** Apple refused the association (e.g. 9709): the compensation. */
  "apple-refused": null,
  /** Apple no longer lists the assignment. */
  "apple-revoked": null,
});
/** See {@link DeviceReclaimReason}. */
export type DeviceReclaimReason = t.TypeOf<typeof DeviceReclaimReason>;

/** What an admin's revoke-all covers: the whole location (every pool) or one app (R22). */
export const RevokeScope = t.keyof({ location: null, app: null });
/** See {@link RevokeScope}. */
export type RevokeScope = t.TypeOf<typeof RevokeScope>;

/** The admin's reason for a revocation, kept in the audit trail: 1–500 characters. */
export const RevokeReason = boundedString(500, "RevokeReason");

/** Why a device leaves, as the host reports it (R21): the reclaim reasons a departure gives each pool. */
export const DeviceDeparture = t.keyof({
  "device-retired": null,
  "device-wiped": null,
  "device-unenrolled": null,
  "device-moved": null,
});
/** See {@link DeviceDeparture}. */
export type DeviceDeparture = t.TypeOf<typeof DeviceDeparture>;

/** How full a pool is, for alerts (R23): below the threshold, at or above it, or out of licenses. */
export const UsageLevel = t.keyof({ normal: null, threshold: null, exhausted: null });
/** See {@link UsageLevel}. */
export type UsageLevel = t.TypeOf<typeof UsageLevel>;

/** A whole percentage from 1 to 100: the use at which a pool raises its threshold alert. */
export const ThresholdPercent: t.Type<number, number, unknown> = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 1 && n <= 100,
  "ThresholdPercent(1–100)",
);

/** The alert threshold when the host sets none: 90% of the purchased licenses in use. */
export const DEFAULT_USAGE_THRESHOLD_PERCENT = 90;

/**
 * The level of a pool with `assigned` of `purchased` licenses held: `exhausted` when none is left (or a pool with
 * none purchased holds some), `threshold` from `thresholdPercent` of the purchased count, else `normal`.
 */
export const usageLevel = (assigned: number, purchased: number, thresholdPercent: number): UsageLevel => {
  if (purchased === 0) return assigned > 0 ? "exhausted" : "normal";
  if (assigned >= purchased) return "exhausted";
  return assigned * 100 >= thresholdPercent * purchased ? "threshold" : "normal";
};
