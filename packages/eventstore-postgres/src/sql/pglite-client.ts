import type { SqlClient, SqlExecutor, SqlParam, SqlRow } from "./client.js";
import { translateDriverError } from "./errors.js";
import type { PgliteDatabase, PgliteQueryable } from "./pglite-types.js";

const run = async (
  target: PgliteQueryable,
  sql: string,
  params: ReadonlyArray<SqlParam> = [],
): Promise<ReadonlyArray<SqlRow>> => {
  try {
    const result = await target.query<SqlRow>(sql, params as SqlParam[]);
    return result.rows;
  } catch (error) {
    throw translateDriverError(error);
  }
};

/**
 * A {@link SqlClient} over one PGlite instance. PGlite is a single connection: statements and transactions
 * run one at a time, so appends serialise here by construction. `owned` says whether `close()` closes it.
 * Exported for packages that keep their own tables beside the log (`@vpp-ledger/projections-postgres`).
 */
export const pgliteClient = (db: PgliteDatabase, owned: boolean): SqlClient => ({
  query: (sql, params) => run(db, sql, params),
  transaction: async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    try {
      return await db.transaction((tx) => work({ query: (sql, params) => run(tx, sql, params) }));
    } catch (error) {
      throw translateDriverError(error);
    }
  },
  close: async () => {
    if (owned && !db.closed) await db.close();
  },
});
