import {
  type AppendResult,
  assertValidStreamId,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  isCanonicalUuid,
  type ReadOptions,
  type RecordedEvent,
  resolveReadOptions,
} from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";
import { appendEvents } from "./append.js";
import { decodeEventRow, eventColumns } from "./event-row.js";
import { readPages } from "./read-pages.js";
import { readStreamVersion } from "./stream-version.js";

/** Events per page when a read does not say. */
export const DEFAULT_READ_BATCH_SIZE = 500;

/**
 * The {@link EventStore} port over PostgreSQL (server or PGlite, through {@link SqlExecutor}). Appends are one
 * statement each; reads page through the log with keyset pagination. See docs/eventstore-postgres.md.
 */
export class PostgresEventStore implements EventStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;
  readonly #batchSize: number;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string, options: { readonly defaultBatchSize?: number } = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#batchSize = resolveReadOptions(
      { batchSize: options.defaultBatchSize ?? DEFAULT_READ_BATCH_SIZE },
      1,
    ).batchSize;
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult> {
    return appendEvents(this.#db, this.#schema, streamId, events, options?.expectedVersion ?? "any");
  }

  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent> {
    assertValidStreamId(streamId);
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    const sql = `SELECT ${eventColumns()} FROM "${this.#schema}".events
                  WHERE stream_id = $1 AND stream_version > $2::bigint ORDER BY stream_version LIMIT $3`;
    return readPages(this.#db, { sql, params: [streamId], keyOf: (e) => e.streamVersion }, after, batchSize);
  }

  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent> {
    const { after, batchSize } = resolveReadOptions(options, this.#batchSize);
    // Plain position order is gap-safe: the append lock hands positions out in commit order.
    const sql = `SELECT ${eventColumns()} FROM "${this.#schema}".events
                  WHERE global_position > $1::bigint ORDER BY global_position LIMIT $2`;
    return readPages(this.#db, { sql, params: [], keyOf: (e) => e.globalPosition }, after, batchSize);
  }

  streamVersion(streamId: string): Promise<bigint> {
    assertValidStreamId(streamId);
    return readStreamVersion(this.#db, this.#schema, streamId);
  }

  /** Through the unique index on event ids: one index lookup, whatever the stream's length. */
  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    assertValidStreamId(streamId);
    if (!isCanonicalUuid(eventId)) return undefined;
    const rows = await this.#db.query(
      `SELECT ${eventColumns()} FROM "${this.#schema}".events WHERE event_id = $1::uuid AND stream_id = $2`,
      [eventId, streamId],
    );
    return rows[0] === undefined ? undefined : decodeEventRow(rows[0]);
  }

  /**
   * Erasure of personal data: one UPDATE of one row's `data`, found through the unique id index. Versions,
   * positions and metadata stay, so readers' checkpoints and the append rules are unaffected.
   */
  async redactEvent(streamId: string, eventId: string, data: unknown): Promise<boolean> {
    assertValidStreamId(streamId);
    if (!isCanonicalUuid(eventId)) return false;
    const json = JSON.stringify(data);
    if (json === undefined) throw new TypeError(`stream ${streamId}: redacted data must be JSON`);
    const rows = await this.#db.query(
      `UPDATE "${this.#schema}".events SET data = $3::jsonb
        WHERE event_id = $1::uuid AND stream_id = $2 RETURNING global_position`,
      [eventId, streamId, json],
    );
    return rows.length > 0;
  }
}
