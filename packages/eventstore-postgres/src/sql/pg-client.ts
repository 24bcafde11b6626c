import type pg from "pg";
import type { SqlClient, SqlExecutor, SqlParam, SqlRow } from "./client.js";
import { translateDriverError } from "./errors.js";

const run = async (
  target: pg.Pool | pg.PoolClient,
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
 * A {@link SqlClient} over a `pg.Pool`. Statements borrow any pooled connection; a transaction holds one
 * connection from BEGIN to COMMIT. `owned` says whether `close()` ends the pool (only a pool this library
 * created from a connection string). Exported for packages that keep their own tables beside the log (the durable
 * read models of `@vpp-ledger/projections-postgres`), so they share this driver seam and its error mapping.
 */
export const pgClient = (pool: pg.Pool, owned: boolean): SqlClient => ({
  query: (sql, params) => run(pool, sql, params),
  transaction: async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
    let connection: pg.PoolClient;
    try {
      connection = await pool.connect();
    } catch (error) {
      throw translateDriverError(error);
    }
    // A checked-out connection that dies while idle in the transaction emits "error"; without a listener
    // Node would crash the process. Remember it, and give the connection back as broken.
    let broken: unknown;
    const onError = (error: unknown) => {
      broken = error;
    };
    connection.on("error", onError);
    const tx: SqlExecutor = { query: (sql, params) => run(connection, sql, params) };
    try {
      await tx.query("BEGIN");
      const result = await work(tx);
      await tx.query("COMMIT");
      return result;
    } catch (error) {
      // A ROLLBACK that fails means the connection is gone: it must not go back to the pool.
      if (broken === undefined)
        await tx.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
      throw translateDriverError(error);
    } finally {
      connection.off("error", onError);
      connection.release(broken !== undefined);
    }
  },
  close: async () => {
    if (owned) await pool.end();
  },
});
