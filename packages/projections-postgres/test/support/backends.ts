import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
  pgClient,
  pgliteClient,
  type SqlClient,
} from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { openReadModels, type PostgresReadModels, type ReadModelsOptions } from "../../src/index.js";
import { PGLITE_OPEN_TIMEOUT_MS } from "./pglite.js";

/** The server the server suites use: `VPP_PG_URL`; unset, they are skipped (the PGlite suites always run). */
export const PG_URL = process.env.VPP_PG_URL;

/** A fresh schema name, so tests sharing a database never see each other's rows. */
export const randomSchema = (prefix = "rm"): string => `${prefix}_${randomBytes(6).toString("hex")}`;

/** A database the same tests run on: PGlite always, the server when VPP_PG_URL is set. */
export interface Backend {
  /** A client that the read models may use and never closes (the file's shared connection). */
  client(): SqlClient;
  /** Opens read models on a fresh schema (dropped after the file on the server). */
  open(options?: Omit<ReadModelsOptions, "schema">): Promise<PostgresReadModels>;
  /** A fresh schema name, dropped like those {@link open} uses. */
  freshSchema(): string;
  /** An event store on a fresh schema of the same database (closing it leaves the shared connection open). */
  openStorage(): Promise<PostgresStorage>;
}

/** A backend's name, whether it runs, and how to set it up inside a describe. */
export interface BackendKind {
  readonly name: string;
  readonly enabled: boolean;
  readonly setup: () => Backend;
}

interface Started {
  readonly client: SqlClient;
  readonly storage: (schema: string) => Promise<PostgresStorage>;
  readonly stop: (schemas: string[]) => Promise<void>;
}

const backend = (start: () => Promise<Started>): Backend => {
  let started: Started | undefined;
  const schemas: string[] = [];
  beforeAll(async () => {
    started = await start();
  }, PGLITE_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await started?.stop(schemas);
  });
  const current = () => {
    if (started === undefined) throw new Error("backend not started: use it inside a test or hook");
    return started;
  };
  const client = () => current().client;
  const freshSchema = () => {
    const schema = randomSchema();
    schemas.push(schema);
    return schema;
  };
  return {
    client,
    freshSchema,
    open: (options = {}) => openReadModels(client(), { ...options, schema: freshSchema() }),
    openStorage: () => current().storage(freshSchema()),
  };
};

/** The backends every suite of this package runs on. */
export const BACKENDS: ReadonlyArray<BackendKind> = [
  {
    name: "PGlite",
    enabled: true,
    setup: () =>
      backend(async () => {
        const db = await PGlite.create();
        return {
          client: pgliteClient(db, false),
          storage: (schema) => createPgliteEventStore({ pglite: db, schema }),
          stop: () => db.close(),
        };
      }),
  },
  {
    name: "PostgreSQL server",
    enabled: PG_URL !== undefined,
    setup: () =>
      backend(async () => {
        const pool = new pg.Pool({ connectionString: PG_URL, max: 8 });
        pool.on("error", () => undefined);
        return {
          client: pgClient(pool, false),
          storage: (schema) => createPostgresEventStore({ pool, schema }),
          stop: async (schemas) => {
            for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            await pool.end();
          },
        };
      }),
  },
];
