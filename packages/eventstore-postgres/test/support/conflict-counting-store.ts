import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  isLedgerError,
  type ReadOptions,
  type RecordedEvent,
} from "@vpp-ledger/core";

/**
 * Passes everything to `inner` and counts the appends refused with `WrongExpectedVersion`: a race test uses
 * the count to show the clients really collided instead of taking turns.
 */
export class ConflictCountingStore implements EventStore {
  conflicts = 0;

  constructor(private readonly inner: EventStore & Required<Pick<EventStore, "findEvent">>) {}

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    try {
      return await this.inner.appendToStream(streamId, events, options);
    } catch (error) {
      if (isLedgerError(error, "wrong-expected-version")) this.conflicts++;
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  streamVersion(streamId: string): Promise<bigint> {
    return this.inner.streamVersion(streamId);
  }

  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    return this.inner.findEvent(streamId, eventId);
  }

  findEvents(streamId: string, eventIds: ReadonlyArray<string>): Promise<ReadonlyArray<RecordedEvent>> {
    return this.inner.findEvents?.(streamId, eventIds) ?? Promise.resolve([]);
  }
}
