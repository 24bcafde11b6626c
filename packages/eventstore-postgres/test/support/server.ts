import pg from "pg";

/**
 * The PostgreSQL server used by server tests: `VPP_PG_URL` (`.ci/run` points it at a fresh database). Unset,
 * the server suites are not run; the PGlite suites always are.
 */
export const PG_URL = process.env.VPP_PG_URL;

/** A pool on {@link PG_URL} whose idle-connection errors (backends killed by fault tests) are expected. */
export const testPool = (max = 10): pg.Pool => {
  if (PG_URL === undefined) throw new Error("VPP_PG_URL is not set");
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on("error", () => undefined);
  return pool;
};

/** Drops a test schema and everything in it. */
export const dropSchema = async (pool: pg.Pool, schema: string): Promise<void> => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
