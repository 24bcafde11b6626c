import pg from "pg";
import { PgListenWakeup } from "../live/pg-listen-wakeup.js";
import { pgClient } from "../sql/pg-client.js";
import { openStorage, type PostgresStorage, type StorageOptions } from "./storage.js";

/** Where the PostgreSQL server is: your own pool (left open on close), or a URL for a pool this library owns. */
export type PostgresConnection =
  | { readonly pool: pg.Pool; readonly connectionString?: never }
  | {
      readonly connectionString: string;
      /** Size of the pool this library creates; 10 unless set. */
      readonly maxConnections?: number;
      readonly pool?: never;
    };

/**
 * Opens the event store on a PostgreSQL server (13 or later): creates or upgrades its schema, then returns the
 * stores. The library reads no environment variable: pass the pool or URL your application configured.
 *
 * @example
 * const storage = await createPostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema: "vpp" });
 */
export const createPostgresEventStore = async (
  options: PostgresConnection & StorageOptions,
): Promise<PostgresStorage> => {
  if (options.pool !== undefined)
    return openStorage(pgClient(options.pool, false), options, listenOn(options.pool));
  if (typeof options.connectionString !== "string" || options.connectionString.length === 0) {
    throw new TypeError("createPostgresEventStore needs either `pool` (a pg.Pool) or `connectionString`");
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle pooled connection that dies emits "error" on the pool; unhandled, Node would exit. The pool
  // already discards that connection, and the next query reports StoreUnavailable if the server is gone.
  pool.on("error", () => undefined);
  return openStorage(pgClient(pool, true), options, listenOn(pool));
};

/**
 * The LISTEN connection is a client of its own with the pool's settings (`pool.options`), never one of the
 * pool's: it stays checked out forever, which would shrink a caller's pool and, on a pool of one, block it.
 */
const listenOn =
  (pool: pg.Pool) =>
  (channel: string): PgListenWakeup =>
    new PgListenWakeup({ channel, connect: () => new pg.Client({ ...pool.options, keepAlive: true }) });
