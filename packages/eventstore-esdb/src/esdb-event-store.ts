import type { EventStoreDBClient } from "@eventstore/db-client";
import {
  type AppendResult,
  assertValidStreamId,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type ReadOptions,
  type RecordedEvent,
} from "@vpp-ledger/core";
import { isCanonicalUuid, resolveReadOptions } from "@vpp-ledger/core/adapter-kit";
import { type AppendContext, appendEvents } from "./append/append-events.js";
import { findStoredEvents } from "./append/stored-events.js";
import { type EsdbEventStoreOptions, resolveStoreOptions } from "./options.js";
import { readHeadPosition } from "./read/head-position.js";
import { readLedgerLog } from "./read/read-all.js";
import { readLedgerStream } from "./read/read-stream.js";
import { readStreamHead } from "./read/stream-head.js";

/**
 * The {@link EventStore} port over EventStoreDB (KurrentDB), through the official gRPC client the caller
 * creates, configures and disposes. One ledger stream is one ESDB stream (version = revision + 1); the global
 * position is ESDB's commit position; event ids are ESDB event ids, indexed in small streams of their own so
 * that ids are unique across the store and `findEvent` is a lookup. See docs/eventstore-esdb.md.
 */
export class EsdbEventStore implements EventStore {
  readonly #ctx: AppendContext;
  readonly #batchSize: number;

  constructor(client: EventStoreDBClient, options: EsdbEventStoreOptions = {}) {
    const resolved = resolveStoreOptions(options);
    this.#batchSize = resolved.defaultBatchSize;
    this.#ctx = {
      client,
      index: { client, prefix: resolved.eventIdStreamPrefix, concurrency: resolved.indexConcurrency },
      maxAttempts: resolved.maxAppendAttempts,
    };
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    return appendEvents(this.#ctx, streamId, events, options?.expectedVersion ?? "any");
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    assertValidStreamId(streamId);
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    return readLedgerStream(this.#ctx.client, streamId, after, batchSize);
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    return readLedgerLog(this.#ctx.client, after, batchSize);
  }

  async streamVersion(streamId: string): Promise<bigint> {
    assertValidStreamId(streamId);
    return (await readStreamHead(this.#ctx.client, streamId)).version;
  }

  /**
   * The commit position of the last ledger event in `$all` (0n for none), read backwards from the end past the
   * adapter's snapshot records and other applications' events. Positions are byte offsets in ESDB's log, so a
   * processor's lag "in events" is a distance in bytes here: 0 when caught up, growing with what is behind.
   */
  headPosition(): Promise<bigint> {
    return readHeadPosition(this.#ctx.client);
  }

  /** Through the event-id index: one read of the id's index stream, one of the stream at the claimed version. */
  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    assertValidStreamId(streamId);
    if (!isCanonicalUuid(eventId)) return undefined;
    return (await findStoredEvents(this.#ctx.index, streamId, [eventId])).stored.get(eventId);
  }
}
