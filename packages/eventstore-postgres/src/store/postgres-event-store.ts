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
import type { SqlExecutor } from "../sql/client.js";
import { appendEvents } from "./append.js";
import { decodeEventRow, eventColumns } from "./event-row.js";
import { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";
import { readPages } from "./read-pages.js";
import { findUnstorable, unstorableText } from "./storable.js";
import { readStreamVersion } from "./stream-version.js";

/** Events per page when a read does not say. */
export const DEFAULT_READ_BATCH_SIZE = 500;

/** Options of {@link PostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** Events per page when a read does not pass `batchSize`; {@link DEFAULT_READ_BATCH_SIZE} unless set. */
  readonly defaultBatchSize?: number;
  /** Shared with the storage's other stores so its `close()` drains them all; a private one unless given. */
  readonly lifecycle?: StoreLifecycle;
}

// A stream id PostgreSQL cannot store names no stream of this store (appends refuse it), so reads answer
// as for an unknown stream without asking the database.
const storable = (streamId: string): boolean => unstorableText(streamId) === undefined;

const noEvents = async function* (): AsyncGenerator<RecordedEvent> {};

/**
 * The {@link EventStore} port over PostgreSQL (server or PGlite, through {@link SqlExecutor}). Appends are one
 * statement each; reads page through the log with keyset pagination. Every failure is a port error that holds
 * no value of the input; once the storage is closing, operations fail with `StoreClosed`. See
 * docs/eventstore-postgres.md.
 */
export class PostgresEventStore implements EventStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;
  readonly #batchSize: number;
  readonly #lifecycle: StoreLifecycle;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string, options: PostgresEventStoreOptions = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#batchSize = resolveReadOptions(
      { batchSize: options.defaultBatchSize ?? DEFAULT_READ_BATCH_SIZE },
      1,
    ).batchSize;
    this.#lifecycle =
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL event store of schema "${schema}"`);
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    return runOperation(this.#lifecycle, "appendToStream", () =>
      appendEvents(this.#db, this.#schema, streamId, events, options?.expectedVersion ?? "any"),
    );
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    assertValidStreamId(streamId);
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    if (!storable(streamId)) return noEvents();
    const sql = `SELECT ${eventColumns()} FROM "${this.#schema}".events
                  WHERE stream_id = $1 AND stream_version > $2::bigint ORDER BY stream_version LIMIT $3`;
    return readPages(
      { lifecycle: this.#lifecycle, operation: "readStream", db: this.#db },
      { sql, params: [streamId], keyOf: (e) => e.streamVersion },
      after,
      batchSize,
    );
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    // Plain position order is gap-safe: the append lock hands positions out in commit order.
    const sql = `SELECT ${eventColumns()} FROM "${this.#schema}".events
                  WHERE global_position > $1::bigint ORDER BY global_position LIMIT $2`;
    return readPages(
      { lifecycle: this.#lifecycle, operation: "readAll", db: this.#db },
      { sql, params: [], keyOf: (e) => e.globalPosition },
      after,
      batchSize,
    );
  }

  streamVersion(streamId: string): Promise<bigint> {
    return runOperation(this.#lifecycle, "streamVersion", async () => {
      assertValidStreamId(streamId);
      if (!storable(streamId)) return 0n;
      return readStreamVersion(this.#db, this.#schema, streamId);
    });
  }

  /**
   * The last global position a reader can see: `max(global_position)` of the committed rows, one step down the
   * primary key's index whatever the log's length. The append lock hands positions out in commit order, so
   * every position below it is visible already or never will be (the hole of a rolled-back append): a reader
   * that reached the head skipped nothing. Processors use it for their lag figure.
   */
  headPosition(): Promise<bigint> {
    return runOperation(this.#lifecycle, "headPosition", async () => {
      const rows = await this.#db.query(
        `SELECT coalesce(max(global_position), 0)::text AS head FROM "${this.#schema}".events`,
      );
      return BigInt(String(rows[0]?.head ?? "0"));
    });
  }

  /** Through the unique index on event ids: one index lookup, whatever the stream's length. */
  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    return runOperation(this.#lifecycle, "findEvent", async () => {
      assertValidStreamId(streamId);
      if (!isCanonicalUuid(eventId) || !storable(streamId)) return undefined;
      const rows = await this.#db.query(
        `SELECT ${eventColumns()} FROM "${this.#schema}".events WHERE event_id = $1::uuid AND stream_id = $2`,
        [eventId, streamId],
      );
      return rows[0] === undefined ? undefined : decodeEventRow(rows[0]);
    });
  }

  /** Through the same unique index: one query for a batch of ids (group commit's retry checks). */
  findEvents(streamId: string, eventIds: ReadonlyArray<string>): Promise<ReadonlyArray<RecordedEvent>> {
    return runOperation(this.#lifecycle, "findEvents", async () => {
      assertValidStreamId(streamId);
      const ids = [...new Set(eventIds.filter((id) => isCanonicalUuid(id)))];
      if (ids.length === 0 || !storable(streamId)) return [];
      const rows = await this.#db.query(
        `SELECT ${eventColumns()} FROM "${this.#schema}".events WHERE event_id = ANY($1::uuid[]) AND stream_id = $2`,
        [`{${ids.join(",")}}`, streamId],
      );
      return rows.map((row) => decodeEventRow(row));
    });
  }

  /**
   * Erasure of personal data: one UPDATE of one row's `data`, found through the unique id index. Versions,
   * positions and metadata stay, so readers' checkpoints and the append rules are unaffected. Replacement data
   * PostgreSQL cannot store (a `\u0000`, an unpaired surrogate) is a `TypeError` naming the field, before any SQL.
   */
  redactEvent(streamId: string, eventId: string, data: unknown): Promise<boolean> {
    return runOperation(this.#lifecycle, "redactEvent", async () => {
      assertValidStreamId(streamId);
      if (!isCanonicalUuid(eventId) || !storable(streamId)) return false;
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError(`stream ${streamId}: redacted data must be JSON`);
      const place = findUnstorable(data, "data");
      if (place !== undefined) {
        throw new TypeError(
          `stream ${streamId}: redacted ${place.path} holds ${place.reason}, which PostgreSQL cannot store`,
        );
      }
      const rows = await this.#db.query(
        `UPDATE "${this.#schema}".events SET data = $3::jsonb
          WHERE event_id = $1::uuid AND stream_id = $2 RETURNING global_position`,
        [eventId, streamId, json],
      );
      return rows.length > 0;
    });
  }
}
