import type { LedgerEvent } from "../ledger/streams.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import type { LedgerError } from "../store/errors.js";
import type { ProcessorLease } from "./lease.js";

/** One batch of the global log, as a processor hands it to its sink. */
export interface ProcessorBatch {
  /** The batch's ledger events, in log order (events of other and of parked streams are left out). */
  readonly events: ReadonlyArray<LedgerEvent>;
  /** Global position of the batch's last entry: where the processor stands once the batch is committed. */
  readonly position: bigint;
  /**
   * The lease the batch was read under, when a {@link LeasedProcessor} runs the
   * processor. A sink that commits in a transaction checks it there (e.g. `assertLeaseHeld` of
   * `@vpp-ledger/eventstore-postgres`) so a process that lost the lease cannot commit; other sinks may ignore it.
   */
  readonly lease?: ProcessorLease;
  /**
   * Parks the stream of one of the batch's events whose processing failed for good (a non-retryable
   * `LedgerError`, R24): the processor goes on with every other stream and holds this one back until it is
   * repaired. The sink skips that stream's later events of the batch itself.
   */
  readonly park?: (event: LedgerEvent, error: LedgerError) => Promise<void>;
}

/**
 * Where a processor's work goes, and where its position lives. The checkpoint policy is the sink's, and it is
 * explicit: a transactional sink (the durable read models) records the position in the same transaction as the
 * batch's changes, so a crash never applies an event twice or skips one; a {@link checkpointedSink} saves it after
 * the batch was handled (at-least-once: its handler must be idempotent).
 */
export interface BatchSink {
  /** The position already processed (undefined: nothing yet), read at the start of each pass. */
  position(): Promise<bigint | undefined>;
  /** Processes a batch and records `batch.position` as processed. */
  commit(batch: ProcessorBatch): Promise<void>;
}

/**
 * An at-least-once sink: `handle` runs, then the checkpoint is saved. A crash in between hands the batch over
 * again on restart, so `handle` must be idempotent (every ledger workflow is: command ids derive from events).
 */
export const checkpointedSink = (
  name: string,
  checkpoints: CheckpointStore,
  handle: (events: ReadonlyArray<LedgerEvent>) => Promise<void>,
): BatchSink => ({
  position: () => checkpoints.load(name),
  commit: async (batch) => {
    await handle(batch.events);
    await checkpoints.save(name, batch.position);
  },
});
