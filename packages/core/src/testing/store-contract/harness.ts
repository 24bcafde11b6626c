import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  SnapshotStore,
} from "../../store/port.js";

/** What an adapter hands the shared contract suite: its stores, opened on storage the suite may write to. */
export interface EventStoreHarness {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
  /** Optional capability (adapters with real concurrent transactions): starts an append whose transaction stays open until commit() is called. */
  holdAppend?(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expectedVersion: ExpectedVersion,
  ): Promise<{ commit(): Promise<AppendResult> }>;
  /** Optional: another independent connection to the same storage, for concurrent-writer tests. */
  connect?(): Promise<{ readonly store: EventStore; close(): Promise<void> }>;
}

/** What each group of contract tests gets. */
export interface ContractContext {
  /** The harness opened for the suite (one per `describeEventStoreContract` call). */
  readonly harness: () => EventStoreHarness;
  /** A stream id used by no other test, in this run or any other sharing the storage. */
  readonly streamId: (label: string) => string;
}
