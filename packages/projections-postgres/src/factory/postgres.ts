import { pgClient } from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { openReadModels, type PostgresReadModels, type ReadModelsOptions } from "./read-models.js";

/** Where the server is: your own pool (left open on close), or a URL for a pool opened here. */
export type PostgresReadModelsConnection =
  | { readonly pool: pg.Pool; readonly connectionString?: never }
  | { readonly connectionString: string; readonly maxConnections?: number; readonly pool?: never };

/**
 * Opens the read models on a PostgreSQL server (13 or later). Use the event store's database (its pool, or the
 * same URL) when a `LeasedProcessor` feeds them: the lease is checked in each batch's transaction.
 */
export const createPostgresReadModels = async (
  options: PostgresReadModelsConnection & ReadModelsOptions,
): Promise<PostgresReadModels> => {
  if (options.pool !== undefined) return openReadModels(pgClient(options.pool, false), options);
  if (typeof options.connectionString !== "string" || options.connectionString.length === 0) {
    throw new TypeError("createPostgresReadModels needs either `pool` (a pg.Pool) or `connectionString`");
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle pooled connection that dies emits "error"; unhandled, Node would exit. The next query reports it.
  pool.on("error", () => undefined);
  return openReadModels(pgClient(pool, true), options);
};
