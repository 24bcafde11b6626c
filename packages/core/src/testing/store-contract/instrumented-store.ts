import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadOptions,
  RecordedEvent,
} from "../../store/port.js";

/** Hooks of an {@link InstrumentedEventStore}; `call` counts appends from 1. Throw to simulate a failure. */
export interface InstrumentedStoreHooks {
  /** Runs before the append reaches the store: append from here to play a concurrent writer. */
  beforeAppend?(streamId: string, events: ReadonlyArray<EventToAppend>, call: number): Promise<void> | void;
  /** Runs after the store committed: throw here to play a response lost on the way back. */
  afterAppend?(result: AppendResult, call: number): Promise<void> | void;
}

/**
 * Wraps an `EventStore` to count what callers read and to inject concurrent writers and failures: for
 * tests of code built on the port (the command handler, projections). `findEvent: false` hides the optional
 * index (`findEvent` and `findEvents`), to test the fallback of stores without one; `findEvents: false` hides
 * only the batch lookup.
 */
export class InstrumentedEventStore implements EventStore {
  /** Events yielded by `readStream` and `readAll` so far. */
  eventsRead = 0;
  /** Calls of `appendToStream`, including failed ones. */
  appends = 0;
  /** Calls of `findEvent` and `findEvents`. */
  lookups = 0;
  readonly findEvent?: (streamId: string, eventId: string) => Promise<RecordedEvent | undefined>;
  readonly findEvents?: (
    streamId: string,
    eventIds: ReadonlyArray<string>,
  ) => Promise<ReadonlyArray<RecordedEvent>>;

  constructor(
    readonly inner: EventStore,
    readonly hooks: InstrumentedStoreHooks = {},
    options: { readonly findEvent?: boolean; readonly findEvents?: boolean } = {},
  ) {
    const find = inner.findEvent?.bind(inner);
    if (find && options.findEvent !== false) {
      this.findEvent = (streamId, eventId) => {
        this.lookups++;
        return find(streamId, eventId);
      };
    }
    const findMany = inner.findEvents?.bind(inner);
    if (findMany && options.findEvent !== false && options.findEvents !== false) {
      this.findEvents = (streamId, eventIds) => {
        this.lookups++;
        return findMany(streamId, eventIds);
      };
    }
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    const call = ++this.appends;
    await this.hooks.beforeAppend?.(streamId, events, call);
    const result = await this.inner.appendToStream(streamId, events, options);
    await this.hooks.afterAppend?.(result, call);
    return result;
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.#count(this.inner.readStream(streamId, options));
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    return this.#count(this.inner.readAll(options));
  }

  streamVersion(streamId: string): Promise<bigint> {
    return this.inner.streamVersion(streamId);
  }

  async *#count(events: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
    for await (const event of events) {
      this.eventsRead++;
      yield event;
    }
  }
}
