import { isLedgerError } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { createPgliteEventStore, createPostgresEventStore, SchemaTooNew } from "../src/index.js";
import { migrateSchema, readSchemaVersion } from "../src/schema/migrate.js";
import { MIGRATIONS, type Migration } from "../src/schema/migrations.js";
import { pgClient } from "../src/sql/pg-client.js";
import { pgliteClient } from "../src/sql/pglite-client.js";
import { testEvents } from "./support/events.js";
import { sharedPglite } from "./support/pglite.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const db = sharedPglite();
/** The version every fresh schema ends at; test migrations come after it. */
const LATEST = MIGRATIONS.length;
const ALL_VERSIONS = MIGRATIONS.map((migration) => migration.version);

const addNote: Migration = {
  version: LATEST + 1,
  name: "test: a note column",
  statements: (schema) => [`ALTER TABLE "${schema}".events ADD COLUMN note text`],
};

const tables = async (schema: string): Promise<string[]> =>
  (
    await db().query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
      [schema],
    )
  ).rows.map((row) => row.name);

describe("migrations (PGlite)", () => {
  it("create the schema, its tables and the migrations record on a fresh database", async () => {
    const schema = randomSchema();
    const storage = await createPgliteEventStore({ pglite: db(), schema });
    expect(await tables(schema)).toEqual([
      "checkpoints",
      "events",
      "leases",
      "migrations",
      "parked_streams",
      "snapshots",
      "streams",
      "workflow_states",
    ]);
    expect(await readSchemaVersion(pgliteClient(db(), false), schema)).toBe(MIGRATIONS.length);
    expect(await storage.migrate()).toEqual({ schema, from: LATEST, to: LATEST, applied: [] });
  });

  it("re-run idempotently: opening again applies nothing and keeps the events", async () => {
    const schema = randomSchema();
    const first = await createPgliteEventStore({ pglite: db(), schema });
    await first.store.appendToStream("s-1", testEvents("c1", 3), { expectedVersion: "no_stream" });
    const second = await createPgliteEventStore({ pglite: db(), schema });
    expect(await second.migrate()).toMatchObject({ from: LATEST, to: LATEST, applied: [] });
    expect(await second.store.streamVersion("s-1")).toBe(3n);
  });

  it("apply only the migrations a schema lacks, in order", async () => {
    const schema = randomSchema();
    const client = pgliteClient(db(), false);
    expect(await migrateSchema(client, schema, MIGRATIONS.slice(0, 1))).toEqual({
      schema,
      from: 0,
      to: 1,
      applied: [1],
    });
    expect(await migrateSchema(client, schema, [...MIGRATIONS, addNote])).toEqual({
      schema,
      from: 1,
      to: LATEST + 1,
      applied: [...ALL_VERSIONS.slice(1), LATEST + 1],
    });
    const columns = await db().query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'note'",
      [schema],
    );
    expect(columns.rows).toHaveLength(1);
  });

  it("roll back every step when one fails: the schema stays at its version", async () => {
    const schema = randomSchema();
    const client = pgliteClient(db(), false);
    const broken: Migration = {
      version: LATEST + 2,
      name: "broken",
      statements: () => ["SELECT * FROM no_such_table"],
    };
    await expect(migrateSchema(client, schema, [...MIGRATIONS, addNote, broken])).rejects.toMatchObject({
      code: "42P01",
    });
    expect(await readSchemaVersion(client, schema)).toBe(0);
    expect(await tables(schema)).toEqual([]);
  });

  it("refuse a schema migrated by a newer library with a typed schema-too-new error", async () => {
    const schema = randomSchema();
    await createPgliteEventStore({ pglite: db(), schema });
    await db().query(`INSERT INTO "${schema}".migrations (version, name) VALUES (99, 'from the future')`);
    for (const migrate of [true, false]) {
      const opening = createPgliteEventStore({ pglite: db(), schema, migrate });
      await expect(opening).rejects.toBeInstanceOf(SchemaTooNew);
      const error = await opening.catch((e: unknown) => e);
      expect(isLedgerError(error, "schema-too-new")).toBe(true);
      expect(error).toMatchObject({ schema, found: 99, known: MIGRATIONS.length, retryable: false });
      expect((error as Error).message).toMatch(/upgrade the library/);
    }
    expect(db().closed).toBe(false);
  });

  it("with migrate: false, leave a fresh database untouched", async () => {
    const schema = randomSchema();
    const storage = await createPgliteEventStore({ pglite: db(), schema, migrate: false });
    expect(await tables(schema)).toEqual([]);
    expect(await storage.migrate()).toMatchObject({ from: 0, to: LATEST, applied: ALL_VERSIONS });
  });

  it("reject an invalid schema name before any SQL runs", async () => {
    await expect(
      createPgliteEventStore({ pglite: db(), schema: 'x"; DROP SCHEMA public; --' }),
    ).rejects.toThrow(TypeError);
  });
});

describe.runIf(PG_URL)("migrations (PostgreSQL server)", () => {
  it("two pools migrating the same schema at once: one applies, the other waits and finds it done", async () => {
    const schema = randomSchema();
    const pools = [testPool(2), testPool(2), testPool(2), testPool(2)];
    try {
      const reports = await Promise.all(
        pools.map((pool) => migrateSchema(pgClient(pool, false), schema, MIGRATIONS)),
      );
      expect(reports.map((report) => report.applied.length).sort()).toEqual([0, 0, 0, LATEST]);
      const rows = await pools[0]!.query(`SELECT version FROM "${schema}".migrations ORDER BY 1`);
      expect(rows.rows).toEqual(ALL_VERSIONS.map((version) => ({ version })));
    } finally {
      await dropSchema(pools[0]!, schema);
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("open from a connection string, and refuse a newer schema there too", async () => {
    const schema = randomSchema();
    const pool = testPool(1);
    try {
      const storage = await createPostgresEventStore({
        connectionString: PG_URL!,
        schema,
        maxConnections: 2,
      });
      await storage.close();
      await pool.query(`INSERT INTO "${schema}".migrations (version, name) VALUES ($1, 'newer')`, [
        LATEST + 1,
      ]);
      await expect(createPostgresEventStore({ pool, schema })).rejects.toMatchObject({
        code: "schema-too-new",
        found: LATEST + 1,
      });
    } finally {
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
