import { type PgliteDatabase, pgliteClient, startPglite } from "@vpp-ledger/eventstore-postgres";
import { openReadModels, type PostgresReadModels, type ReadModelsOptions } from "./read-models.js";

/** Which PGlite: your own instance (left open on close; the event store's, to share it), or one opened here. */
export type PgliteReadModelsConnection =
  | { readonly pglite: PgliteDatabase; readonly dataDir?: never }
  | { readonly dataDir?: string; readonly pglite?: never };

/**
 * Opens the read models on embedded PostgreSQL. Pass the event store's PGlite instance (`pglite`) to keep both in
 * one database: a PGlite instance is one connection, and two instances cannot share a data directory.
 */
export const createPgliteReadModels = async (
  options: PgliteReadModelsConnection & ReadModelsOptions = {},
): Promise<PostgresReadModels> => {
  if (options.pglite !== undefined) return openReadModels(pgliteClient(options.pglite, false), options);
  const db = await startPglite(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  return openReadModels(pgliteClient(db, true), options);
};
