import {
  assertValidSnapshot,
  assertValidStreamId,
  LedgerError,
  type SnapshotStore,
  type StoredSnapshot,
} from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";
import { sqlState } from "../sql/errors.js";

/**
 * The {@link SnapshotStore} port over PostgreSQL: one row per stream. The version guard sits in the upsert's
 * WHERE clause, so two writers racing cannot let an older snapshot replace a newer one.
 */
export class PostgresSnapshotStore implements SnapshotStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    assertValidStreamId(streamId);
    const rows = await this.#db.query(
      `SELECT stream_version::text AS stream_version, schema_version, state
         FROM "${this.#schema}".snapshots WHERE stream_id = $1`,
      [streamId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const { stream_version: version, schema_version: schemaVersion, state } = row;
    if (typeof version !== "string" || typeof schemaVersion !== "number" || state === undefined) {
      throw new LedgerError(
        "snapshot-invalid",
        `snapshot of ${streamId}: the stored row is malformed; it is ignored and rebuilt from events`,
      );
    }
    return { streamId, streamVersion: BigInt(version), schemaVersion, state };
  }

  async save(snapshot: StoredSnapshot): Promise<void> {
    assertValidSnapshot(snapshot);
    try {
      await this.#db.query(
        `INSERT INTO "${this.#schema}".snapshots AS current (stream_id, stream_version, schema_version, state)
         VALUES ($1, $2::bigint, $3, $4::jsonb)
         ON CONFLICT (stream_id) DO UPDATE
            SET stream_version = excluded.stream_version, schema_version = excluded.schema_version,
                state = excluded.state, stored_at = statement_timestamp()
          WHERE current.stream_version <= excluded.stream_version`,
        [
          snapshot.streamId,
          snapshot.streamVersion.toString(),
          snapshot.schemaVersion,
          JSON.stringify(snapshot.state),
        ],
      );
    } catch (error) {
      if (sqlState(error) === "22P05" || sqlState(error) === "22021") {
        throw new TypeError(
          `snapshot of ${snapshot.streamId}: state holds text PostgreSQL cannot store (\\u0000)`,
        );
      }
      throw error;
    }
  }
}
