import type { SqlExecutor } from "../sql/client.js";
import { sqlState } from "../sql/errors.js";
import type { Migration } from "./migrations.js";
import { SchemaTooNew } from "./schema-too-new.js";

/** What `migrateSchema` did. */
export interface MigrationReport {
  readonly schema: string;
  /** Migration version found before running (0: a fresh schema). */
  readonly from: number;
  /** Migration version after running: the latest this library knows. */
  readonly to: number;
  /** Versions applied by this call; empty when the schema was already current (or another process won). */
  readonly applied: ReadonlyArray<number>;
}

const latestOf = (migrations: ReadonlyArray<Migration>): number =>
  migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);

/** The schema's migration version: 0 when the schema or its migrations table does not exist yet. */
export const readSchemaVersion = async (db: SqlExecutor, schema: string): Promise<number> => {
  try {
    const rows = await db.query(`SELECT coalesce(max(version), 0) AS version FROM "${schema}".migrations`);
    return Number(rows[0]?.version ?? 0);
  } catch (error) {
    // 42P01: no such table, 3F000: no such schema. Anything else (a lost connection) is a real failure.
    if (sqlState(error) === "42P01" || sqlState(error) === "3F000") return 0;
    throw error;
  }
};

/** Throws {@link SchemaTooNew} when the schema was migrated beyond what `migrations` knows. */
export const assertSchemaNotNewer = async (
  db: SqlExecutor,
  schema: string,
  migrations: ReadonlyArray<Migration>,
): Promise<number> => {
  const found = await readSchemaVersion(db, schema);
  const known = latestOf(migrations);
  if (found > known) throw new SchemaTooNew(schema, found, known);
  return found;
};

/**
 * Creates or upgrades `schema` to the latest of `migrations`, all in one transaction (PostgreSQL DDL is
 * transactional: a failed step leaves the schema as it was). An advisory lock keyed by the schema name
 * serialises processes that start together: the second waits, then finds the work done. Refuses a schema
 * newer than `migrations` with {@link SchemaTooNew}.
 */
export const migrateSchema = async (
  db: { transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> },
  schema: string,
  migrations: ReadonlyArray<Migration>,
): Promise<MigrationReport> =>
  db.transaction(async (tx) => {
    // Taken before CREATE SCHEMA IF NOT EXISTS, which itself races (two creators: a unique violation).
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`vpp-ledger:migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT statement_timestamp()
       )`,
    );
    const from = await assertSchemaNotNewer(tx, schema, migrations);
    const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      for (const statement of migration.statements(schema)) await tx.query(statement);
      await tx.query(`INSERT INTO "${schema}".migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    return { schema, from, to: Math.max(from, latestOf(migrations)), applied: pending.map((m) => m.version) };
  });
