import type { LeaseStore, ProcessorLease } from "@vpp-ledger/core";

/** How syncs of one account are kept to one across host processes. */
export interface SyncLeaseOptions {
  /** Shared by every process (e.g. `PostgresLeaseStore` of `@vpp-ledger/eventstore-postgres`). */
  readonly store: LeaseStore;
  /** This process's name in the lease (default a random UUID per scheduler). */
  readonly owner?: string;
  /** How long a sync's lease lasts unless renewed (default 10 minutes); renewed every third of it. */
  readonly ttlMs?: number;
}

/** The lease's name for an account: one Apple location per account (R2), so one sync per location. */
export const syncLeaseName = (tenantId: string): string => `apple-sync:${tenantId}`;

/** A held sync lease: renewed on a timer until released. */
export interface HeldSyncLease {
  release(): Promise<void>;
}

/** Injected interval timers (the scheduler's). */
interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * Takes the account's sync lease, or says who holds it. While held it is renewed every third of its TTL; a
 * renewal that fails or finds the lease taken is told to `onError` (the ledger still refuses a second
 * `RequestSync` while one runs, so a lost lease costs a refused start, never two syncs at once).
 */
export const takeSyncLease = async (
  options: SyncLeaseOptions & { readonly owner: string },
  tenantId: string,
  timers: Timers,
  onError: (error: unknown) => void,
): Promise<HeldSyncLease | { readonly heldBy: string }> => {
  const ttlMs = options.ttlMs ?? 600_000;
  const attempt = await options.store.acquire(syncLeaseName(tenantId), options.owner, ttlMs);
  if (attempt.kind === "held") return { heldBy: attempt.owner };
  const lease: ProcessorLease = attempt.lease;
  const timer = timers.setInterval(
    () => {
      options.store.renew(lease).then((kept) => {
        if (!kept) onError(new Error(`the sync lease of tenant ${tenantId} was taken by another process`));
      }, onError);
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  return {
    release: async () => {
      timers.clearInterval(timer);
      await options.store.release(lease).catch(onError);
    },
  };
};
