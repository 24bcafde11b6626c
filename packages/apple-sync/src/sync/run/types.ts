import type { Actor, Failure, SyncReport, VppLedger } from "@vpp-ledger/core";
import type { AppleClient } from "../../client/apple-client.js";
import type { FullReadReason, SyncCursorStore } from "./cursor.js";
import type { SyncWarning } from "./sync-warning.js";

/** What a sync needs: the ledger, the account's Apple client (created with this server's `mdmInfo`), a clock. */
export interface SyncDeps {
  readonly ledger: VppLedger;
  readonly client: AppleClient;
  /** The current time as ISO-8601; every command the sync sends is stamped with it (R18). */
  readonly now: () => string;
  /** Told what the sync skipped rather than let into the ledger (ids outside its grammar, R24); must not throw. */
  readonly onWarning?: (warning: SyncWarning) => void;
  /**
   * Where the account's incremental reads resume. Without it every sync reads assignments and users in full;
   * with it, only what changed since the last sync, and in full every `fullSyncEveryMs` or when counts disagree.
   */
  readonly cursors?: SyncCursorStore;
  /** Time between full reads when `cursors` allows incremental ones (default a day). */
  readonly fullSyncEveryMs?: number;
  /**
   * The apps the ledger has pools for in this account (e.g. from the purchased-apps read model). With it, a
   * pool whose app Apple no longer lists is reported as drift (`vanishedApps`); its count is left as it was.
   */
  readonly knownApps?: (tenantId: string) => Promise<Iterable<string>>;
}

/** One sync of one account. */
export interface SyncRequest {
  readonly tenantId: string;
  /** Issued by the caller, unique per sync; re-running a crashed sync with the same id never doubles events. */
  readonly syncId: string;
  readonly trigger: "manual" | "schedule";
  readonly at: string;
  /**
   * Overwrite another MDM's claim on the location. Only after an admin confirmed it (RestoreOwnership, R6):
   * the other product may still be managing the location.
   */
  readonly takeOver?: boolean;
}

/** How a sync is traced and cancelled. */
export interface SyncOptions {
  /** Who asked (R18); default an unnamed admin for `manual`, the scheduler for `schedule`. */
  readonly actor?: Actor;
  /** Aborts the Apple calls in flight; the sync is then recorded as failed. */
  readonly signal?: AbortSignal;
}

/**
 * Assignments on which Apple and the ledger disagree, by side and by holder, as the sync leaves them: reported
 * for an admin, except registered devices' Apple-only assignments, which the sync imports (`importedDevices`).
 */
export interface Drift {
  /** Apple lists an assignment of one of our users that no pool of the ledger holds. */
  readonly appleOnly: number;
  /**
   * A pool holds a user's license Apple does not list (possibly an association still on its way). Counted by full
   * reads only: 0 after an incremental read, which cannot see what Apple no longer lists.
   */
  readonly ledgerOnly: number;
  /**
   * Apple lists an assignment of a device the host registered on the account (`RegisterDevice`) that no pool
   * of the ledger holds and the sync could not import ("apple-only device"): the device was retired, the
   * pool licenses users, or the pool refused it (at its purchased count, R16; not device-assignable).
   */
  readonly appleOnlyDevices: number;
  /**
   * Apple-only assignments of registered devices the sync imported into their device-licensed pools
   * (`DeviceLicenseImported`, R9): not drift any more, and nothing was asked of Apple.
   */
  readonly importedDevices: number;
  /** A pool holds a device's license Apple does not list. Counted by full reads only, as `ledgerOnly`. */
  readonly ledgerOnlyDevices: number;
  /** Apps the ledger has pools for that Apple no longer lists (only with `knownApps`); their counts are stale. */
  readonly vanishedApps: number;
  /** Licenses Apple lists under another pricingParam of an app than the one its pool follows (never pooled). */
  readonly otherPricingLicenses: number;
}

/** How a sync read Apple's assignments and users: in full (and why), or since its cursor. */
export type SyncReads =
  | { readonly mode: "full"; readonly reason: FullReadReason }
  | { readonly mode: "incremental" };

/**
 * Records of Apple's skipped because an id follows no grammar of the ledger (R24). The stored report counts
 * them in existing fields (assets and our users' assignments as `drift`, foreign users and assignments as
 * `ignoredForeign*`); this says which.
 */
export interface Rejected {
  /** App records whose adamId is outside its grammar: no pool was created or changed. */
  readonly assets: number;
  /** Active users whose clientUserId is outside the grammar (counted foreign, R9). */
  readonly users: number;
  /** Assignments with an id (adamId, clientUserId or serialNumber) outside its grammar. */
  readonly assignments: number;
}

/** How a sync that ran ended; either way it is recorded in the account stream. */
export type SyncOutcome =
  | {
      readonly status: "succeeded";
      readonly syncId: string;
      readonly report: SyncReport;
      readonly drift: Drift;
      readonly rejected: Rejected;
      readonly reads: SyncReads;
    }
  | {
      readonly status: "failed";
      readonly syncId: string;
      /** What was recorded in `SyncFailed`. */
      readonly failure: Failure;
      /** The error itself, for the host's logs (never stored). */
      readonly cause: unknown;
    };
