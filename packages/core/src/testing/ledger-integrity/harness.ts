import type { EventStore, SnapshotStore } from "../../store/port.js";

/** Stores over one storage, as one process opens them. */
export interface OpenedStores {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}

/**
 * What an adapter hands the ledger integrity suite: stores on storage the suite may write to, and a way to
 * open the same storage again with fresh objects (no shared cache), as a new host process would.
 */
export interface LedgerIntegrityHarness extends OpenedStores {
  reopen(): Promise<OpenedStores>;
}

/** What each group of integrity tests gets. */
export interface IntegrityContext {
  readonly harness: () => LedgerIntegrityHarness;
  /** A tenant id used by no other test, in this run or any other sharing the storage. */
  readonly tenant: (label: string) => string;
  /** Fast-check runs for the hostile-input property (fewer on slow stores). */
  readonly hostileRuns: number;
}
