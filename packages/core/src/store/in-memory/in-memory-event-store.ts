import { checkExpectedVersion, classifyAppend } from "../append-rules.js";
import { assertValidAppend, assertValidStreamId } from "../append-validation.js";
import { IdempotencyViolation } from "../errors.js";
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadOptions,
  RecordedEvent,
} from "../port.js";
import { resolveReadOptions } from "../read-options.js";
import { frozenJsonCopy } from "./frozen-json.js";

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** Events copied per batch when a read does not say; 256 unless set. */
  readonly defaultBatchSize?: number;
}

const NO_EVENTS: ReadonlyArray<RecordedEvent> = Object.freeze([]);

/**
 * The reference {@link EventStore}: every rule of the port, in process memory. Each append runs to completion
 * in one synchronous step, so it is atomic and commit order is call order. Event ids are unique across the
 * store, like a database's unique key. Stored events are deep-frozen copies; reads copy one batch at a time and
 * see events appended while they run (live reads).
 */
export class InMemoryEventStore implements EventStore {
  readonly #streams = new Map<string, RecordedEvent[]>();
  readonly #byId = new Map<string, RecordedEvent>();
  readonly #log: RecordedEvent[] = [];
  readonly #defaultBatchSize: number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.#defaultBatchSize = resolveReadOptions({ batchSize: options.defaultBatchSize ?? 256 }, 1).batchSize;
  }

  async appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    const expected = options?.expectedVersion ?? "any";
    assertValidAppend(streamId, events, expected);
    const current = this.#streams.get(streamId) ?? NO_EVENTS;
    const elsewhere = events.find((event) => {
      const stored = this.#byId.get(event.id);
      return stored !== undefined && stored.streamId !== streamId;
    });
    if (elsewhere) throw new IdempotencyViolation(streamId, elsewhere.id);
    const classification = classifyAppend(streamId, events, expected, (id) => this.#byId.get(id));
    if (classification.kind === "duplicate") {
      const { last } = classification;
      return {
        nextExpectedVersion: last.streamVersion,
        lastGlobalPosition: last.globalPosition,
        written: false,
      };
    }
    checkExpectedVersion(streamId, expected, BigInt(current.length));
    if (events.length === 0) {
      const last = current[current.length - 1];
      return {
        nextExpectedVersion: BigInt(current.length),
        lastGlobalPosition: last?.globalPosition ?? 0n,
        written: false,
      };
    }
    // Copy everything before storing anything: a copy that throws leaves the store untouched.
    const recorded = events.map((event, index) =>
      this.#record(streamId, event, BigInt(current.length + index + 1), BigInt(this.#log.length + index + 1)),
    );
    const target = this.#streams.get(streamId) ?? [];
    for (const event of recorded) {
      target.push(event);
      this.#byId.set(event.id, event);
      this.#log.push(event);
    }
    this.#streams.set(streamId, target);
    const last = recorded[recorded.length - 1]!;
    return {
      nextExpectedVersion: last.streamVersion,
      lastGlobalPosition: last.globalPosition,
      written: true,
    };
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    assertValidStreamId(streamId);
    const { after, batchSize } = resolveReadOptions(options, this.#defaultBatchSize);
    // Versions start at 1 and have no gaps, so the event after version v sits at index v.
    return this.#batches(() => this.#streams.get(streamId) ?? NO_EVENTS, after, batchSize);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.#log.length);
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    const { after, batchSize } = resolveReadOptions(options, this.#defaultBatchSize);
    // Positions start at 1 and have no gaps here, so the event after position p sits at index p.
    return this.#batches(() => this.#log, after, batchSize);
  }

  async streamVersion(streamId: string): Promise<bigint> {
    assertValidStreamId(streamId);
    return BigInt(this.#streams.get(streamId)?.length ?? 0);
  }

  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    assertValidStreamId(streamId);
    const event = this.#byId.get(eventId);
    return event?.streamId === streamId ? event : undefined;
  }

  async findEvents(streamId: string, eventIds: ReadonlyArray<string>): Promise<ReadonlyArray<RecordedEvent>> {
    assertValidStreamId(streamId);
    return [...new Set(eventIds)].flatMap((id) => {
      const event = this.#byId.get(id);
      return event?.streamId === streamId ? [event] : [];
    });
  }

  async redactEvent(streamId: string, eventId: string, data: unknown): Promise<boolean> {
    assertValidStreamId(streamId);
    const stored = this.#byId.get(eventId);
    if (stored?.streamId !== streamId) return false;
    const redacted: RecordedEvent = Object.freeze({ ...stored, data: frozenJsonCopy(data) });
    const stream = this.#streams.get(streamId)!;
    stream[Number(stored.streamVersion) - 1] = redacted;
    this.#log[Number(stored.globalPosition) - 1] = redacted;
    this.#byId.set(eventId, redacted);
    return true;
  }

  #record(
    streamId: string,
    event: EventToAppend,
    streamVersion: bigint,
    globalPosition: bigint,
  ): RecordedEvent {
    return Object.freeze({
      streamId,
      streamVersion,
      globalPosition,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: frozenJsonCopy(event.data),
      metadata: frozenJsonCopy(event.metadata),
    });
  }

  async *#batches(
    source: () => ReadonlyArray<RecordedEvent>,
    after: bigint,
    batchSize: number,
  ): AsyncGenerator<RecordedEvent> {
    let next = after > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(after);
    for (;;) {
      const batch = source().slice(next, next + batchSize);
      if (batch.length === 0) return;
      next += batch.length;
      yield* batch;
    }
  }
}
