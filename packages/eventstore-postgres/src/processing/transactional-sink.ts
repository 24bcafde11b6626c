import type { BatchSink, ProcessorBatch } from "@vpp-ledger/core";
import { assertLeaseHeld } from "../lease/assert-lease-held.js";
import type { SqlExecutor } from "../sql/client.js";
import { saveCheckpointIn } from "../store/save-checkpoint.js";

/** The storage a {@link transactionalSink} commits to: its transactions, checkpoints and schema. */
export interface TransactionalSinkStorage {
  readonly schema: string;
  readonly checkpoints: { load(name: string): Promise<bigint | undefined> };
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** What a {@link transactionalSink} does with each batch. */
export interface TransactionalSinkOptions {
  /** The checkpoint's name: the processor's name. */
  readonly name: string;
  /**
   * Writes the batch's effects (read-model rows) through `tx`, the batch's transaction. Throwing rolls the whole
   * batch back, checkpoint included. Events of a repaired parked stream come in a batch whose position does not
   * move (`resumeParkedStreams`): apply them like any other.
   */
  readonly apply: (tx: SqlExecutor, batch: ProcessorBatch) => Promise<void>;
}

/**
 * An exactly-once {@link BatchSink} over PostgreSQL: one transaction per batch holds the lease check
 * ({@link assertLeaseHeld}, when the batch came with a lease), the sink's own writes and the checkpoint (the
 * storage's `checkpoints` table). A crash before the commit leaves nothing and the batch is read again; after it,
 * the checkpoint says so: no event is applied twice or skipped, and a process that lost its lease cannot commit.
 * The read model's tables must live in the same database as the storage (any schema).
 */
export const transactionalSink = (
  storage: TransactionalSinkStorage,
  options: TransactionalSinkOptions,
): BatchSink => ({
  position: () => storage.checkpoints.load(options.name),
  commit: (batch) =>
    storage.transaction(async (tx) => {
      // First, so the lease row's lock is held from the start: a takeover waits for this transaction to end.
      if (batch.lease !== undefined) await assertLeaseHeld(tx, storage.schema, batch.lease);
      await options.apply(tx, batch);
      await saveCheckpointIn(tx, storage.schema, options.name, batch.position);
    }),
});
