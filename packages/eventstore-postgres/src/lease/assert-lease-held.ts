import { LeaseLost, type ProcessorLease } from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";

/**
 * The fence: call it inside the transaction that commits a processor's batch (read-model rows and checkpoint),
 * with the lease the batch came with (`batch.lease`), on a connection to the database that holds the event
 * store's schema `schema`. It throws {@link LeaseLost} (the transaction then rolls back) unless `lease`'s term is
 * still the current one.
 *
 * Why it is enough: it reads the lease row `FOR SHARE`, and the lock is held until the transaction ends. A
 * takeover (`PostgresLeaseStore.acquire` by another process) updates that row, so it either committed before
 * (this check sees the new epoch and refuses) or waits until this transaction committed (the new owner then
 * reads a checkpoint that includes the batch). No batch can be committed by an old owner after a new one
 * started, whatever the hosts' clocks or pauses; the lease's expiry only decides when a takeover may happen.
 *
 * @example
 * commit: (batch) => storage.transaction(async (tx) => {
 *   if (batch.lease) await assertLeaseHeld(tx, storage.schema, batch.lease);
 *   await applyToReadModels(tx, batch.events);
 *   await saveCheckpointIn(tx, storage.schema, "console", batch.position);
 * })
 */
export const assertLeaseHeld = async (
  tx: SqlExecutor,
  schema: string,
  lease: ProcessorLease,
): Promise<void> => {
  const rows = await tx.query(
    `SELECT owner, epoch::text AS epoch FROM "${schema}".leases WHERE name = $1 FOR SHARE`,
    [lease.name],
  );
  const row = rows[0];
  if (row === undefined) throw new LeaseLost(lease.name, lease.epoch, "no such lease is recorded");
  if (row.owner !== lease.owner || row.epoch !== lease.epoch.toString()) {
    throw new LeaseLost(
      lease.name,
      lease.epoch,
      `another process took the lease (now at epoch ${String(row.epoch)})`,
    );
  }
};
