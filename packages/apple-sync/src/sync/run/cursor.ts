/**
 * Where an account's incremental reads resume: the first-page `versionId` of the last complete reads of
 * assignments and users, and when a full read last completed.
 */
export interface SyncCursor {
  readonly assignmentsVersionId?: string;
  readonly usersVersionId?: string;
  /** ISO-8601 time of the last sync that read assignments and users in full. */
  readonly fullAt?: string;
  /**
   * The Apple location's `uId` the account's syncs read: Apple's identity of a location (its name is for
   * display). A sync that finds another `uId` behind the account's token stops (`location-changed`).
   */
  readonly locationUId?: string;
}

/**
 * Keeps each account's {@link SyncCursor} between syncs. Written only after a sync is recorded as succeeded,
 * so a failed sync never moves it; losing it only makes the next sync a full one. Implement it on the host's
 * database (`@vpp-ledger/eventstore-postgres` has one) when syncs run in several processes.
 */
export interface SyncCursorStore {
  load(tenantId: string): Promise<SyncCursor | undefined>;
  save(tenantId: string, cursor: SyncCursor): Promise<void>;
}

/** A {@link SyncCursorStore} in process memory (tests, a single host process). */
export class InMemorySyncCursorStore implements SyncCursorStore {
  readonly #cursors = new Map<string, SyncCursor>();

  /** The account's cursor, if a sync saved one. */
  async load(tenantId: string): Promise<SyncCursor | undefined> {
    return this.#cursors.get(tenantId);
  }

  /** Replaces the account's cursor. */
  async save(tenantId: string, cursor: SyncCursor): Promise<void> {
    this.#cursors.set(tenantId, { ...cursor });
  }
}

/** Why a sync reads assignments and users in full rather than since its cursor. */
export type FullReadReason = "no-cursor" | "schedule" | "counts-disagree" | "version-refused";

/** How a sync reads assignments and users. */
export type ReadPlan =
  | { readonly mode: "full"; readonly reason: FullReadReason }
  | { readonly mode: "incremental"; readonly assignmentsSince: string; readonly usersSince: string };

/** Default time between full reads when a cursor allows incremental ones: a day. */
export const DEFAULT_FULL_SYNC_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Chooses the read: incremental from the cursor, unless there is none (or it lacks a version), the last full
 * read is `fullEveryMs` old, or Apple's counts disagree with the ledger's (an app with fewer assignments at
 * Apple than holders in its pool: only a full read can tell which).
 */
export const planReads = (input: {
  readonly cursor: SyncCursor | undefined;
  readonly now: string;
  readonly fullEveryMs: number;
  readonly countsDisagree: boolean;
}): ReadPlan => {
  const { cursor } = input;
  if (cursor?.assignmentsVersionId === undefined || cursor.usersVersionId === undefined) {
    return { mode: "full", reason: "no-cursor" };
  }
  const fullAt = cursor.fullAt === undefined ? Number.NaN : Date.parse(cursor.fullAt);
  if (!(Date.parse(input.now) - fullAt < input.fullEveryMs)) return { mode: "full", reason: "schedule" };
  if (input.countsDisagree) return { mode: "full", reason: "counts-disagree" };
  return {
    mode: "incremental",
    assignmentsSince: cursor.assignmentsVersionId,
    usersSince: cursor.usersVersionId,
  };
};
