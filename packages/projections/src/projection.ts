import type { LedgerEvent } from "@vpp-ledger/core";

/**
 * A read model: folds ledger events, in global-log order, into a queryable view. Read models own mutable state
 * (they are caches of the log, rebuilt from it at will), so applying an event is O(1), never a copy.
 */
export interface Projection {
  /** Stable name, used as the checkpoint key. */
  readonly name: string;
  apply(event: LedgerEvent): void;
}

/** Key of a tenant's app pool, for maps keyed by both. */
export const poolKey = (tenantId: string, adamId: string): string => `${tenantId}:${adamId}`;
