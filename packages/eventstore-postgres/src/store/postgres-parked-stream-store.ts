import { assertValidStreamId, type ParkedStream, type ParkedStreamStore } from "@vpp-ledger/core";
import type { SqlExecutor, SqlRow } from "../sql/client.js";
import { assertBigintColumn, assertStorableText, assertValidName } from "./column-input.js";
import { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";

const COLUMNS =
  "reader, stream_id, stream_version::text AS stream_version, global_position::text AS global_position, " +
  "event_type, field, code, reason";

/** Every field is checked before any SQL, so a bad entry is a TypeError/RangeError naming the field only. */
const assertValidEntry = (entry: ParkedStream): void => {
  if (typeof entry !== "object" || entry === null) throw new TypeError("parked stream must be an object");
  assertValidName("parked stream reader", entry.reader);
  assertValidStreamId(entry.streamId);
  assertStorableText("parked stream streamId", entry.streamId);
  assertBigintColumn("parked stream streamVersion", entry.streamVersion, 1n);
  assertBigintColumn("parked stream globalPosition", entry.globalPosition, 0n);
  for (const field of ["eventType", "field", "code", "reason"] as const) {
    assertStorableText(`parked stream ${field}`, entry[field]);
  }
};

// Columns are NOT NULL and bigints travel as text, so a row converts as is.
const entryOf = (row: SqlRow): ParkedStream => ({
  reader: String(row.reader),
  streamId: String(row.stream_id),
  streamVersion: BigInt(String(row.stream_version)),
  globalPosition: BigInt(String(row.global_position)),
  eventType: String(row.event_type),
  field: String(row.field),
  code: String(row.code),
  reason: String(row.reason),
});

/**
 * The {@link ParkedStreamStore} port over PostgreSQL: one row per (reader, stream) in the schema's
 * `parked_streams` table (migration 3), so a reader's parked streams survive restarts and every instance of
 * the reader sees them. Same SQL on the server and PGlite.
 *
 * **First entry wins.** `park` is an insert that does nothing on conflict: a stream parked again by the same
 * reader (a second instance meeting the same event, or a later event of the held-back stream) keeps the entry
 * of the first event it could not process, which is where the reader resumes after a repair.
 */
export class PostgresParkedStreamStore implements ParkedStreamStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;
  readonly #lifecycle: StoreLifecycle;

  /**
   * `schema` must already be validated and migrated (the factories do both). `lifecycle` is shared with the
   * storage's other stores so its `close()` drains them all; a private one unless given.
   */
  constructor(db: SqlExecutor, schema: string, options: { readonly lifecycle?: StoreLifecycle } = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#lifecycle =
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL parked stream store of schema "${schema}"`);
  }

  /** Records `entry`; a stream already parked for this reader keeps its first entry. */
  park(entry: ParkedStream): Promise<void> {
    return runOperation(this.#lifecycle, "parked.park", async () => {
      assertValidEntry(entry);
      await this.#db.query(
        `INSERT INTO "${this.#schema}".parked_streams
           (reader, stream_id, stream_version, global_position, event_type, field, code, reason)
         VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6, $7, $8)
         ON CONFLICT (reader, stream_id) DO NOTHING`,
        [
          entry.reader,
          entry.streamId,
          entry.streamVersion.toString(),
          entry.globalPosition.toString(),
          entry.eventType,
          entry.field,
          entry.code,
          entry.reason,
        ],
      );
    });
  }

  /** Parked streams of `reader`, or of every reader, by global position (ties in the order they were parked). */
  list(reader?: string): Promise<ReadonlyArray<ParkedStream>> {
    return runOperation(this.#lifecycle, "parked.list", async () => {
      if (reader !== undefined) assertValidName("parked stream reader", reader);
      const rows = await this.#db.query(
        `SELECT ${COLUMNS} FROM "${this.#schema}".parked_streams
          WHERE $1::text IS NULL OR reader = $1 ORDER BY global_position, parked_order`,
        [reader ?? null],
      );
      return rows.map(entryOf);
    });
  }

  /** Forgets `streamId` for `reader` (processed after a repair, or dismissed); nothing parked is fine. */
  release(reader: string, streamId: string): Promise<void> {
    return runOperation(this.#lifecycle, "parked.release", async () => {
      assertValidName("parked stream reader", reader);
      assertValidStreamId(streamId);
      assertStorableText("parked stream streamId", streamId);
      await this.#db.query(
        `DELETE FROM "${this.#schema}".parked_streams WHERE reader = $1 AND stream_id = $2`,
        [reader, streamId],
      );
    });
  }
}
