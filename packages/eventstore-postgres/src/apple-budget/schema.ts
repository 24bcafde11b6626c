import { validateSchemaName } from "../schema/identifier.js";
import type { SqlClient } from "../sql/client.js";

/**
 * Creates the Apple budget's tables in `schema` if missing: request slots per token, and each account's sync
 * cursor. Kept apart from the event store's numbered migrations: a host that never talks to Apple never gets
 * them. One transaction under an advisory lock, so processes starting together create them once.
 */
export const ensureAppleBudgetSchema = (
  db: Pick<SqlClient, "transaction">,
  schemaName: string,
): Promise<void> => {
  const schema = validateSchemaName(schemaName);
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `vpp-ledger:apple-budget:${schema}`,
    ]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // One row per request a process sent on a token: in flight until finished_at, then counted one window.
    await tx.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".apple_request_slots (
         id bigserial PRIMARY KEY,
         token text NOT NULL,
         sent_at timestamptz NOT NULL,
         finished_at timestamptz
       )`,
    );
    await tx.query(
      `CREATE INDEX IF NOT EXISTS apple_request_slots_token ON "${schema}".apple_request_slots (token, finished_at)`,
    );
    await tx.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".apple_sync_cursors (
         tenant_id text PRIMARY KEY,
         cursor jsonb NOT NULL,
         saved_at timestamptz NOT NULL
       )`,
    );
  });
};
