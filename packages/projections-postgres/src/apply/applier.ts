import type { LedgerEvent } from "@vpp-ledger/core";
import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";
import { partitionOf, type ReadModelTable } from "../schema/tables.js";
import type { Target } from "./json-rows.js";

/** One batch's transaction and the generation it writes. */
export interface BatchScope {
  readonly tx: SqlExecutor;
  readonly schema: string;
  readonly generation: number;
}

/** The partition of `table` a batch in `scope` writes. */
export const targetOf = (scope: BatchScope, table: ReadModelTable): Target => ({
  tx: scope.tx,
  table: partitionOf(scope.schema, table, scope.generation),
  generation: scope.generation,
});

/**
 * The SQL side of one read model for one batch: it reads the rows the batch's events need, folds each event
 * through the read model's pure projection into those rows, and writes what changed. All three run inside the
 * batch's transaction.
 */
export interface ReadModelApplier {
  /** Reads, in a few statements, every row the batch's events will read. */
  prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void>;
  /** Applies one event's changes to the batch's rows (in memory). */
  apply(event: LedgerEvent): void;
  /** Writes the batch's changes. */
  flush(): Promise<void>;
}
