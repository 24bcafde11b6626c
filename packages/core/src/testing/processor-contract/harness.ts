import type { LeaseStore } from "../../processing/lease.js";
import type { LogWakeup } from "../../processing/live-processor.js";
import type { BatchSink } from "../../processing/sink.js";
import type { CheckpointStore } from "../../store/checkpoint.js";
import type { ParkedStreamStore } from "../../store/parked.js";
import type { EventStore } from "../../store/port.js";
import type { EventStoreHarness } from "../store-contract/harness.js";

/**
 * What a store promises a processor, stated by the adapter; {@link describeProcessorContract} checks
 * each promise and names it in its tests, so a test report reads as the table of guarantees per store.
 */
export interface ProcessorGuarantees {
  /**
   * Why a reader never skips an event committed late: `"append lock"` (PostgreSQL hands positions out in commit
   * order), `"one process"` (the in-memory store appends atomically in one event loop), `"commit-ordered log"`
   * (EventStoreDB's `$all` shows a record only once it and every earlier one is committed).
   */
  readonly lateCommits: "append lock" | "one process" | "commit-ordered log";
  /**
   * `"exactly-once"` when the harness offers {@link ProcessorHarness.exactlyOnceSink} (the checkpoint commits
   * in the same transaction as the sink's writes); otherwise `"at-least-once"` (a checkpoint saved after the
   * handler: a crash in between delivers the batch again, so handlers must be idempotent).
   */
  readonly delivery: "exactly-once" | "at-least-once";
}

/** A durable sink whose writes and checkpoint commit together, for the exactly-once tests. */
export interface ExactlyOnceTarget {
  readonly sink: BatchSink;
  /** Event ids the sink committed, in commit order, duplicates included (there must be none). */
  recorded(): Promise<ReadonlyArray<string>>;
  /** The next commit fails after its writes and before it commits (a crash inside the transaction). */
  failNextCommit(): void;
}

/** What an adapter hands {@link describeProcessorContract}: its stores, opened on storage the suite may write to. */
export interface ProcessorHarness {
  readonly store: EventStore;
  /** Where processors' checkpoints live (the store's own, or another's: PostgreSQL under EventStoreDB). */
  readonly checkpoints: CheckpointStore;
  readonly parked: ParkedStreamStore;
  /** Required when the guarantees say `"exactly-once"`: a fresh sink whose checkpoint is `name`. */
  exactlyOnceSink?(name: string): Promise<ExactlyOnceTarget>;
  /** Optional: signals of new events (NOTIFY); without it live processors poll. */
  readonly wakeup?: LogWakeup;
  /** Optional: leases, to run two leased processors against each other. */
  readonly leases?: LeaseStore;
  /** Optional: appends whose transaction stays open until committed (stores with real transactions). */
  readonly holdAppend?: EventStoreHarness["holdAppend"];
  close(): Promise<void>;
}

/** What each group of processor tests gets. */
export interface ProcessorContext {
  readonly harness: () => ProcessorHarness;
  readonly guarantees: ProcessorGuarantees;
  /** A tenant id used by no other test, in this run or any other sharing the storage. */
  readonly tenant: (label: string) => string;
}
