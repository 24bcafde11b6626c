import { type SqlExecutor, SqlFailure, sqlState } from "@vpp-ledger/eventstore-postgres";
import { latestMigration, READ_MODEL_MIGRATIONS, type ReadModelMigration } from "./migrations.js";
import { ReadModelSchemaTooNew } from "./schema-too-new.js";

/** What `migrateReadModels` did. */
export interface ReadModelMigrationReport {
  readonly schema: string;
  /** Migration version found before running (0: a fresh schema). */
  readonly from: number;
  /** Migration version after running. */
  readonly to: number;
  /** Versions applied by this call; empty when the schema was current (or another process migrated it). */
  readonly applied: ReadonlyArray<number>;
}

// Its own table, not the event store's `migrations`: the read models may share the event store's schema, and
// their history is versioned apart from the log's.
const table = (schema: string) => `"${schema}".read_model_migrations`;

/** The schema's read-model migration version: 0 when the schema or the migrations table does not exist yet. */
export const readModelSchemaVersion = async (db: SqlExecutor, schema: string): Promise<number> => {
  try {
    const rows = await db.query(`SELECT coalesce(max(version), 0) AS version FROM ${table(schema)}`);
    return Number(rows[0]?.version ?? 0);
  } catch (error) {
    // 42P01: no such table, 3F000: no such schema. Anything else (a lost connection) is a real failure.
    const state = stateOf(error);
    if (state === "42P01" || state === "3F000") return 0;
    throw error;
  }
};

/** The SQLSTATE of a driver error, or of the one a port error keeps as its cause (the guarded client's). */
const stateOf = (error: unknown): string | undefined =>
  sqlState(error) ??
  (error instanceof Error && error.cause instanceof SqlFailure ? error.cause.sqlState : undefined);

/** Throws {@link ReadModelSchemaTooNew} when the schema is beyond what `migrations` knows; returns its version. */
export const assertReadModelsNotNewer = async (
  db: SqlExecutor,
  schema: string,
  migrations: ReadonlyArray<ReadModelMigration> = READ_MODEL_MIGRATIONS,
): Promise<number> => {
  const found = await readModelSchemaVersion(db, schema);
  const known = latestMigration(migrations);
  if (found > known) throw new ReadModelSchemaTooNew(schema, found, known);
  return found;
};

/**
 * Creates or upgrades the read models in `schema`, all pending steps in one transaction (DDL is transactional in
 * PostgreSQL: a failing step leaves the schema as it was), under an advisory lock keyed by the schema, taken
 * before `CREATE SCHEMA IF NOT EXISTS` (which itself races): processes starting together migrate once.
 */
export const migrateReadModels = async (
  db: { transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> },
  schema: string,
  migrations: ReadonlyArray<ReadModelMigration> = READ_MODEL_MIGRATIONS,
): Promise<ReadModelMigrationReport> =>
  db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `vpp-ledger:read-models:migrate:${schema}`,
    ]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${table(schema)} (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT statement_timestamp()
       )`,
    );
    const from = await assertReadModelsNotNewer(tx, schema, migrations);
    const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      for (const statement of migration.statements(schema)) await tx.query(statement);
      await tx.query(`INSERT INTO ${table(schema)} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    return {
      schema,
      from,
      to: Math.max(from, latestMigration(migrations)),
      applied: pending.map((m) => m.version),
    };
  });
