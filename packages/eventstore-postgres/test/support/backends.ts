import { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
  type StorageOptions,
} from "../../src/index.js";
import type { SqlClient, SqlParam, SqlRow } from "../../src/sql/client.js";
import { pgClient } from "../../src/sql/pg-client.js";
import { pgliteClient } from "../../src/sql/pglite-client.js";
import { PGLITE_OPEN_TIMEOUT_MS } from "./pglite.js";
import { randomSchema } from "./random-schema.js";
import { dropSchema, PG_URL, testPool } from "./server.js";

/** A database to run the same tests on: PGlite always, the server when VPP_PG_URL is set. */
export interface Backend {
  /** A side channel to the same database, for hand edits (corrupt rows) and inspection. */
  readonly client: SqlClient;
  /** Opens the store on a fresh random schema, dropped after the file's tests. */
  open(options?: Omit<StorageOptions, "schema">): Promise<PostgresStorage>;
  /**
   * Opens another storage on an existing schema, as a restarted process would: on the server over a new pool
   * of its own (ended by its `close()`), on PGlite over the same instance (one database per instance).
   */
  reopen(schema: string): Promise<PostgresStorage>;
  /**
   * A client that owns its connection, so a storage's `close()` really ends it: on the server a new pool, on
   * PGlite the file's shared instance itself, so use it in a file's last test.
   */
  owningClient(): SqlClient;
  /** A fresh random schema name, dropped after the file's tests like those {@link open} uses. */
  freshSchema(): string;
  sql(text: string, params?: ReadonlyArray<SqlParam>): Promise<ReadonlyArray<SqlRow>>;
}

/** How to register a backend's lifecycle hooks in the enclosing describe. */
export interface BackendKind {
  readonly name: string;
  readonly enabled: boolean;
  readonly setup: () => Backend;
}

const lifecycle = (
  start: () => Promise<{
    client: SqlClient;
    open: (schema: string, o: StorageOptions) => Promise<PostgresStorage>;
    reopen: (schema: string) => Promise<PostgresStorage>;
    owningClient: () => SqlClient;
  }>,
  stop: (schemas: string[], client: SqlClient) => Promise<void>,
): Backend => {
  let started: Awaited<ReturnType<typeof start>> | undefined;
  const schemas: string[] = [];
  const current = () => {
    if (started === undefined) throw new Error("backend not started: use it inside a test or hook");
    return started;
  };
  // Starting the PGlite backend is a PGlite open: it gets an open's budget (support/pglite.ts).
  beforeAll(async () => {
    started = await start();
  }, PGLITE_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    if (started !== undefined) await stop(schemas, started.client);
  });
  return {
    get client() {
      return current().client;
    },
    open: async (options = {}) => {
      const schema = randomSchema();
      schemas.push(schema);
      return current().open(schema, { ...options, schema });
    },
    reopen: (schema) => current().reopen(schema),
    owningClient: () => current().owningClient(),
    freshSchema: () => {
      const schema = randomSchema();
      schemas.push(schema);
      return schema;
    },
    sql: (text, params) => current().client.query(text, params),
  };
};

const pgliteBackend = (): Backend => {
  let db: PGlite | undefined;
  return lifecycle(
    async () => {
      const instance = await PGlite.create();
      db = instance;
      return {
        client: pgliteClient(instance, false),
        open: (_schema, options) => createPgliteEventStore({ ...options, pglite: instance }),
        reopen: (schema) => createPgliteEventStore({ pglite: instance, schema, migrate: false }),
        owningClient: () => pgliteClient(instance, true),
      };
    },
    async () => {
      // A last test may have ended it through an owning client.
      if (db !== undefined && !db.closed) await db.close();
    },
  );
};

const serverBackend = (): Backend => {
  let pool: pg.Pool | undefined;
  return lifecycle(
    async () => {
      const shared = testPool(20);
      pool = shared;
      return {
        client: pgClient(shared, false),
        open: (_schema, options) => createPostgresEventStore({ ...options, pool: shared }),
        reopen: (schema) =>
          createPostgresEventStore({ connectionString: PG_URL!, schema, migrate: false, maxConnections: 2 }),
        owningClient: () => pgClient(testPool(4), true),
      };
    },
    async (schemas) => {
      if (pool === undefined) return;
      for (const schema of schemas) await dropSchema(pool, schema);
      await pool.end();
    },
  );
};

/** The backends every adapter-level suite runs on. */
export const BACKENDS: ReadonlyArray<BackendKind> = [
  { name: "PGlite", enabled: true, setup: pgliteBackend },
  { name: "PostgreSQL server", enabled: PG_URL !== undefined, setup: serverBackend },
];
