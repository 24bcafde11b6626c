import { randomBytes } from "node:crypto";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
} from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
// The PGlite helper shared with the eventstore-postgres tests (resolves PGlite from that package).
import { sharedPglite } from "../../../../eventstore-postgres/test/support/pglite.js";
import { onTestEnd } from "./harness.js";

export const PG_URL = process.env.VPP_PG_URL;

const freshSchema = () => `sync_${randomBytes(6).toString("hex")}`;

/**
 * One PGlite for the file, opened in a hook with an open's budget (see sharedPglite); each test gets a fresh
 * schema on it, so the tests' own timeouts measure only the sync and delivery they run.
 */
const pgliteBackend = (): (() => Promise<PostgresStorage>) => {
  const db = sharedPglite();
  return async () => {
    const storage = await createPgliteEventStore({ pglite: db(), schema: freshSchema() });
    onTestEnd(() => storage.close());
    return storage;
  };
};

const openServer = async (): Promise<PostgresStorage> => {
  const schema = freshSchema();
  const storage = await createPostgresEventStore({
    connectionString: PG_URL ?? "",
    schema,
    maxConnections: 8,
  });
  onTestEnd(async () => {
    await storage.close();
    const pool = new pg.Pool({ connectionString: PG_URL });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return storage;
};

/** Each backend registers its hooks in the describe it is set up in and returns how a test opens storage. */
export const backends = [
  { name: "PGlite", enabled: true, setup: pgliteBackend },
  { name: "PostgreSQL server", enabled: PG_URL !== undefined, setup: () => openServer },
].filter((backend) => backend.enabled);
