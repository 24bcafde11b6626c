import { PgliteWakeup } from "../live/pglite-wakeup.js";
import { startPglite } from "../sql/load-pglite.js";
import { pgliteClient } from "../sql/pglite-client.js";
import type { PgliteDatabase } from "../sql/pglite-types.js";
import { openStorage, type PostgresStorage, type StorageOptions } from "./storage.js";

/** Which PGlite: your own instance (left open on close), or one this library starts (in memory by default). */
export type PgliteConnection =
  | { readonly pglite: PgliteDatabase; readonly dataDir?: never }
  | {
      /** A directory for the database files; omitted, the database lives in memory and ends with the process. */
      readonly dataDir?: string;
      readonly pglite?: never;
    };

/**
 * Opens the event store on embedded PostgreSQL (PGlite, WebAssembly; no server): the default for
 * development, tests and single-process installs. Same SQL, same guarantees as the server; PGlite is one
 * connection, so appends and reads take turns. PGlite is an optional peer dependency, imported only here:
 * without it this rejects with `PgliteMissing`.
 */
export const createPgliteEventStore = async (
  options: PgliteConnection & StorageOptions = {},
): Promise<PostgresStorage> => {
  const { pglite } = options;
  if (pglite !== undefined) {
    return openStorage(pgliteClient(pglite, false), options, (channel) => new PgliteWakeup(pglite, channel));
  }
  const db = await startPglite(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  return openStorage(pgliteClient(db, true), options, (channel) => new PgliteWakeup(db, channel));
};
