import { validateSchemaName } from "../schema/identifier.js";
import type { SqlClient } from "../sql/client.js";

/** An account's sync cursor, as `@vpp-ledger/apple-sync` keeps it (every field optional). */
export interface AppleSyncCursor {
  readonly assignmentsVersionId?: string;
  readonly usersVersionId?: string;
  readonly fullAt?: string;
  readonly locationUId?: string;
}

const FIELDS = ["assignmentsVersionId", "usersVersionId", "fullAt", "locationUId"] as const;

/** Keeps the cursor's known string fields; anything else read back (a hand edit) is dropped, not trusted. */
const cursorOf = (value: unknown): AppleSyncCursor => {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  const cursor: { -readonly [K in (typeof FIELDS)[number]]?: string } = {};
  if (typeof parsed !== "object" || parsed === null) return cursor;
  for (const field of FIELDS) {
    const fieldValue = (parsed as Record<string, unknown>)[field];
    if (typeof fieldValue === "string") cursor[field] = fieldValue;
  }
  return cursor;
};

/**
 * Each account's sync cursor in the `apple_sync_cursors` table (created by `ensureAppleBudgetSchema`), so
 * any host process's next sync of the account reads incrementally from where the last one finished.
 * Structurally a `SyncCursorStore` of `@vpp-ledger/apple-sync`: pass it as the sync's `cursors`.
 */
export class PostgresSyncCursorStore {
  private readonly schema: string;

  constructor(
    private readonly db: Pick<SqlClient, "transaction">,
    schema: string,
  ) {
    this.schema = validateSchemaName(schema);
  }

  /** The account's cursor, if a sync saved one. */
  async load(tenantId: string): Promise<AppleSyncCursor | undefined> {
    const rows = await this.db.transaction((tx) =>
      tx.query(`SELECT cursor FROM "${this.schema}".apple_sync_cursors WHERE tenant_id = $1`, [tenantId]),
    );
    return rows[0] === undefined ? undefined : cursorOf(rows[0].cursor);
  }

  /** Replaces the account's cursor. */
  async save(tenantId: string, cursor: AppleSyncCursor): Promise<void> {
    await this.db.transaction((tx) =>
      tx.query(
        `INSERT INTO "${this.schema}".apple_sync_cursors (tenant_id, cursor, saved_at)
         VALUES ($1, $2::jsonb, clock_timestamp())
         ON CONFLICT (tenant_id) DO UPDATE SET cursor = excluded.cursor, saved_at = excluded.saved_at`,
        [tenantId, JSON.stringify(cursorOf(cursor))],
      ),
    );
  }
}
