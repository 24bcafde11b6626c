import type { CommandFailure, VppAccountPolicy, VppLedger } from "@vpp-ledger/core";
import type * as E from "fp-ts/lib/Either.js";
import type { AppleClient } from "../client/apple-client.js";
import type { SyncWarning } from "./run/sync-warning.js";
import type { SyncDeps, SyncOutcome } from "./run/types.js";
import type { SyncLeaseOptions } from "./sync-lease.js";

/** The timers a scheduler uses; injected so tests and hosts with their own loop drive it. */
export interface SchedulerTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** What a sync the scheduler ran gave. */
export interface ScheduledSync {
  readonly tenantId: string;
  readonly trigger: "manual" | "schedule";
  readonly result: E.Either<CommandFailure, SyncOutcome>;
}

/** Options of {@link SyncScheduler}. */
export interface SyncSchedulerOptions {
  readonly ledger: VppLedger;
  /** The tenant's Apple client, created with this server's `mdmInfo` (one per account, reused across syncs). */
  readonly clientFor: (tenantId: string) => AppleClient;
  /** The current time as ISO-8601. */
  readonly now: () => string;
  /** The account policy the ledger was built with (`createVppAccountAggregate(policy)`); default 12 h syncs. */
  readonly policy?: VppAccountPolicy;
  /** Issues sync ids (default `crypto.randomUUID`). Must be valid identifiers: no ":" and no blanks. */
  readonly newSyncId?: () => string;
  readonly timers?: SchedulerTimers;
  /** Syncs of different accounts run at once by a tick, at most (default 4). */
  readonly maxConcurrentSyncs?: number;
  /** Told about every sync that ended, scheduled or manual. */
  readonly onSettled?: (sync: ScheduledSync) => void;
  /** Told about errors no sync result carries (a tick that could not read an account, a bug). */
  readonly onError?: (error: unknown, tenantId?: string) => void;
  /** Told what each sync skipped rather than let into the ledger (ids outside its grammar, R24). */
  readonly onWarning?: (warning: SyncWarning) => void;
  /**
   * One sync per account across host processes: each sync first takes the account's lease, and a sync whose
   * lease another process holds is not started (`sync-in-progress`, "in another process"). Without it, one
   * per process, and the ledger refuses a second `RequestSync` while one runs.
   */
  readonly lease?: SyncLeaseOptions;
  /** Passed to every sync: where incremental reads resume, how often to read in full, the ledger's apps. */
  readonly sync?: Pick<SyncDeps, "cursors" | "fullSyncEveryMs" | "knownApps">;
}
