/**
 * The one seam between the SQL implementation and a driver. The event store, snapshot store and migrations are
 * written once against it; `pg` (a server) and PGlite (embedded) each implement it in a few lines.
 */

/** A query parameter. Bigints travel as decimal strings and JSON as text, so every driver binds them alike. */
export type SqlParam = string | number | boolean | null;

/** A result row before decoding: columns by name, values as the driver parsed them. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Runs one statement. Outside a transaction each statement commits on its own (autocommit). */
export interface SqlExecutor {
  query(sql: string, params?: ReadonlyArray<SqlParam>): Promise<ReadonlyArray<SqlRow>>;
}

/** A connection source: statements, transactions on one connection, and shutdown. */
export interface SqlClient extends SqlExecutor {
  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws.
   * Connection failures surface as `StoreUnavailable`.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases what this client opened; a pool or PGlite instance the caller passed in is left open. */
  close(): Promise<void>;
}
