import { Holders } from "../license/holders.js";
import type { Failure, SyncReport } from "./events.js";
import type { TokenHealth } from "./token-health.js";

/** The linked Apple location and its current token (never the secret). */
export interface AccountLink {
  readonly orgName: string;
  readonly tokenName: string;
  readonly appleId: string;
  readonly fingerprint: string;
  readonly expiresAt: string;
  readonly linkedAt: string;
  /** Last token upload or renewal (R4 "last updated"). */
  readonly updatedAt: string;
  /** Set when Apple reported this token revoked; cleared by a renewal. */
  readonly revokedAt: string | null;
}

/** Where the account's syncs stand (R7). */
export interface SyncStatus {
  readonly running: {
    readonly syncId: string;
    readonly trigger: "manual" | "schedule";
    readonly startedAt: string;
  } | null;
  readonly lastStartedAt: string | null;
  readonly lastSucceededAt: string | null;
  readonly lastReport: SyncReport | null;
  readonly lastFailure: (Failure & { readonly at: string }) | null;
}

/** A user's VPP terms status (R15). Users never invited are simply absent. */
export type TermsStatus = "invited" | "accepted" | "retired";

/** A registered device's status (R20, R21). */
export type DeviceStatus = "registered" | "retired";

/** State of one tenant's VPP account. */
export interface VppAccountState {
  readonly link: AccountLink | null;
  /** Another MDM holding the location (R6), until an admin restores ownership. */
  readonly claimedBy: { readonly mdmId: string; readonly mdmName: string; readonly at: string } | null;
  readonly sync: SyncStatus;
  readonly users: ReadonlyMap<string, TermsStatus>;
  /**
   * Devices the host registered (R20), by serial number: `registered`, or `retired` once it left (R21). The sync
   * counts Apple's assignments of registered devices as ours, the others as foreign (R9).
   */
  readonly devices: ReadonlyMap<string, DeviceStatus>;
  /** The token's health as last recorded (R23); `ok` until a check records another state. */
  readonly tokenHealth: TokenHealth;
}

/** The account before any event. */
export const initialVppAccountState: VppAccountState = {
  link: null,
  claimedBy: null,
  sync: { running: null, lastStartedAt: null, lastSucceededAt: null, lastReport: null, lastFailure: null },
  users: Holders.empty,
  devices: Holders.empty,
  tokenHealth: "ok",
};
