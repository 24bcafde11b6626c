import { assertValidStreamId, LedgerError, type SnapshotStore, type StoredSnapshot } from "@vpp-ledger/core";
import { assertValidSnapshot } from "@vpp-ledger/core/adapter-kit";
import type { SqlExecutor } from "../sql/client.js";
import { isInputRefusal, sqlState } from "../sql/errors.js";
import { describeSqlState } from "../sql/sqlstate.js";
import { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";
import { findUnstorable, MAX_INTEGER, unstorableText } from "./storable.js";

/**
 * A snapshot PostgreSQL cannot store: `snapshot-invalid`, not retryable, naming the field and why, never the
 * value. The command handler reports it to `onSnapshotError` and goes on; the next load replays events.
 */
const refusedSnapshot = (snapshot: StoredSnapshot, state?: string): LedgerError => {
  const refusal = state === undefined ? "" : `: ${describeSqlState(state)}`;
  const streamReason = unstorableText(snapshot.streamId);
  const place =
    streamReason === undefined
      ? (findUnstorable(snapshot.state, "state") ??
        (snapshot.schemaVersion > MAX_INTEGER
          ? { path: "schemaVersion", reason: "a number beyond the integer column's range" }
          : undefined))
      : undefined;
  const what =
    streamReason !== undefined
      ? `a snapshot's stream id holds ${streamReason}`
      : place !== undefined
        ? `snapshot of ${snapshot.streamId}: ${place.path} holds ${place.reason}`
        : `snapshot of ${snapshot.streamId}: a value is too large to store or out of range`;
  return new LedgerError("snapshot-invalid", `${what}, which PostgreSQL cannot store${refusal}; not saved`);
};

/**
 * The {@link SnapshotStore} port over PostgreSQL: one row per stream. The version guard sits in the upsert's
 * WHERE clause, so two writers racing cannot let an older snapshot replace a newer one.
 */
export class PostgresSnapshotStore implements SnapshotStore {
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
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL snapshot store of schema "${schema}"`);
  }

  load(streamId: string): Promise<StoredSnapshot | undefined> {
    return runOperation(this.#lifecycle, "snapshots.load", async () => {
      assertValidStreamId(streamId);
      // Such a stream id is never saved (save refuses it), so there is nothing to find.
      if (unstorableText(streamId) !== undefined) return undefined;
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
    });
  }

  save(snapshot: StoredSnapshot): Promise<void> {
    return runOperation(this.#lifecycle, "snapshots.save", async () => {
      assertValidSnapshot(snapshot);
      // Checked before any SQL: the drivers would silently replace an unpaired surrogate in the id.
      if (unstorableText(snapshot.streamId) !== undefined) throw refusedSnapshot(snapshot);
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
        // The raw error echoes the state (`JSON data, line 1: …`): keep only the SQLSTATE and the place.
        if (isInputRefusal(error)) throw refusedSnapshot(snapshot, sqlState(error));
        throw error;
      }
    });
  }
}
